#!/bin/sh
# The series applies without fuzz to Debian's 2.6.14 source package.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools apt-get dpkg-source
series_applies debian ||
    skip_or_fail "Debian's source package could not be fetched (see above)"
finish
