#!/bin/sh
# --up script of the clients of upstream's t_server_null.sh (--dev null):
# ends the client with SIGTERM some seconds after it came up, so that the
# test sees complete sessions. The 2.7.7 release tarball lacks the script
# of this name that t_server_null_default.rc names; scripts/run-checks
# puts this one in its place. $pid is the client's --writepid file
# (t_server_null_client.sh passes it with --setenv).
set -eu
client=$(cat "${pid:?no pid file given}")
# in the background, and with no file of openvpn's kept open
(sleep 5 && kill -TERM "$client") </dev/null >/dev/null 2>&1 &
