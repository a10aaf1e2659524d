#!/bin/sh
# A program written for libsctp (libsctp_echo.c), built with -llnp instead of
# -lsctp, run in the guest: the one-to-many echo server and its client, then
# the server serving a peeled-off association.  Prints "libsctp: N passed, N failed".
cd /tmp
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
# expect NAME FILE : compare FILE with stdin
expect() {
    if cat > "$2.want" && cmp -s "$2" "$2.want"; then ok "$1"; else
        bad "$1"; echo "--- got:"; cat "$2"; echo "--- want:"; cat "$2.want"; fi
}
# wait (up to 5 s) until a socket listens on port $1 (state 10 = LISTEN)
listening() {
    i=0
    while [ $i -lt 100 ]; do
        [ -n "$(awk -v p="$1" '$4 == 10 && $6 == p' /proc/net/sctp/eps)" ] && return 0
        sleep 0.05; i=$((i + 1))
    done
    echo "no listener on $1"; return 1
}
B=/t

$B/libsctp_echo server 9901 > serv.out 2>&1 & SERV=$!
listening 9901
printf 'hello\nsecond line\nthird\n4th\nfive\nsix\n' | timeout 10 $B/libsctp_echo client 127.0.0.1 9901 > out 2>&1
expect "libsctp_echo client: each line echoed on its stream" out <<'W'
echo on stream 0, ppid 0: 0:hello
echo on stream 1, ppid 1: 1:second line
echo on stream 2, ppid 2: 2:third
echo on stream 3, ppid 3: 3:4th
echo on stream 4, ppid 4: 4:five
echo on stream 0, ppid 5: 5:six
W
kill "$SERV"; wait "$SERV" 2>/dev/null
expect "libsctp_echo server: sctp_recvv's rcvinfo" serv.out <<'W'
server: 7 bytes on stream 0 from 127.0.0.1
server: 13 bytes on stream 1 from 127.0.0.1
server: 7 bytes on stream 2 from 127.0.0.1
server: 5 bytes on stream 3 from 127.0.0.1
server: 6 bytes on stream 4 from 127.0.0.1
server: 5 bytes on stream 0 from 127.0.0.1
W

$B/libsctp_echo server peel 9902 > serv.out 2>&1 & SERV=$!
listening 9902
printf 'one\ntwo\n' | timeout 10 $B/libsctp_echo client 127.0.0.1 9902 > out 2>&1
expect "libsctp_echo client, peeled-off server" out <<'W'
echo on stream 0, ppid 0: 0:one
echo on stream 1, ppid 1: 1:two
W
i=0; while kill -0 "$SERV" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if kill -0 "$SERV" 2>/dev/null; then bad "peeled server exits when the association closes"; kill "$SERV"
else wait "$SERV"; [ $? = 0 ] && ok "peeled server exits when the association closes" \
    || bad "peeled server exit status"; fi
expect "libsctp_echo server peel: sctp_peeloff_flags" serv.out <<'W'
server (peeled): 5 bytes on stream 0 from 127.0.0.1
server (peeled): 5 bytes on stream 1 from 127.0.0.1
server (peeled): association closed
W

echo "libsctp: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
