#!/bin/sh
# size.sh: small book programs linked with liblnp.a the c-examples way
# (libc dynamic, -Wl,--gc-sections) must stay small once stripped: at most
# 64 KiB.  A program that reaches a Rust panic path links std's panic and
# backtrace printer (about 300 KB); benches/bloat.py shows the call path.
# Closing line: "size: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
limit=65536
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; trap 'exit 1' INT TERM
passes=0 fails=0
for spec in "daytimetcpcli:daytimetcpcli.c" "tcpcli01:tcpcli01.c str_cli.c" "tcpserv04:tcpserv04.c sigchldwaitpid.c str_echo.c" \
            "tcpservselect01:tcpservselect01.c" "udpcli01:udpcli01.c dg_cli.c" "udpcli09:udpcli09.c" \
            "tcpserv_thr:tcpserv_thr.c" "tcpcli_thr:tcpcli_thr.c" "prifinfo:prifinfo.c" \
            "udpcli_rtt:udpcli_rtt.c dg_send_recv.c"; do
    name=${spec%%:*}; srcs=""
    for f in ${spec#*:}; do srcs="$srcs c-examples/$f"; done
    [ -f "c-examples/${spec#*:}" ] || [ -f "c-examples/$name.c" ] || { echo "SKIPPED size $name: sources missing"; continue; }
    cc -w -g -O1 -Iinclude -o "$dir/$name" $srcs build/lib/liblnp.a -Wl,--gc-sections || { echo "FAIL size $name: link"; fails=$((fails + 1)); continue; }
    strip "$dir/$name"
    size=$(wc -c < "$dir/$name")
    if [ "$size" -le "$limit" ]; then
        echo "PASS size $name: $size bytes stripped"
        passes=$((passes + 1))
    else
        echo "FAIL size $name: $size bytes stripped, over $limit (python3 benches/bloat.py on the unstripped program shows the panic path)"
        fails=$((fails + 1))
    fi
done
echo "size: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
