#!/bin/sh
# The series applies without fuzz to upstream v2.6.22 (git), when the
# submodule is initialized or OPENVPN_PF_GIT names a repository with it.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools git
# not having the git base is normal here (no GitHub): a skip, also in CI
series_applies git ||
    skip "base v2.6.22 not available: no initialized submodule upstream/ and no OPENVPN_PF_GIT"
finish
