#!/bin/bash
# LNP_TRACE and LNP_EXPLAIN on the book's programs, in a network namespace of
# this test's own: the exact trace of the chapter 5 echo scenario (fork,
# SIGCHLD), a UDP echo and a refused connect, with the programs linked
# against liblnp.a and against liblnp.so; that tracing leaves the
# programs' own stdout, stderr and exit status unchanged; and the explain
# line, English and Korean, for real failures and for every covered error.
# tests/trace/calls.c (address conversion, stdio, a signal delivered, threads,
# unprtt.h, unpifi.h, multicast, udp_client) is traced exactly too, and a
# stripped copy shows its signal handler as an address.
# Usage: run.sh STATIC-BIN-DIR SHARED-BIN-DIR EXPLAIN-PROGRAM CALLS-STATIC CALLS-SHARED
# Closing line "trace: N passed, N failed" (SKIPPED when not root).
set -u
static_bin=$1 shared_bin=$2 explain=$3 calls_static=$4 calls_shared=$5
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
if [ "$(id -u)" -ne 0 ]; then echo "trace: SKIPPED (needs root for a network namespace)"; exit 0; fi

# The programs start with only 0, 1 and 2 open, so descriptor numbers are the
# book's (under `flock ... make test` the lock's descriptor is inherited).
for fd in $(seq 3 19); do eval "exec $fd>&-"; done
# The explain tests choose the locale themselves.
unset LC_ALL LC_MESSAGES LANG
ns=lnptrace$$
tmp=$(mktemp -d)
trap 'ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del $ns 2>/dev/null; rm -rf "$tmp"' EXIT
ip netns add $ns && ip netns exec $ns ip link set lo up || { echo "trace: 0 passed, 1 failed"; exit 1; }
inns() { ip netns exec $ns env -u LISTENQ -u LNP_TRACE -u LNP_TRACE_FILE -u LNP_EXPLAIN "$@"; }

# Name each process by its place: the first pid is NAME, the children its
# Fork() results returned are NAME.1, NAME.2, ...; ephemeral ports become PORT.
# Lines are grouped by process (stable), since parent and child run concurrently.
normalize() { # name file
    awk -v first="$1" '
        NR == FNR {
            if (match($0, /^\[lnp [0-9]+\]/)) {
                pid = substr($0, 6, RLENGTH - 6)
                if (!(pid in label)) { if (n++ == 0) label[pid] = first; else label[pid] = "?" pid }
                if (match($0, /Fork\(\) = [0-9]+$/) && substr($0, RSTART + 9) + 0 > 0)
                    label[substr($0, RSTART + 9)] = label[pid] "." (++kids[pid])
            }
            next
        }
        match($0, /^\[lnp [0-9]+\]/) {
            pid = substr($0, 6, RLENGTH - 6)
            line = "[lnp " label[pid] "]" substr($0, RLENGTH + 1)
            if (match(line, /Fork\(\) = [0-9]+$/) && substr(line, RSTART + 9) + 0 > 0)
                line = substr(line, 1, RSTART + 8) label[substr(line, RSTART + 9)]
            print line; next
        }
        { print }' "$2" "$2" |
    sed -E 's/127\.0\.0\.1:(3[2-9][0-9]{3}|[4-6][0-9]{4})/127.0.0.1:PORT/g' |
    awk '{ split($2, p, "]"); print p[1] "\t" NR "\t" $0 }' | sort -t "$(printf '\t')" -k1,1 -k2,2n -s | cut -f3-
}

check_same() { # what want-file got-file
    if cmp -s "$2" "$3"; then ok; else bad "$1"; diff "$2" "$3" | head -20; fi
}

# Stop the servers this test started (the only processes in its namespace).
stop_servers() {
    ip netns pids $ns | xargs -r kill 2>/dev/null
    wait 2>/dev/null
}

wait_port() { # tcp|udp
    for _ in $(seq 50); do
        ip netns exec $ns ss -lnH "--$1" 2>/dev/null | grep -q ':9877 ' && return 0
        sleep 0.05
    done
}

for kind in static shared; do
    if [ $kind = static ]; then bin=$static_bin; else bin=$shared_bin; fi
    rm -f "$tmp"/*   # trace files are appended to

    # --- chapter 5: tcpserv04 + tcpcli01, one line echoed, SIGCHLD on the child's exit
    printf 'hello, world\n' > "$tmp/in"
    run_echo() { # tracefile-or-empty outprefix
        if [ -n "$1" ]; then cli=(LNP_TRACE=1 "LNP_TRACE_FILE=$1") s=(LNP_TRACE=1 "LNP_TRACE_FILE=$1.srv")
        else cli=() s=(); fi
        inns "${s[@]}" "$bin/tcpserv04" > "$2.srvout" 2>&1 &
        wait_port tcp
        inns "${cli[@]}" "$bin/tcpcli01" 127.0.0.1 < "$tmp/in" > "$2.out" 2> "$2.err"
        echo $? > "$2.rc"
        sleep 0.3   # the child's exit and SIGCHLD
        stop_servers
    }
    run_echo "" "$tmp/plain"
    run_echo "$tmp/echo.trace" "$tmp/traced"
    for f in out err rc; do check_same "$kind echo: client $f unchanged by the trace" "$tmp/plain.$f" "$tmp/traced.$f"; done
    sed 's/[0-9]\+/N/g' "$tmp/plain.srvout" > "$tmp/a"; sed 's/[0-9]\+/N/g' "$tmp/traced.srvout" > "$tmp/b"
    check_same "$kind echo: server output unchanged by the trace" "$tmp/a" "$tmp/b"
    cat > "$tmp/want" <<'T'
[lnp cli] Socket(AF_INET, SOCK_STREAM, 0) = 3
[lnp cli] Inet_pton(AF_INET, "127.0.0.1", ...) = 1
[lnp cli] Connect(3, 127.0.0.1:9877, 16) = 0
[lnp cli] Fgets(..., 4096, stdin) = "hello, world\n"
[lnp cli] Writen(3, "hello, world\n", 13) = 13
[lnp cli] Readline(3, ..., 4096) = 13 "hello, world\n"
[lnp cli] Fputs("hello, world\n", stdout) = 0
[lnp cli] Fgets(..., 4096, stdin) = NULL
T
    normalize cli "$tmp/echo.trace" > "$tmp/got"
    check_same "$kind echo: client trace" "$tmp/want" "$tmp/got"
    cat > "$tmp/want" <<'T'
[lnp srv] Socket(AF_INET, SOCK_STREAM, 0) = 3
[lnp srv] Bind(3, 0.0.0.0:9877, 16) = 0
[lnp srv] Listen(3, 1024) = 0
[lnp srv] Signal(SIGCHLD, sig_chld) = 0
[lnp srv] Fork() = srv.1
[lnp srv] Close(4) = 0
[lnp srv] signal SIGCHLD -> sig_chld
[lnp srv.1] Fork() = 0
[lnp srv.1] Close(3) = 0
[lnp srv.1] Writen(4, "hello, world\n", 13) = 13
T
    normalize srv "$tmp/echo.trace.srv" > "$tmp/got"
    check_same "$kind echo: server trace (fork, SIGCHLD)" "$tmp/want" "$tmp/got"

    # --- chapter 8: udpserv01 + udpcli01
    inns LNP_TRACE=1 LNP_TRACE_FILE="$tmp/udp.srv" "$bin/udpserv01" > /dev/null 2>&1 &
    wait_port udp
    printf 'hi\n' | inns LNP_TRACE=io LNP_TRACE_FILE="$tmp/udp.cli" "$bin/udpcli01" 127.0.0.1 > "$tmp/udp.out" 2>&1
    stop_servers
    check_same "$kind udp: client output" <(printf 'hi\n') "$tmp/udp.out"
    cat > "$tmp/want" <<'T'
[lnp cli] Fgets(..., 4096, stdin) = "hi\n"
[lnp cli] Sendto(3, "hi\n", 3, 0, 127.0.0.1:9877, 16) = 3
[lnp cli] Recvfrom(3, ..., 4096, 0, NULL, ...) = 3 "hi\n"
[lnp cli] Fputs("hi\n", stdout) = 0
[lnp cli] Fgets(..., 4096, stdin) = NULL
T
    normalize cli "$tmp/udp.cli" > "$tmp/got"
    check_same "$kind udp: client trace (LNP_TRACE=io: no Socket line)" "$tmp/want" "$tmp/got"
    cat > "$tmp/want" <<'T'
[lnp srv] Socket(AF_INET, SOCK_DGRAM, 0) = 3
[lnp srv] Bind(3, 0.0.0.0:9877, 16) = 0
[lnp srv] Recvfrom(3, ..., 4096, 0, 127.0.0.1:PORT, ...) = 3 "hi\n"
[lnp srv] Sendto(3, "hi\n", 3, 0, 127.0.0.1:PORT, 16) = 3
T
    normalize srv "$tmp/udp.srv" > "$tmp/got"
    check_same "$kind udp: server trace" "$tmp/want" "$tmp/got"

    # --- a refused connect: the trace line (with the error) comes before the book's message
    inns "$bin/tcpcli01" 127.0.0.1 < /dev/null > "$tmp/ref.plain" 2>&1; echo $? >> "$tmp/ref.plain"
    inns LNP_TRACE=1 LNP_TRACE_FILE="$tmp/ref.trace" "$bin/tcpcli01" 127.0.0.1 < /dev/null > "$tmp/ref.traced" 2>&1
    echo $? >> "$tmp/ref.traced"
    check_same "$kind refused: output and status unchanged by the trace" "$tmp/ref.plain" "$tmp/ref.traced"
    check_same "$kind refused: the book's message" <(printf 'connect error: Connection refused\n1\n') "$tmp/ref.plain"
    inns LNP_TRACE=sock "$bin/tcpcli01" 127.0.0.1 < /dev/null > /dev/null 2> "$tmp/ref.err"
    sed 's/^\[lnp [0-9]*\]/[lnp cli]/' "$tmp/ref.err" > "$tmp/got"
    cat > "$tmp/want" <<'T'
[lnp cli] Socket(AF_INET, SOCK_STREAM, 0) = 3
[lnp cli] Connect(3, 127.0.0.1:9877, 16) = -1 ECONNREFUSED (Connection refused)
connect error: Connection refused
T
    check_same "$kind refused: trace on stderr, then the message" "$tmp/want" "$tmp/got"

    # --- explain mode on real failures, both languages
    inns LNP_EXPLAIN=1 LANG=C "$bin/tcpcli01" 127.0.0.1 < /dev/null > /dev/null 2> "$tmp/got"
    cat > "$tmp/want" <<'T'
connect error: Connection refused
[lnp explain] no server is listening on that address and port: start the server first, and check the IP address and port number (the server's and the client's must match).
T
    check_same "$kind explain: ECONNREFUSED from Connect (English)" "$tmp/want" "$tmp/got"
    inns LNP_EXPLAIN=1 LANG=ko_KR.UTF-8 "$bin/tcpcli01" 127.0.0.1 < /dev/null > /dev/null 2> "$tmp/got"
    cat > "$tmp/want" <<'T'
connect error: Connection refused
[lnp 설명] 그 주소와 포트에서 듣고(listen) 있는 서버가 없습니다. 서버를 먼저 실행했는지, IP 주소와 포트 번호가 서버와 같은지 확인하세요.
T
    check_same "$kind explain: ECONNREFUSED from Connect (Korean)" "$tmp/want" "$tmp/got"
    inns "$bin/tcpserv04" > /dev/null 2>&1 &
    wait_port tcp
    inns LNP_EXPLAIN=1 LC_ALL=C LANG=ko_KR.UTF-8 "$bin/tcpserv04" > /dev/null 2> "$tmp/got"
    cat > "$tmp/want" <<'T'
bind error: Address already in use
[lnp explain] another socket already uses this port: another server is still running (check with `ss -ltnp`), or an old connection is in TIME_WAIT; set SO_REUSEADDR before bind.
T
    check_same "$kind explain: EADDRINUSE from Bind (LC_ALL=C wins over LANG)" "$tmp/want" "$tmp/got"
    inns LNP_EXPLAIN=1 LC_MESSAGES=ko_KR.UTF-8 "$bin/tcpserv04" > /dev/null 2> "$tmp/got"
    cat > "$tmp/want" <<'T'
bind error: Address already in use
[lnp 설명] 다른 소켓이 이미 이 포트를 쓰고 있습니다. 다른 서버가 아직 실행 중이거나(`ss -ltnp`로 확인) 이전 연결이 TIME_WAIT 상태입니다. bind 전에 SO_REUSEADDR 옵션을 설정하세요.
T
    check_same "$kind explain: EADDRINUSE from Bind (Korean)" "$tmp/want" "$tmp/got"
    inns "$bin/tcpserv04" > "$tmp/got" 2>&1
    check_same "$kind explain: off without LNP_EXPLAIN" <(printf 'bind error: Address already in use\n') "$tmp/got"
    stop_servers
    inns LNP_EXPLAIN=1 "$bin/udpcli01" 300.1.2.3 < /dev/null > /dev/null 2> "$tmp/got"
    cat > "$tmp/want" <<'T'
inet_pton error for 300.1.2.3
[lnp explain] that is not an address in text form: give a dotted-decimal IPv4 address such as 127.0.0.1 (or an IPv6 one for AF_INET6).
T
    check_same "$kind explain: Inet_pton of a bad address" "$tmp/want" "$tmp/got"

    # --- the other groups: tests/trace/calls.c (addresses of the run become ADDR)
    if [ $kind = static ]; then calls=$calls_static; else calls=$calls_shared; fi
    inns "$calls" > "$tmp/calls.plain" 2>&1; echo $? >> "$tmp/calls.plain"
    inns LNP_TRACE=1 LNP_TRACE_FILE="$tmp/calls.trace" "$calls" > "$tmp/calls.traced" 2>&1; echo $? >> "$tmp/calls.traced"
    check_same "$kind calls: output and status unchanged by the trace" "$tmp/calls.plain" "$tmp/calls.traced"
    cat > "$tmp/want" <<'T'
127.0.0.1 127.0.0.1:9877 port 9877
same port: 1
handler ran: 1, errno EIO, SA_RESTART 1
previous handler returned: 1
pipe line
rto 3
lo is 1
first interface lo
loop 0
0
T
    check_same "$kind calls: the program's output" "$tmp/want" "$tmp/calls.plain"
    cat > "$tmp/want" <<'T'
[lnp P] Inet_pton(AF_INET, "127.0.0.1", ...) = 1
[lnp P] Inet_ntop(AF_INET, ADDR, ..., 16) = "127.0.0.1"
[lnp P] sock_get_port(127.0.0.1:9877, 16) = 38182
[lnp P] sock_ntop(127.0.0.1:9877, 16) = "127.0.0.1:9877"
[lnp P] sock_set_port(127.0.0.1:13, 16, 3328) = 0
[lnp P] sock_cmp_port(127.0.0.1:9877, 127.0.0.1:13, 16) = 0
[lnp P] Signal(SIGUSR1, on_usr1) = 0
[lnp P] signal SIGUSR1 -> on_usr1
[lnp P] Signal(SIGUSR1, SIG_DFL) = 0
[lnp P] Sigemptyset(...) = 0
[lnp P] Sigaddset(..., SIGUSR1) = 0
[lnp P] Sigprocmask(SIG_BLOCK, ADDR, NULL) = 0
[lnp P] Pipe(3, 4) = 0
[lnp P] Write(4, "pipe line\n", 10) = 10
[lnp P] Close(4) = 0
[lnp P] Fdopen(3, "r") = ADDR
[lnp P] Fgets(..., 4096, ADDR) = "pipe line\n"
[lnp P] Fputs("pipe line\n", stdout) = 0
[lnp P] Fgets(..., 4096, ADDR) = NULL
[lnp P] Fclose(ADDR) = 0
[lnp P] Socketpair(AF_LOCAL, SOCK_STREAM, 0, 3, 4) = 0
[lnp P] Pthread_create(ADDR, NULL, doit, NULL) = 0
[lnp P] Pthread_join(ADDR, ...) = 0
[lnp P] rtt_init(ADDR) = 0
[lnp P] rtt_newpack(ADDR) = 0
[lnp P] rtt_start(ADDR) = 3
[lnp P] If_nametoindex("lo") = 1
[lnp P] get_ifi_info(AF_INET, 0) = ADDR
[lnp P] free_ifi_info(ADDR) = 0
[lnp P] Socket(AF_INET, SOCK_DGRAM, 0) = 5
[lnp P] mcast_set_loop(5, 0) = 0
[lnp P] mcast_get_loop(5) = 0
[lnp P] Close(5) = 0
[lnp P] udp_client("127.0.0.1", "9877", 127.0.0.1:9877, 16) = 5
T
    sed -E 's/^\[lnp [0-9]+\]/[lnp P]/; s/0x[0-9a-f]{6,}/ADDR/g' "$tmp/calls.trace" > "$tmp/got"
    check_same "$kind calls: trace of every group, the handler by name" "$tmp/want" "$tmp/got"
    # The pid is the program's on every line, the delivery's too.
    pids=$(sed -E 's/^\[lnp ([0-9]+)\].*/\1/' "$tmp/calls.trace" | sort -u | wc -l)
    if [ "$pids" = 1 ]; then ok; else bad "$kind calls: $pids different pids in one process's trace"; fi
    # Stripped: no symbol table, so the handler is its address, the same in both lines.
    strip -o "$tmp/calls.stripped" "$calls"
    inns LNP_TRACE=proc "$tmp/calls.stripped" > /dev/null 2> "$tmp/got"
    installed=$(sed -nE 's/^\[lnp [0-9]+\] Signal\(SIGUSR1, (0x[0-9a-f]+)\) = 0$/\1/p' "$tmp/got")
    delivered=$(sed -nE 's/^\[lnp [0-9]+\] signal SIGUSR1 -> (0x[0-9a-f]+)$/\1/p' "$tmp/got")
    if [ -n "$installed" ] && [ "$installed" = "$delivered" ]; then ok
    else bad "$kind calls: stripped program's handler not shown as one address"; cat "$tmp/got"; fi
done

# --- explain mode: every covered error has a line in both languages, different
# from each other, English in ASCII and Korean in Hangul
covered="connect:ECONNREFUSED read:ECONNREFUSED bind:EADDRINUSE tcp_listen:EADDRINUSE bind:EACCES sendto:EACCES
socket:EACCES socket:EPERM bind:EADDRNOTAVAIL connect:ETIMEDOUT connect:EHOSTUNREACH connect:ENETUNREACH
read:ECONNRESET writen:EPIPE accept:EMFILE socket:ENFILE listen:EOPNOTSUPP accept:EINVAL bind:EINVAL close:EBADF
listen:ENOTSOCK socket:EAFNOSUPPORT socket:EPROTONOSUPPORT socket:ESOCKTNOSUPPORT accept:EINTR recvfrom:EAGAIN
connect:EISCONN getpeername:ENOTCONN sendto:EDESTADDRREQ sendto:EMSGSIZE sendto:ENOBUFS connect:ENOENT
setsockopt:ENOPROTOOPT waitpid:ECHILD"
seen=""
for c in $covered; do
    call=${c%%:*} e=${c#*:}
    en=$(LNP_EXPLAIN=1 LANG=C "$explain" "$e" "$call error" 2>&1 | sed -n 2p)
    ko=$(LNP_EXPLAIN=1 LANG=ko_KR.UTF-8 "$explain" "$e" "$call error" 2>&1 | sed -n 2p)
    case "$en" in "[lnp explain] "*[a-z]*) ;; *) bad "explain: $call $e (English): '$en'"; continue ;; esac
    if printf '%s' "${en#\[lnp explain\] }" | LC_ALL=C grep -q '[^ -~]'; then bad "explain: $call $e English not ASCII"; continue; fi
    case "$ko" in "[lnp 설명] "*) ;; *) bad "explain: $call $e (Korean): '$ko'"; continue ;; esac
    # Hangul syllables (U+AC00-U+D7A3) are three UTF-8 bytes led by 0xEA-0xED, in any locale
    if ! printf '%s' "${ko#\[lnp 설명\] }" | LC_ALL=C grep -q $'[\xea-\xed][\x80-\xbf][\x80-\xbf]'; then
        bad "explain: $call $e Korean has no Hangul"; continue
    fi
    seen="$seen$en"$'\n'
    ok
done
for m in "str_cli: server terminated prematurely" "tcp_connect error for nohost.invalid, echo: Name or service not known"; do
    en=$(LNP_EXPLAIN=1 "$explain" 0 "$m" 2>&1 | sed -n 2p)
    ko=$(LNP_EXPLAIN=1 LANG=ko_KR.UTF-8 "$explain" 0 "$m" 2>&1 | sed -n 2p)
    case "$en|$ko" in "[lnp explain] "*"|[lnp 설명] "*) ok ;; *) bad "explain: '$m': '$en' '$ko'" ;; esac
done
n_distinct=$(printf '%s' "$seen" | sort -u | wc -l)
if [ "$n_distinct" -ge 25 ]; then ok; else bad "explain: only $n_distinct distinct explanations"; fi
out=$("$explain" EPIPE "writen error" 2>&1; echo "rc=$?")
check_same "explain: off by default (book message only, status 1)" <(printf 'writen error: Broken pipe\nrc=1\n') <(printf '%s\n' "$out")
out=$(LNP_EXPLAIN=1 "$explain" EIO "read error" 2>&1)
check_same "explain: an uncovered error adds nothing" <(printf 'read error: Input/output error\n') <(printf '%s\n' "$out")

echo "trace: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
