#!/bin/bash
# The chapter 5 echo scenario with LNP_TRACE=1: tcpserv04 (fork per client,
# SIGCHLD handler) and tcpcli01 echoing two lines; every line of the trace
# goes to one file (LNP_TRACE_FILE), which is printed at the end.
# As root it runs in a network namespace of its own; otherwise on the host's
# loopback (port 9877 must be free). Usage: trace-demo.sh BIN-DIR
set -u
bin=$1
for fd in $(seq 3 19); do eval "exec $fd>&-"; done   # the book's descriptor numbers
trace=$(mktemp)
ns=""
if [ "$(id -u)" -eq 0 ] && ip netns add lnpdemo$$ 2>/dev/null; then
    ns=lnpdemo$$
    ip netns exec $ns ip link set lo up
fi
run=(); [ -n "$ns" ] && run=(ip netns exec "$ns")   # ip netns exec execs the program: $! is its pid
srv=""
trap '[ -n "$srv" ] && kill $srv 2>/dev/null && wait $srv 2>/dev/null; [ -n "$ns" ] && ip netns del $ns; rm -f "$trace"' EXIT
export LNP_TRACE=1 LNP_TRACE_FILE=$trace
"${run[@]}" "$bin/tcpserv04" &
srv=$!
sleep 0.3
echo "\$ printf 'hello, world\\nsecond line\\n' | tcpcli01 127.0.0.1"
printf 'hello, world\nsecond line\n' | "${run[@]}" "$bin/tcpcli01" 127.0.0.1
sleep 0.3
echo "--- LNP_TRACE=1 (server and client, one file) ---"
cat "$trace"
