#!/bin/sh
# load.sh: 1,000 concurrent loopback clients (tests/load/loadcli.c), each
# echoing 1,000 lines, against the book's tcpserv04 (fork per client, SIGCHLD
# reaping with waitpid) and tcpservselect01 (one process, select).  Every
# echoed byte is checked; afterwards no zombie (and no child at all) may be
# left behind tcpserv04.  The servers use the fixed port 9877, so each run
# gets its own network namespace (root only; SKIPPED otherwise).
#
#   MODE=test  (default) both servers built on liblnp.a, once each: PASS/FAIL
#   MODE=bench both servers on liblnp.a and on benches/c/ref.c, REPS (3)
#              interleaved runs each, median throughput and the ratio lnp/C
#   CLIENTS=1000 LINES=1000 LOAD_SAN="<sanitizer flags>" (servers built with
#   them, e.g. by make check-asan)
# Closing line: "load: N passed, N failed", or "load: SKIPPED (reason)".
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
MODE=${MODE:-test}
CLIENTS=${CLIENTS:-1000}
LINES=${LINES:-1000}
REPS=${REPS:-3}
SAN=${LOAD_SAN:-}
EX=c-examples

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null 2>&1; then
    echo "load: SKIPPED (needs root and iproute2 for a private network namespace)"
    exit 0
fi
if [ ! -f "$EX/tcpserv04.c" ] || [ ! -f "$EX/tcpservselect01.c" ]; then
    echo "load: SKIPPED (c-examples/tcpserv04.c or tcpservselect01.c missing)"
    exit 0
fi

work=$(mktemp -d)
ns=lnp_load_$$
spid=""
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT; trap 'exit 1' INT TERM

CFLAGS="-Wall -g -O1 $SAN"
set -e
cc -O2 -Wall -o "$work/loadcli" tests/load/loadcli.c
for impl in lnp c; do
    [ "$impl" = c ] && [ "$MODE" != bench ] && continue
    if [ "$impl" = lnp ]; then lib="build/lib/liblnp.a -lpthread"; else lib="benches/c/ref.c"; fi
    cc $CFLAGS -w -Iinclude -o "$work/tcpserv04.$impl" $EX/tcpserv04.c $EX/sigchldwaitpid.c $EX/str_echo.c $lib -Wl,--gc-sections
    cc $CFLAGS -w -Iinclude -o "$work/tcpservselect01.$impl" $EX/tcpservselect01.c $lib -Wl,--gc-sections
done
set +e

# Children of $1 (pid), and how many of them are zombies.
children() { for s in /proc/[0-9]*/stat; do sed -n "s/^[0-9]* ([^)]*) \([A-Z]\) $1 .*/\1/p" "$s" 2>/dev/null; done; }

passes=0 fails=0
# run_one SERVER IMPL: one server in a fresh namespace; prints the LOAD line.
run_one() {
    ip netns add "$ns" || return 1
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sh -c "ulimit -n 4096 2>/dev/null; exec '$work/$1.$2'" > "$work/server.out" 2> "$work/server.err" &
    spid=$!
    ip netns exec "$ns" "$work/loadcli" 127.0.0.1 9877 "$CLIENTS" "$LINES" 240 > "$work/client.out" 2> "$work/client.err"
    rc=$?
    why=""
    [ "$rc" -eq 0 ] || why="client exit $rc: $(cat "$work/client.err")"
    if [ -z "$why" ] && [ "$1" = tcpserv04 ]; then
        # Every child exits after its client's EOF and is reaped by sig_chld.
        i=0
        while [ -n "$(children "$spid")" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        left=$(children "$spid" | wc -l); zombies=$(children "$spid" | grep -c Z)
        [ "$left" -eq 0 ] || why="$left children left behind tcpserv04 ($zombies zombies)"
    fi
    if ! kill -0 "$spid" 2>/dev/null; then
        why="${why:+$why; }server died: $(cat "$work/server.err")"
    fi
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; spid=""
    [ -s "$work/server.err" ] && [ -z "$why" ] && why="server stderr: $(head -c 300 "$work/server.err")"
    ip netns del "$ns"
    if [ -n "$why" ]; then
        echo "FAIL load $1 ($2): $why"
        return 1
    fi
    cat "$work/client.out"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for server in tcpserv04 tcpservselect01; do
    if [ "$MODE" = bench ]; then
        : > "$work/lnp.rates"; : > "$work/c.rates"
        r=1
        while [ "$r" -le "$REPS" ]; do
            for impl in lnp c; do
                line=$(run_one "$server" "$impl") || { fails=$((fails + 1)); continue; }
                echo "$line" | sed -n 's/.* mbps=\([0-9.]*\).*/\1/p' >> "$work/$impl.rates"
            done
            r=$((r + 1))
        done
        l=$(median < "$work/lnp.rates"); c=$(median < "$work/c.rates")
        awk -v s="$server" -v l="$l" -v c="$c" -v n="$CLIENTS" -v m="$LINES" 'BEGIN {
            printf "load %-16s %d clients x %d lines: lnp %.2f MB/s, C %.2f MB/s, lnp/C %.3f\n", s, n, m, l, c, (c > 0 ? l / c : 0) }'
    else
        if line=$(run_one "$server" lnp); then
            echo "PASS load $server: $line"
            passes=$((passes + 1))
        else
            echo "$line"
            fails=$((fails + 1))
        fi
    fi
done
[ "$MODE" = bench ] || echo "load: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
