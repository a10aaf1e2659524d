#!/bin/sh
# The netem stage (`make test-netem`): the reliable-UDP client of unprtt.h
# (c-examples/udpcli_rtt) over a link the kernel really delays and drops on.
# The sandbox kernel has no netem, so the programs are built static against
# build/lib/liblnp.a and run in one user-mode-linux boot (tests/sctp/run-uml.sh;
# the guest loads sch_netem and act_gact from the host's /usr).  Prints
# "netem: N passed, N failed", or SKIPPED without user-mode-linux.
set -u
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
BIN=tests/netem/bin
EX=c-examples
rm -rf "$BIN"
mkdir -p "$BIN"
build() {
    out=$1; shift
    $CC -Wall -O1 -Iinclude -static -o "$BIN/$out" "$@" build/lib/liblnp.a -lpthread 2>"$BIN/$out.log" ||
        { cat "$BIN/$out.log"; echo "netem: build of $out failed"; echo "netem: 0 passed, 1 failed"; exit 1; }
    rm -f "$BIN/$out.log"
}
build udpserv01 $EX/udpserv01.c $EX/dg_echo.c
build udpcli_rtt $EX/udpcli_rtt.c $EX/dg_send_recv.c
cp tests/netem/guest.sh "$BIN/"
log=$BIN/console.log
tests/sctp/run-uml.sh "$BIN" >"$log" 2>&1
rc=$?
grep -v '^LNP-SCTP-RESULT=' "$log"
if [ $rc -eq 77 ]; then
    echo "netem: SKIPPED (user-mode-linux or busybox-static missing: run scripts/install-deps.sh as root)"
    exit 0
fi
if ! grep -qE '^netem: [0-9]+ passed, [0-9]+ failed' "$log"; then
    echo "netem: the guest did not finish (status $rc)"
    echo "netem: 0 passed, 1 failed"
    exit 1
fi
[ $rc -eq 0 ]
