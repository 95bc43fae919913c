#!/bin/sh
# The series applies without fuzz to upstream git (v2.6.22 for series 2.6,
# v2.7.6 for 2.7 as a secondary check: its base is 2.7.7), when the
# submodule (2.6) is initialized or OPENVPN_PF_GIT names a repository
# with that tag.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools git
# shellcheck source=scripts/lib.sh
. "$S/lib.sh"
# not having the git base is normal here (no GitHub): a skip, also in CI
series_applies git ||
    skip "base $PF_GIT_TAG not available: no initialized submodule upstream/ and no OPENVPN_PF_GIT"
finish
