#!/bin/sh
# The series applies without fuzz to its packaged base: Debian's 2.6.14
# source package (series 2.6), or the 2.7.7 orig tarball of Debian's 2.7
# packages (series 2.7, whose .dsc cannot be had here).
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools apt-get
if [ "$(series_name)" = 2.6 ]; then
    need_tools dpkg-source
    kind=debian
else
    kind=orig
fi
series_applies "$kind" ||
    skip_or_fail "the base ($kind) could not be fetched (see above)"
finish
