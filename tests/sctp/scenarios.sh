#!/bin/sh
# The book's chapter 10 runs (sections 10.1-10.6; c-examples/README.md), in the guest.
# Every server binds SERV_PORT 9877: this kernel is ours alone.
cd /tmp
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
# expect NAME FILE : compare FILE (association ids replaced by ID) with stdin
expect() {
    sed 's/0x[0-9a-f]*/0xID/g' "$2" > "$2.norm"
    if cat > "$2.want" && cmp -s "$2.norm" "$2.want"; then ok "$1"; else
        bad "$1"; echo "--- got:"; cat "$2"; echo "--- want:"; cat "$2.want"; fi
}
# wait (up to 5 s) until a socket listens on SERV_PORT (state 10 = LISTEN)
listening() {
    i=0
    while [ $i -lt 100 ]; do
        [ -n "$(awk '$4 == 10 && $6 == 9877' /proc/net/sctp/eps)" ] && return 0
        sleep 0.05; i=$((i + 1))
    done
    echo "no listener on 9877"; return 1
}
serve() { "$@" > serv.out 2>&1 & SERV=$!; listening; }
stop() {
    if kill -0 "$SERV" 2>/dev/null; then kill "$SERV"; wait "$SERV" 2>/dev/null; return 0; fi
    wait "$SERV" 2>/dev/null; echo "server died:"; cat serv.out; return 1
}
B=/t

# #35 without a host argument
$B/sctpclient01 > out 2> err; st=$?
[ $st = 1 ] && printf "Missing host argument - use '/t/sctpclient01 host [echo]'\n\n" | cmp -s - err \
    && ok "sctpclient01 usage" || { bad "sctpclient01 usage (status $st)"; cat err; }

# #34 + #35/#36: replies come back on the next stream, seq numbers per stream, 9 wraps to 0
serve $B/sctpserv01
printf '[0]Hello\n[4]Message two\n[4]Message three\nno bracket\n[9]wrap\n' | timeout 10 $B/sctpclient01 127.0.0.1 > out 2>&1
expect "sctpserv01 + sctpclient01: stream increment" out <<'W'
From str:1 seq:0 (assoc:0xID):[0]Hello
From str:5 seq:0 (assoc:0xID):[4]Message two
From str:5 seq:1 (assoc:0xID):[4]Message three
Error, line must be of the form '[streamnum]text'
From str:0 seq:0 (assoc:0xID):[9]wrap
W
[ "$(sed -n 's/.*(assoc:\(0x[0-9a-f]*\)).*/\1/p' out | sort -u | wc -l)" = 1 ] \
    && ok "one association for the whole session" || bad "one association for the whole session"
$B/sctp_peer status > out 2>&1
expect "sctpserv01: 10 streams (SCTP_STATUS)" out <<'W'
echo str:1 [0]probe
instrms=10 outstrms=10
W
$B/sctp_peer watch > out 2>&1
expect "sctpserv01 keeps the association" out <<'W'
echo str:1 [0]probe
still up
W
stop && ok "sctpserv01 still running" || bad "sctpserv01 still running"

# #37: echo to all streams, server without stream increment ("sctpserv01 0")
serve $B/sctpserv01 0
printf 'Hi\n' | timeout 10 $B/sctpclient01 127.0.0.1 echo > out 2>&1
{ echo "Echoing messages to all streams"
  for i in 0 1 2 3 4 5 6 7 8 9; do echo "From str:$i se:0 (assoc: 0xID): Hi.msg. $i"; done; } > want.all
expect "sctpclient01 echo: every stream in order" out < want.all
# #38: two messages per stream, 20 replies
printf 'Hi\n' | timeout 10 $B/sctpclient01echo2 127.0.0.1 echo > out 2>&1
{ echo "Echoing messages to all streams"
  for i in 0 1 2 3 4 5 6 7 8 9; do
      echo "From str:$i se:0 (assoc: 0xID): Hi.msg.$i 1"; echo "From str:$i se:1 (assoc: 0xID): Hi.msg.$i 2"; done; } > want.all2
expect "sctp_strcliecho2: two messages per stream" out < want.all2
stop && ok "sctpserv01 0 still running" || bad "sctpserv01 0 still running"

# #39: sctpserv02 offers 20 outbound streams: [9] is answered on stream 10
# (the client itself still has 10 outbound streams: [10] is refused)
serve $B/sctpserv02
printf '[9]nine\n[9]again\n[10]ten\n' | timeout 10 $B/sctpclient01 127.0.0.1 > out 2>&1
expect "sctpserv02: stream 9 answered on 10" out <<'W'
From str:10 seq:0 (assoc:0xID):[9]nine
From str:10 seq:1 (assoc:0xID):[9]again
sctp_sendmsg error: Invalid argument
W
$B/sctp_peer status > out 2>&1
expect "sctpserv02: server outstrms 20 (client's SCTP_STATUS instrms)" out <<'W'
echo str:1 [0]probe
instrms=20 outstrms=10
W
stop && ok "sctpserv02 still running" || bad "sctpserv02 still running"

# #40: sctpserv03 replies with MSG_EOF: the reply arrives, then the association shuts down
serve $B/sctpserv03
$B/sctp_peer watch 3 > out 2>&1
expect "sctpserv03: reply then graceful shutdown" out <<'W'
echo str:4 [3]probe
shutdown complete
W
printf '[0]first\n' | timeout 10 $B/sctpclient01 127.0.0.1 > out 2>&1
printf '[0]second\n' | timeout 10 $B/sctpclient01 127.0.0.1 >> out 2>&1
expect "sctpserv03 + sctpclient01" out <<'W'
From str:1 seq:0 (assoc:0xID):[0]first
From str:1 seq:0 (assoc:0xID):[0]second
W
# the client closes as soon as it has the echo, racing the server's EOF: 30 rounds
i=0; n=0
while [ $i -lt 30 ]; do
    i=$((i + 1))
    printf '[1]round %d\n' $i | timeout 10 $B/sctpclient01 127.0.0.1 2>&1 | grep -q "^From str:2 seq:0 (assoc:0x[0-9a-f]*):\[1\]round $i\$" && n=$((n + 1))
done
[ $n = 30 ] && ok "sctpserv03: 30 clients closing at once" || bad "sctpserv03: 30 clients closing at once ($n answered)"
stop && ok "sctpserv03 still running" || bad "sctpserv03 still running"

# #41: sctpclient02 aborts the association with the cause "goodbye"
$B/sctp_abortwatch > serv.out 2>&1 & SERV=$!
listening
printf '[2]bye now\n' | timeout 10 $B/sctpclient02 127.0.0.1 > out 2>&1; st=$?
wait $SERV
[ $st = 0 ] && ok "sctpclient02 exits 0" || bad "sctpclient02 exits 0 (status $st)"
expect "sctpclient02 output" out <<'W'
From str:2 seq:0 (assoc:0xID):[2]bye now
W
expect "sctpclient02: the server sees COMM_LOST with cause goodbye" serv.out <<'W'
ready
COMM_LOST cause goodbye
W
# ... and with sctpserv01, which keeps serving other clients
serve $B/sctpserv01
printf '[0]x\n' | timeout 10 $B/sctpclient02 127.0.0.1 > /dev/null 2>&1
printf '[1]still there\n' | timeout 10 $B/sctpclient01 127.0.0.1 > out 2>&1
expect "sctpserv01 survives an aborted association" out <<'W'
From str:2 seq:0 (assoc:0xID):[1]still there
W
# no input: no association, Linux refuses the ABORT
timeout 10 $B/sctpclient02 127.0.0.1 < /dev/null > out 2> err; st=$?
[ $st = 1 ] && echo "sctp_sendmsg error: Invalid argument" | cmp -s - err \
    && ok "sctpclient02 without input: sctp_sendmsg error: Invalid argument" \
    || { bad "sctpclient02 without input (status $st)"; cat err; }
stop && ok "sctpserv01 still running after aborts" || bad "sctpserv01 still running after aborts"

# LNP_TRACE=sctp: the exact trace of one echo, client and server (pids become
# P, the client's ephemeral port PORT); the client's output is unchanged
serve env LNP_TRACE=sctp LNP_TRACE_FILE=/tmp/serv.trace $B/sctpserv01
printf '[0]Hello\n' | timeout 10 env LNP_TRACE=sctp LNP_TRACE_FILE=/tmp/cli.trace $B/sctpclient01 127.0.0.1 > out 2>&1
expect "LNP_TRACE: sctpclient01 output unchanged" out <<'W'
From str:1 seq:0 (assoc:0xID):[0]Hello
W
stop || true
sed -E -e 's/^\[lnp [0-9]+\]/[lnp P]/' -e 's/127\.0\.0\.1:(3[2-9][0-9]{3}|[4-6][0-9]{4})/127.0.0.1:PORT/g' /tmp/cli.trace > trace
expect "LNP_TRACE: sctpclient01 trace" trace <<'W'
[lnp P] Sctp_sendmsg(3, "[0]Hello\n", 9, 127.0.0.1:9877, 16, 0, 0, 0, 0, 0) = 9
[lnp P] Sctp_recvmsg(3, ..., 4096, 127.0.0.1:9877, ..., ..., ...) = 9 "[0]Hello\n"
W
sed -E -e 's/^\[lnp [0-9]+\]/[lnp P]/' -e 's/127\.0\.0\.1:(3[2-9][0-9]{3}|[4-6][0-9]{4})/127.0.0.1:PORT/g' /tmp/serv.trace > trace
expect "LNP_TRACE: sctpserv01 trace (stream incremented)" trace <<'W'
[lnp P] Sctp_recvmsg(3, ..., 8192, 127.0.0.1:PORT, ..., ..., ...) = 9 "[0]Hello\n"
[lnp P] sctp_get_no_strms(3, 127.0.0.1:PORT, 16) = 10
[lnp P] Sctp_sendmsg(3, "[0]Hello\n", 9, 127.0.0.1:PORT, 16, 0, 0, 1, 0, 0) = 9
W

# chapter 7's checkopts, with the SCTP options readable on this kernel
if [ -x $B/checkopts ]; then
    timeout 10 $B/checkopts > out 2>&1; st=$?
    if [ $st = 0 ] && grep -q '^SCTP_NODELAY: default = off$' out && grep -q '^SCTP_AUTOCLOSE: default = 0$' out \
        && ! grep -q 'error' out; then ok "checkopts runs to the end"; else bad "checkopts (status $st)"; cat out; fi
else
    echo "checkopts: SKIPPED (c-examples/checkopts.c not present)"
fi

echo "scenarios: $pass passed, $fail failed"
[ $fail = 0 ]
