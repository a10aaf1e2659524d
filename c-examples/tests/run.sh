#!/bin/bash
# End-to-end scenarios for the book's programs (c-examples/), run the way the
# book runs them.  Each scenario gets its own network namespace (created with
# `ip netns add`, deleted in the EXIT trap), so the fixed port 9877 and the
# daytime port 13 never collide with anything else on the machine.  Without
# root (no namespaces) the scenarios run on the host's loopback one at a time
# and those that need root print SKIPPED.
#
#   BIN=dir   where the programs are (default: ../bin next to this script)
#   ONLY=pat  run only the scenarios whose name matches the shell pattern
#   VERBOSE=1 show each scenario's files when it fails
#
# Output: one line per scenario, `PASS name` (with what the book's run shows
# in parentheses where it varies), `FAIL name: why` or `SKIPPED name: reason`,
# then `examples: N passed, N failed`.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:-$HERE/../bin}
ONLY=${ONLY:-*}
VERBOSE=${VERBOSE:-0}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lnp-examples.XXXXXX")
SUFFIX=$$
PASSED=0 FAILED=0 SKIPPED=0
NAMESPACES="" PIDS=""

# --- clean-up ----------------------------------------------------------------
kill_tree() {           # kill a process and its children, by pid
    local pid=$1 kid
    for kid in $(pgrep -P "$pid" 2>/dev/null); do kill_tree "$kid"; done
    kill -KILL "$pid" 2>/dev/null
}
cleanup() {
    local p ns
    for p in $PIDS; do kill_tree "$p"; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    for ns in $NAMESPACES; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- namespaces --------------------------------------------------------------
HAVE_NETNS=0
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null 2>&1 &&
   ip netns add "lnpex_probe$SUFFIX" 2>/dev/null; then
    ip netns del "lnpex_probe$SUFFIX"
    HAVE_NETNS=1
fi
NO_NETNS_REASON="needs root and iproute2 for a private network namespace"

NSN=0
new_ns() {              # new_ns VAR: create a namespace with lo up, name in $VAR
    NSN=$((NSN + 1))
    local ns="lnpex${SUFFIX}_$NSN"
    ip netns add "$ns" || return 1
    NAMESPACES="$NAMESPACES $ns"
    ip -n "$ns" link set lo up || return 1
    eval "$1=\$ns"
}
del_ns() {
    ip netns del "$1" 2>/dev/null
    NAMESPACES=$(printf '%s\n' $NAMESPACES | grep -vx "$1" | tr '\n' ' ')
}
in_ns() {               # in_ns NS cmd...: run cmd in NS (directly when NS is empty)
    local ns=$1; shift
    if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}
# For background jobs, whose $! must be the program itself (a function run
# with & would be a subshell): "${NSCMD[@]}" prog &, after ns_cmd NS.
ns_cmd() { if [ -n "$1" ]; then NSCMD=(ip netns exec "$1"); else NSCMD=(); fi; }

# --- helpers -----------------------------------------------------------------
# start NS OUT cmd...: start a program in the background with stdout in OUT,
# stderr in OUT.err and line-buffered stdio (as on a terminal); pid in $LAST.
start() {
    local ns=$1 out=$2; shift 2
    ns_cmd "$ns"
    "${NSCMD[@]}" stdbuf -oL -eL "$@" >"$out" 2>"$out.err" </dev/null &
    LAST=$!
    PIDS="$PIDS $LAST"
}
stop() {                # stop PID: kill it and its children, reap it
    kill_tree "$1"
    wait "$1" 2>/dev/null
    PIDS=$(printf '%s\n' $PIDS | grep -vx "$1" | tr '\n' ' ')
}
# wait_for "cond" [tenths]: poll a shell condition, at most 10 s by default
wait_for() {
    local i=0 max=${2:-100}
    until eval "$1"; do
        i=$((i + 1)); [ "$i" -le "$max" ] || return 1
        sleep 0.1
    done
}
listening() {           # listening NS PROTO PORT  (PROTO t or u)
    in_ns "$1" ss -Hln"$2" "sport = :$3" 2>/dev/null | grep -q .
}
children() {            # the pids of PID's children
    pgrep -P "$1" 2>/dev/null
}
zombies_of() {          # number of zombie children of PID
    local n=0 kid
    for kid in $(children "$1"); do
        [ "$(awk '{print $3}' "/proc/$kid/stat" 2>/dev/null)" = Z ] && n=$((n + 1))
    done
    echo "$n"
}

RESULT="" WHY=""
fail() { RESULT=FAIL; WHY=$*; return 1; }
skip() { RESULT=SKIPPED; WHY=$*; return 0; }
need() { for p in "$@"; do [ -x "$BIN/$p" ] || { fail "program $p not built"; return 1; }; done; }
need_netns() { [ "$HAVE_NETNS" -eq 1 ] || { skip "$NO_NETNS_REASON"; return 1; }; }

# run_scenario NAME FUNCTION: the function sets RESULT/WHY via fail/skip.
run_scenario() {
    local name=$1 fn=$2
    # shellcheck disable=SC2254
    case "$name" in $ONLY) ;; *) return ;; esac
    RESULT=PASS WHY=""
    S="$WORK/$name"; mkdir -p "$S"
    NS=""
    if [ "$HAVE_NETNS" -eq 1 ]; then
        new_ns NS || { RESULT=FAIL; WHY="cannot create a network namespace"; }
    fi
    [ "$RESULT" = PASS ] && "$fn"
    for p in $PIDS; do stop "$p"; done
    for ns in $NAMESPACES; do del_ns "$ns"; done
    case $RESULT in
        PASS) PASSED=$((PASSED + 1))
              if [ -s "$S/note" ]; then echo "PASS $name ($(cat "$S/note"))"; else echo "PASS $name"; fi ;;
        SKIPPED) SKIPPED=$((SKIPPED + 1)); echo "SKIPPED $name: $WHY" ;;
        *) FAILED=$((FAILED + 1)); echo "FAIL $name: $WHY"
           if [ "$VERBOSE" = 1 ]; then
               for f in "$S"/*; do [ -f "$f" ] && { echo "--- $f"; head -c 2000 "$f"; }; done
           fi ;;
    esac
}

# serve NAME [args]: start a book server in $NS, wait until it listens on 9877.
serve() {
    local prog=$1; shift
    start "$NS" "$S/$prog.out" "$BIN/$prog" "$@"
    SERVER=$LAST
    case $prog in udp*) proto=u ;; *) proto=t ;; esac
    wait_for "listening '$NS' $proto 9877 || ! kill -0 $SERVER 2>/dev/null" &&
        listening "$NS" $proto 9877 && return 0
    if [ -z "$NS" ] && grep -q "Address already in use" "$S/$prog.out.err"; then
        skip "port 9877 is taken on the host (TIME_WAIT or another program; as root each scenario gets its own namespace)"
    else
        fail "$prog never listened on port 9877 ($(cat "$S/$prog.out.err"))"
    fi
    return 1
}
# client PROG INPUT-FILE [args]: run a client in $NS (10 s limit), output in
# $S/PROG.out/.err, status in $RC.
client() {
    local prog=$1 input=$2; shift 2
    in_ns "$NS" timeout 10 "$BIN/$prog" "$@" <"$input" >"$S/$prog.out" 2>"$S/$prog.err"
    RC=$?
}
same() {                # same FILE-A FILE-B WHAT
    cmp -s "$1" "$2" || { fail "$3 differs from what was sent ($(wc -l <"$2") of $(wc -l <"$1") lines back)"; return 1; }
}

# A file of N numbered lines.
lines() { local i=1; while [ "$i" -le "$1" ]; do echo "line $i of the batch input"; i=$((i + 1)); done; }

# ===========================================================================
# The scenarios
# ===========================================================================

t_header_warnings() {
    # The library's header gives no warning to the book's code (-Wall -Wextra);
    # the warnings of the book's own code are not counted.
    local src=$HERE/.. inc=$HERE/../../include f
    [ -f "$inc/lnp.h" ] || { skip "no ../include/lnp.h here"; return; }
    for f in "$src"/*.c; do
        ${CC:-cc} -Wall -Wextra -fsyntax-only -I"$inc" "$f" 2>&1
    done >"$S/diagnostics"
    grep -E '(lnp|unp)\.h:[0-9]+' "$S/diagnostics" >"$S/header" &&
        fail "$(wc -l <"$S/header") diagnostics in the header, first: $(head -n1 "$S/header")"
    return 0
}

t_byteorder() {
    need byteorder || return
    out=$("$BIN/byteorder") || { fail "exit status $?"; return; }
    case $(uname -m) in
        x86_64) [ "$out" = "x86_64-pc-linux-gnu: little-endian" ] || fail "printed '$out'" ;;
        *) printf '%s\n' "$out" | grep -Eq '^[^ ]+: (little|big)-endian$' || fail "printed '$out'" ;;
    esac
}

DATE_RE='^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}'
daytime_with() {        # daytime_with SERVER: book section 1.1/1.3/4.5
    need_netns || return
    need "$1" daytimetcpcli || return
    # No server yet: "connect error: Connection refused" (§4.2).
    in_ns "$NS" timeout 10 "$BIN/daytimetcpcli" 127.0.0.1 >"$S/refused.out" 2>"$S/refused.err"
    [ $? -eq 1 ] && [ "$(cat "$S/refused.err")" = "connect error: Connection refused" ] ||
        { fail "without a server: $(cat "$S/refused.err")"; return; }
    start "$NS" "$S/server.out" "$BIN/$1"; SERVER=$LAST
    wait_for "listening '$NS' t 13" || { fail "$1 never listened on port 13"; return; }
    for i in 1 2; do
        in_ns "$NS" timeout 10 "$BIN/daytimetcpcli" 127.0.0.1 >"$S/client$i.out" 2>"$S/client$i.err" ||
            { fail "client exit status $? ($(cat "$S/client$i.err"))"; return; }
        [ "$(wc -l <"$S/client$i.out")" -eq 1 ] && grep -Eq "$DATE_RE"$'\r$' "$S/client$i.out" ||
            { fail "client printed '$(cat "$S/client$i.out")'"; return; }
    done
    if [ "$1" = daytimetcpsrv1 ]; then
        wait_for "[ \$(grep -Ec '^connection from 127\.0\.0\.1, port [0-9]+$' '$S/server.out') -eq 2 ]" 30 ||
            fail "server printed '$(cat "$S/server.out")'"
    fi
}
t_daytime() { daytime_with daytimetcpsrv; }
t_daytime1() { daytime_with daytimetcpsrv1; }

ECHO_TEXT=$'hello, world\ngood bye\n'
echo_with() {           # echo_with SERVER CLIENT: lines typed on stdin come back
    need "$1" "$2" || return
    serve "$1" || return
    printf '%s' "$ECHO_TEXT" >"$S/in"
    client "$2" "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] || { fail "$2 exit status $RC ($(cat "$S/$2.err"))"; return 1; }
    same "$S/in" "$S/$2.out" "$2's output" || return 1
}
t_tcpserv01() {
    echo_with tcpserv01 tcpcli01 || return
    # The book (§5.3): the client's end of the connection, which closed
    # first, is in TIME_WAIT, and the child that served it stays a zombie.
    [ -z "$NS" ] || in_ns "$NS" ss -Htan state time-wait "dport = :9877" | grep -q . ||
        { fail "no TIME_WAIT on the client's side"; return; }
    wait_for "[ \$(zombies_of $SERVER) -eq 1 ]" 30 || fail "no zombie child left behind tcpserv01"
}
t_tcpserv04() { echo_with tcpserv04 tcpcli01; }

t_tcpserv02() {
    # One client, then the server prints "child N terminated" and, with lnp's
    # Signal (SA_RESTART), accept is restarted instead of failing with EINTR.
    echo_with tcpserv02 tcpcli01 || return
    wait_for "grep -Eq '^child [0-9]+ terminated$' '$S/tcpserv02.out'" 30 ||
        { fail "no 'child N terminated' from the server"; return; }
    client tcpcli01 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] && kill -0 "$SERVER" 2>/dev/null ||
        fail "second client failed ($(cat "$S/tcpserv02.out.err"))"
}

t_tcpcli04() {
    # Five connections end at once; waitpid in a loop reaps every child.
    need tcpserv04 tcpcli04 || return
    serve tcpserv04 || return
    echo hello >"$S/in"
    client tcpcli04 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] && [ "$(cat "$S/tcpcli04.out")" = hello ] ||
        { fail "tcpcli04 status $RC, printed '$(cat "$S/tcpcli04.out")'"; return; }
    wait_for "[ \$(grep -Ec '^child [0-9]+ terminated$' '$S/tcpserv04.out') -eq 5 ]" 50 ||
        { fail "$(grep -c terminated "$S/tcpserv04.out") of 5 'child N terminated' lines"; return; }
    wait_for "[ -z \"\$(children $SERVER)\" ]" 30 ||
        fail "children left behind tcpserv04: $(zombies_of "$SERVER") zombies"
}

t_tcpserv03() {
    # One wait() per SIGCHLD: merged signals leave zombies (§5.4).  The
    # number varies from run to run; the scenario checks the echo and that
    # every child has exited (reaped or <defunct>).
    need tcpserv03 tcpcli04 || return
    serve tcpserv03 || return
    echo hello >"$S/in"
    client tcpcli04 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] && [ "$(cat "$S/tcpcli04.out")" = hello ] ||
        { fail "tcpcli04 status $RC, printed '$(cat "$S/tcpcli04.out")'"; return; }
    wait_for "[ \$(zombies_of $SERVER) -eq \$(children $SERVER | wc -l) ]" 30 ||
        fail "some children of tcpserv03 are still running"
    sleep 0.3
    echo "$(grep -c terminated "$S/tcpserv03.out") of 5 children reaped, $(zombies_of "$SERVER") left <defunct>" >"$S/note"
}

# A client whose stdin is a FIFO we keep open, so we type lines as we like.
open_typist() {         # open_typist PROG: start PROG reading $S/fifo; fd 3 writes to it
    local prog=$1; shift
    mkfifo "$S/fifo"
    ns_cmd "$NS"
    "${NSCMD[@]}" "$@" stdbuf -oL -eL "$BIN/$prog" 127.0.0.1 <"$S/fifo" >"$S/$prog.out" 2>"$S/$prog.err" &
    TYPIST=$!; PIDS="$PIDS $TYPIST"
    exec 3>"$S/fifo"
}
close_typist() { exec 3>&-; }
wait_status() {         # wait_status PID TENTHS: status of PID, or 124 after the time limit
    wait_for "! kill -0 $1 2>/dev/null" "$2" || { stop "$1"; RC=124; return; }
    wait "$1"; RC=$?
    PIDS=$(printf '%s\n' $PIDS | grep -vx "$1" | tr '\n' ' ')
}
kill_server_child() {   # kill the server child serving our client
    local kid
    kid=$(children "$SERVER" | head -n1)
    [ -n "$kid" ] || { fail "no server child to kill"; return 1; }
    kill -TERM "$kid"
    wait_for "[ \"\$(awk '{print \$3}' /proc/$kid/stat 2>/dev/null)\" != S ]" 30
    sleep 0.2
}

t_server_killed() {
    # Section 5.5: the server child is killed while the client waits in fgets;
    # the next line's write succeeds, the read sees the FIN.
    need tcpserv04 tcpcli01 || return
    serve tcpserv04 || return
    open_typist tcpcli01
    echo "another line" >&3
    wait_for "grep -q 'another line' '$S/tcpcli01.out'" 50 || { close_typist; fail "no echo"; return; }
    kill_server_child || { close_typist; return; }
    # netstat as in the book (§5.5): server side FIN_WAIT2, client CLOSE_WAIT.
    if [ -n "$NS" ]; then
        wait_for "in_ns '$NS' ss -Htan state fin-wait-2 'sport = :9877' | grep -q . &&
                  in_ns '$NS' ss -Htan state close-wait 'dport = :9877' | grep -q ." 30 ||
            { close_typist; fail "not FIN_WAIT2/CLOSE_WAIT after the child was killed"; return; }
    fi
    echo "another line" >&3
    wait_status "$TYPIST" 50
    close_typist
    [ "$RC" -eq 1 ] && [ "$(cat "$S/tcpcli01.err")" = "str_cli: server terminated prematurely" ] ||
        fail "client status $RC, stderr '$(cat "$S/tcpcli01.err")'"
}

t_tcpcli11_sigpipe() {
    # Section 5.6: writing to a reset connection kills the client with SIGPIPE
    # (the shell's "Broken pipe", status 141).  SIGPIPE back to SIG_DFL first,
    # in case whoever started us ignores it.
    need tcpserv04 tcpcli11 || return
    serve tcpserv04 || return
    open_typist tcpcli11 env --default-signal=PIPE
    echo "hi there" >&3
    wait_for "grep -q 'hi there' '$S/tcpcli11.out'" 50 || { close_typist; fail "no echo"; return; }
    kill_server_child || { close_typist; return; }
    echo "bye" >&3
    wait_status "$TYPIST" 50
    close_typist
    [ "$RC" -eq 141 ] || fail "client status $RC (want 141, SIGPIPE), stderr '$(cat "$S/tcpcli11.err")'"
}

t_strcliselect01_fin() {
    # Section 6.3: with select the client sees the server's FIN at once,
    # while it is still waiting for input.
    need tcpserv04 strcliselect01 || return
    serve tcpserv04 || return
    open_typist strcliselect01
    echo "hello" >&3
    wait_for "grep -q hello '$S/strcliselect01.out'" 50 || { close_typist; fail "no echo"; return; }
    kill_server_child || { close_typist; return; }
    wait_status "$TYPIST" 50
    close_typist
    [ "$RC" -eq 1 ] && [ "$(cat "$S/strcliselect01.err")" = "str_cli: server terminated prematurely" ] ||
        fail "client status $RC, stderr '$(cat "$S/strcliselect01.err")'"
}

t_batch_select() {
    # Section 6.5: batch input.  strcliselect01 returns at the end of its input
    # and loses the echoes still on their way; strcliselect02 shuts down the
    # writing half and gets every line back.
    need tcpserv04 strcliselect01 strcliselect02 || return
    serve tcpserv04 || return
    lines 2000 >"$S/in"
    client strcliselect02 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] || { fail "strcliselect02 status $RC ($(cat "$S/strcliselect02.err"))"; return; }
    same "$S/in" "$S/strcliselect02.out" "strcliselect02's output" || return
    client strcliselect01 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] || { fail "strcliselect01 status $RC ($(cat "$S/strcliselect01.err"))"; return; }
    n=$(wc -l <"$S/strcliselect01.out")
    head -n "$n" "$S/in" | cmp -s - "$S/strcliselect01.out" ||
        { fail "strcliselect01's output is not a prefix of its input"; return; }
    echo "strcliselect02 got 2000 of 2000 lines back, strcliselect01 $n" >"$S/note"
}

t_tcpservselect01() {
    # Section 6.6: one process serves several clients at once and frees slots.
    need tcpservselect01 tcpcli01 strcliselect02 || return
    serve tcpservselect01 || return
    open_typist tcpcli01
    echo "first client, line 1" >&3
    wait_for "grep -q 'line 1' '$S/tcpcli01.out'" 50 || { close_typist; fail "no echo for client 1"; return; }
    for i in 1 2 3; do lines $((i * 300)) >"$S/in$i"; done
    for i in 1 2 3; do
        ns_cmd "$NS"
        "${NSCMD[@]}" timeout 20 "$BIN/strcliselect02" 127.0.0.1 <"$S/in$i" >"$S/out$i" 2>"$S/err$i" &
        eval "B$i=\$!"; PIDS="$PIDS $!"
    done
    for i in 1 2 3; do
        eval "wait_status \$B$i 250"
        [ "$RC" -eq 0 ] || { close_typist; fail "batch client $i status $RC"; return; }
        same "$S/in$i" "$S/out$i" "batch client $i's output" || { close_typist; return; }
    done
    echo "first client, line 2" >&3
    wait_for "grep -q 'line 2' '$S/tcpcli01.out'" 50 || { close_typist; fail "no echo for client 1 after the others"; return; }
    close_typist
    wait_status "$TYPIST" 50
    [ "$RC" -eq 0 ] || { fail "client 1 status $RC"; return; }
    [ -z "$(children "$SERVER")" ] || { fail "tcpservselect01 forked"; return; }
    echo "one more" >"$S/in4"
    client tcpcli01 "$S/in4" 127.0.0.1
    [ "$RC" -eq 0 ] && same "$S/in4" "$S/tcpcli01.out" "a client after the others left"
}

t_sum_text() {
    # Section 5.9: arguments as text work between any two hosts.
    need tcpserv08 tcpcli01 || return
    serve tcpserv08 || return
    printf '1 2\n-22 -77\nhello\n' >"$S/in"
    client tcpcli01 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] && [ "$(cat "$S/tcpcli01.out")" = $'3\n-99\ninput error' ] ||
        fail "status $RC, printed '$(cat "$S/tcpcli01.out")'"
}

t_sum_binary() {
    # Section 5.9: binary structures; on one architecture -22 + -77 = -99.
    need tcpserv09 tcpcli09 || return
    serve tcpserv09 || return
    printf '1 2\n-22 -77\nbad input\n5 6\n' >"$S/in"
    client tcpcli09 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] && [ "$(cat "$S/tcpcli09.out")" = $'3\n-99\ninvalid input: bad input\n11' ] ||
        fail "status $RC, printed '$(cat "$S/tcpcli09.out")'"
}

t_checkopts() {
    need checkopts || return
    in_ns "$NS" timeout 10 "$BIN/checkopts" >"$S/out" 2>"$S/err"
    RC=$?
    grep -q '^SO_BROADCAST: default = off$' "$S/out" &&
    grep -q '^SO_ERROR: default = 0$' "$S/out" &&
    grep -q '^SO_LINGER: default = l_onoff = 0, l_linger = 0$' "$S/out" &&
    grep -Eq '^SO_RCVBUF: default = [1-9][0-9]*$' "$S/out" &&
    grep -Eq '^SO_SNDBUF: default = [1-9][0-9]*$' "$S/out" &&
    grep -q '^SO_RCVTIMEO: default = 0 sec, 0 usec$' "$S/out" &&
    grep -q '^SO_REUSEADDR: default = off$' "$S/out" &&
    grep -q '^SO_TYPE: default = 1$' "$S/out" &&
    grep -Eq '^IP_TTL: default = [1-9][0-9]*$' "$S/out" &&
    grep -q '^IPV6_V6ONLY: default = off$' "$S/out" &&
    grep -Eq '^TCP_MAXSEG: default = [1-9][0-9]*$' "$S/out" &&
    grep -q '^TCP_NODELAY: default = off$' "$S/out" ||
        { fail "unexpected option values: $(tr '\n' '|' <"$S/out")"; return; }
    bad=$(grep -Ev '^[A-Z0-9_]+: (default = .+|\(undefined\))$' "$S/out" | grep -v '^SCTP_AUTOCLOSE: $')
    [ -z "$bad" ] || { fail "badly formed lines: $bad"; return; }
    if [ "$RC" -eq 0 ]; then            # a kernel with SCTP
        grep -q '^SCTP_MAXBURST: (undefined)$' "$S/out" && grep -q '^SCTP_NODELAY: default = ' "$S/out" ||
            fail "SCTP entries missing"
    else                                # dies at the first SCTP entry, as the book's code does
        [ "$RC" -eq 1 ] && [ "$(cat "$S/err")" = "socket error: Socket type not supported" ] &&
            [ "$(tail -c 16 "$S/out")" = "SCTP_AUTOCLOSE: " ] ||
            fail "status $RC, stderr '$(cat "$S/err")'"
    fi
}

t_udp_echo() {
    # Sections 8.2-8.3: UDP echo client and server.
    need udpserv01 udpcli01 || return
    serve udpserv01 || return
    printf 'hello, world\ngood bye\n' >"$S/in"
    client udpcli01 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] || { fail "udpcli01 status $RC ($(cat "$S/udpcli01.err"))"; return; }
    same "$S/in" "$S/udpcli01.out" "udpcli01's output"
}

t_udp_no_server() {
    # Section 8.5: no server; the unconnected client never hears of the ICMP
    # error and blocks in recvfrom for ever (stopped here after 2 s).
    need udpcli01 || return
    echo "hello, world" >"$S/in"
    in_ns "$NS" timeout 2 "$BIN/udpcli01" 127.0.0.1 <"$S/in" >"$S/out" 2>"$S/err"
    RC=$?
    [ "$RC" -eq 124 ] && [ ! -s "$S/out" ] && [ ! -s "$S/err" ] ||
        fail "status $RC (want 124, still blocked), output '$(cat "$S/out" "$S/err")'"
}

t_udpcli04_refused() {
    # Section 8.7: a connected UDP socket gets the ICMP error:
    # "read error: Connection refused".
    need udpcli04 || return
    echo "hello, world" >"$S/in"
    client udpcli04 "$S/in" 127.0.0.1
    [ "$RC" -eq 1 ] && [ "$(cat "$S/udpcli04.err")" = "read error: Connection refused" ] ||
        fail "status $RC, stderr '$(cat "$S/udpcli04.err")'"
}

# Two namespaces joined by a veth pair: the server side ($NS) has 192.0.2.1
# and 192.0.2.2 (documentation range), the client side ($NSC) 192.0.2.10.
two_hosts() {
    new_ns NSC || return 1
    ip link add vserv netns "$NS" type veth peer name vcli netns "$NSC" || return 1
    ip -n "$NS" addr add 192.0.2.1/24 dev vserv &&
    ip -n "$NS" addr add 192.0.2.2/24 dev vserv &&
    ip -n "$NSC" addr add 192.0.2.10/24 dev vcli &&
    ip -n "$NS" link set vserv up && ip -n "$NSC" link set vcli up || return 1
    wait_for "ip -n '$NS' link show dev vserv | grep -q 'state UP' && ip -n '$NSC' link show dev vcli | grep -q 'state UP'" 50
}

t_dgcliaddr() {
    # Section 8.4: the reply to a datagram sent to the server's second address
    # comes from its primary address, and dg_cli that checks it ignores it.
    need_netns || return
    need udpserv01 dgcliaddr || return
    two_hosts || { fail "cannot set up the veth pair"; return; }
    serve udpserv01 || return
    printf 'hello\ngoodbye\n' >"$S/in"
    in_ns "$NSC" timeout 10 "$BIN/dgcliaddr" 192.0.2.2 <"$S/in" >"$S/ignored.out" 2>"$S/ignored.err"
    RC=$?
    [ "$RC" -eq 0 ] && [ "$(cat "$S/ignored.out")" = $'reply from 192.0.2.1:9877 (ignored)\nreply from 192.0.2.1:9877 (ignored)' ] ||
        { fail "to 192.0.2.2: status $RC, printed '$(cat "$S/ignored.out" "$S/ignored.err")'"; return; }
    in_ns "$NSC" timeout 10 "$BIN/dgcliaddr" 192.0.2.1 <"$S/in" >"$S/ok.out" 2>"$S/ok.err"
    RC=$?
    [ "$RC" -eq 0 ] && same "$S/in" "$S/ok.out" "the echo from the primary address"
}

t_udpcli09() {
    # Section 8.9: connect on a UDP socket picks the outgoing interface.
    need udpcli09 || return
    out=$(in_ns "$NS" "$BIN/udpcli09" 127.0.0.1) || { fail "status $?"; return; }
    printf '%s\n' "$out" | grep -Eq '^local address 127\.0\.0\.1:[0-9]+$' || { fail "printed '$out'"; return; }
    [ "$HAVE_NETNS" -eq 1 ] || return
    two_hosts || { fail "cannot set up the veth pair"; return; }
    out=$(in_ns "$NSC" "$BIN/udpcli09" 192.0.2.2) || { fail "status $?"; return; }
    printf '%s\n' "$out" | grep -Eq '^local address 192\.0\.2\.10:[0-9]+$' || fail "printed '$out'"
}

count_with() {          # count_with SERVER: section 8.8, UDP has no flow control
    need "$1" dgcliloop1 || return
    serve "$1" || return
    : >"$S/in"
    client dgcliloop1 "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] || { fail "dgcliloop1 status $RC ($(cat "$S/dgcliloop1.err"))"; return; }
    sleep 0.5
    kill -INT "$SERVER"
    wait_status "$SERVER" 50
    n=$(sed -n 's/^received \([0-9]*\) datagrams$/\1/p' "$S/$1.out")
    [ "$RC" -eq 0 ] && [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -le 2000 ] && [ "$(head -n1 "$S/$1.out")" = "" ] ||
        { fail "server status $RC, printed '$(cat "$S/$1.out")'"; return; }
    echo "received $n of 2000 datagrams" >"$S/note"
}
t_udpserv06() { count_with udpserv06; }
t_udpserv07() { count_with udpserv07; }

# ===========================================================================
[ -d "$BIN" ] || { echo "examples: no programs in $BIN (run make first)"; exit 1; }
for tool in pgrep ss stdbuf timeout mkfifo cmp; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "examples: $tool is missing (scripts/install-deps.sh installs procps and iproute2)"; exit 1; }
done
[ "$HAVE_NETNS" -eq 1 ] || echo "examples: no network namespaces ($NO_NETNS_REASON); using the host's loopback"

run_scenario header-warnings      t_header_warnings
run_scenario byteorder            t_byteorder
run_scenario daytime              t_daytime
run_scenario daytime1             t_daytime1
run_scenario tcpserv01-echo       t_tcpserv01
run_scenario tcpserv02-sigchld    t_tcpserv02
run_scenario tcpserv04-echo       t_tcpserv04
run_scenario tcpcli04-no-zombies  t_tcpcli04
run_scenario tcpserv03-zombies    t_tcpserv03
run_scenario server-killed        t_server_killed
run_scenario tcpcli11-sigpipe     t_tcpcli11_sigpipe
run_scenario sum-text             t_sum_text
run_scenario sum-binary           t_sum_binary
run_scenario strcliselect01-fin   t_strcliselect01_fin
run_scenario batch-select         t_batch_select
run_scenario tcpservselect01      t_tcpservselect01
run_scenario checkopts            t_checkopts
run_scenario udp-echo             t_udp_echo
run_scenario udp-no-server        t_udp_no_server
run_scenario udpcli04-refused     t_udpcli04_refused
run_scenario dgcliaddr-ignored    t_dgcliaddr
run_scenario udpcli09-local-addr  t_udpcli09
run_scenario udpserv06-count      t_udpserv06
run_scenario udpserv07-count      t_udpserv07

# ---------------------------------------------------------------------------
# lnp's programs for the original library's other headers: unpthread.h
# (tcpserv_thr, tcpcli_thr), unpifi.h (prifinfo), unprtt.h (udpcli_rtt).

t_tcpserv_thr() {
    # The threads chapter's server: one thread per client, detached, so the
    # process never forks and its threads end with their clients.
    echo_with tcpserv_thr tcpcli01 || return
    lines 3000 >"$S/batch"
    local i pids=""
    for i in 1 2 3 4 5; do
        in_ns "$NS" timeout 20 "$BIN/tcpcli01" 127.0.0.1 <"$S/batch" >"$S/out$i" 2>"$S/err$i" &
        pids="$pids $!"
    done
    for i in $pids; do wait "$i" || { fail "a concurrent tcpcli01 failed ($(cat "$S"/err*))"; return; }; done
    for i in 1 2 3 4 5; do same "$S/batch" "$S/out$i" "concurrent client $i's output" || return; done
    [ -z "$(children "$SERVER")" ] || { fail "tcpserv_thr forked"; return; }
    wait_for "[ \$(ls /proc/$SERVER/task | wc -l) -eq 1 ]" 50 ||
        { fail "$(ls /proc/$SERVER/task | wc -l) threads left in tcpserv_thr (want 1)"; return; }
    echo "5 concurrent clients, 3000 lines each, threads gone after" >"$S/note"
}

t_tcpcli_thr() {
    # The threaded str_cli: a copyto thread sends stdin, the main thread
    # prints replies; batch input needs no select and loses nothing.
    need tcpserv04 tcpcli_thr || return
    serve tcpserv04 || return
    lines 20000 >"$S/in"
    client tcpcli_thr "$S/in" 127.0.0.1
    [ "$RC" -eq 0 ] || { fail "tcpcli_thr exit status $RC ($(cat "$S/tcpcli_thr.err"))"; return 1; }
    same "$S/in" "$S/tcpcli_thr.out" "tcpcli_thr's output" || return
    client tcpcli_thr "$S/in"
    [ "$RC" -eq 1 ] && [ "$(cat "$S/tcpcli_thr.err")" = "usage: tcpcli_thr <IPaddress>" ] ||
        fail "no-argument run: status $RC, stderr '$(cat "$S/tcpcli_thr.err")'"
}

# What prifinfo must print for FAMILY (inet4|inet6) and DOALIASES in
# namespace $NS, computed from `ip -o addr` and `ip -o link`: one block per
# address of an interface that is up, in the kernel's order.
expect_prifinfo() {
    local fam=$1 doaliases=$2 ipfam last=""
    [ "$fam" = inet4 ] && ipfam=-4 || ipfam=-6
    in_ns "$NS" ip -o "$ipfam" addr show | sed 's/\\.*//' |
    while read -r idx dev kind rest; do
        idx=${idx%:}
        local link flags mtu haddr addr peer brd alias="" f line
        link=$(in_ns "$NS" ip -o link show dev "$dev")
        flags=$(printf '%s\n' "$link" | sed -n 's/^[^<]*<\([^>]*\)>.*/\1/p' | tr ',' ' ')
        case " $flags " in *" UP "*) ;; *) last=$dev; continue ;; esac
        if [ "$dev" = "$last" ]; then
            [ "$doaliases" = 1 ] || continue
            alias=" (alias)"
        fi
        last=$dev
        line="$dev: ($idx) <UP "
        for f in BROADCAST:BCAST MULTICAST:MCAST LOOPBACK:LOOP POINTOPOINT:P2P; do
            case " $flags " in *" ${f%%:*} "*) line="$line${f#*:} " ;; esac
        done
        echo "$line>$alias"
        haddr=$(printf '%s\n' "$link" | sed -n 's/.*link\/\(ether\|loopback\) \([0-9a-f:]*\).*/\2/p')
        [ -n "$haddr" ] && echo "  $haddr"
        mtu=$(printf '%s\n' "$link" | sed -n 's/.* mtu \([0-9]*\).*/\1/p')
        mtu=$(( (mtu + 32768) % 65536 - 32768 ))    # ifi_mtu is a short
        [ "$mtu" -ne 0 ] && echo "  MTU: $mtu"
        set -- $rest
        addr=${1%/*}; peer="" brd=""
        while [ $# -gt 0 ]; do
            case $1 in peer) peer=${2%/*}; shift ;; brd) brd=$2; shift ;; esac
            shift
        done
        echo "  IP addr: $addr"
        [ "$fam" = inet4 ] && [ -n "$brd" ] && case " $flags " in *" BROADCAST "*) echo "  broadcast addr: $brd" ;; esac
        [ -n "$peer" ] && case " $flags " in *" POINTOPOINT "*) echo "  destination addr: $peer" ;; esac
    done
}

t_prifinfo() {
    # get_ifi_info in a namespace with several interfaces: secondary
    # addresses (one with an eth0:1-style label), a subnet of its own, an
    # address without a broadcast address, a point-to-point link with a peer,
    # an interface without multicast, and one that is down (never listed).
    need_netns || return
    need prifinfo || return
    ip -n "$NS" link add va type veth peer name vb &&
    ip -n "$NS" link add br0 type bridge &&
    ip -n "$NS" link add ifb0 type ifb &&
    ip -n "$NS" tuntap add tun0 mode tun || { fail "cannot create the interfaces"; return; }
    local d
    for d in va vb br0 ifb0 tun0; do ip -n "$NS" link set "$d" addrgenmode none 2>/dev/null; done
    ip -n "$NS" link set va mtu 1400 &&
    ip -n "$NS" addr add 10.1.1.1/24 brd + dev va &&
    ip -n "$NS" addr add 10.1.1.2/24 brd + dev va label va:1 &&
    ip -n "$NS" addr add 10.7.0.1/16 dev va &&
    ip -n "$NS" addr add 2001:db8:1::1/64 dev va nodad &&
    ip -n "$NS" addr add 2001:db8:1::2/64 dev va nodad &&
    ip -n "$NS" addr add 10.2.0.1/24 dev vb &&
    ip -n "$NS" addr add 2001:db8:2::2/64 dev vb nodad &&
    ip -n "$NS" addr add 10.9.9.9/24 brd + dev br0 &&
    ip -n "$NS" addr add 2001:db8:9::9/64 dev br0 nodad &&
    ip -n "$NS" addr add 10.4.0.1/24 brd + dev ifb0 &&
    ip -n "$NS" addr add 10.3.0.1 peer 10.3.0.2 dev tun0 &&
    ip -n "$NS" link set va up && ip -n "$NS" link set vb up &&
    ip -n "$NS" link set ifb0 up && ip -n "$NS" link set tun0 up ||
        { fail "cannot configure the interfaces"; return; }
    local fam al n=0
    for fam in inet4 inet6; do
        for al in 0 1; do
            expect_prifinfo "$fam" "$al" >"$S/want.$fam.$al"
            in_ns "$NS" "$BIN/prifinfo" "$fam" "$al" >"$S/got.$fam.$al" 2>"$S/err.$fam.$al" ||
                { fail "prifinfo $fam $al: status $? ($(cat "$S/err.$fam.$al"))"; return; }
            cmp -s "$S/want.$fam.$al" "$S/got.$fam.$al" ||
                { fail "prifinfo $fam $al differs from ip(8): $(diff "$S/want.$fam.$al" "$S/got.$fam.$al" | head -5 | tr '\n' ' ')"; return; }
            n=$((n + $(grep -c 'IP addr' "$S/got.$fam.$al")))
        done
    done
    # The expectations themselves cover what the scenario set up.
    grep -q '^va: .* (alias)$' "$S/want.inet4.1" && grep -q 'destination addr: 10.3.0.2' "$S/want.inet4.1" &&
        grep -q 'IP addr: 2001:db8:2::2' "$S/want.inet6.0" && ! grep -q 'br0\|10.9.9.9' "$S"/got.* &&
        [ "$(grep -c 'IP addr' "$S/got.inet4.1")" -eq 7 ] && [ "$(grep -c 'IP addr' "$S/got.inet4.0")" -eq 5 ] ||
        { fail "the namespace does not look as set up: $(cat "$S/want.inet4.1" | tr '\n' ' ')"; return; }
    in_ns "$NS" "$BIN/prifinfo" inet5 1 >/dev/null 2>"$S/err" ; [ "$(cat "$S/err")" = "invalid <address-family>" ] ||
        { fail "prifinfo inet5: '$(cat "$S/err")'"; return; }
    echo "$n addresses listed as ip(8) shows them" >"$S/note"
}

# The reliable-UDP client through lossyrelay (a datagram relay dropping a
# seeded fraction and delaying the rest: the sandbox kernel has no netem).
# RTT_RXTMIN is 2 s; udpcli_rtt -t 250 makes one RTO second 250 ms, so the
# run stays short while the estimator works with its real constants.
RELAY_PORT=9878
relay() {               # relay LOSS% DELAY-MS SEED: start lossyrelay to udpserv01
    need lossyrelay || return 1
    start "$NS" "$S/relay.out" "$BIN/lossyrelay" $RELAY_PORT 127.0.0.1 9877 "$@"
    wait_for "listening '$NS' u $RELAY_PORT" || { fail "lossyrelay never listened ($(cat "$S/relay.out.err"))"; return 1; }
}

t_udpcli_rtt() {
    need udpserv01 udpcli_rtt || return
    serve udpserv01 || return
    relay 30 50 2 || return
    local i; for i in $(seq 1 12); do echo "request $i: the rtt estimator at work"; done >"$S/in"
    SECONDS=0
    in_ns "$NS" timeout 60 "$BIN/udpcli_rtt" -d -t 250 -p $RELAY_PORT 127.0.0.1 <"$S/in" >"$S/out" 2>"$S/err"
    RC=$? elapsed=$SECONDS
    [ "$RC" -eq 0 ] || { fail "udpcli_rtt status $RC: $(tail -n2 "$S/err" | tr '\n' ' ')"; return; }
    same "$S/in" "$S/out" "udpcli_rtt's output" || return          # every request answered, in order
    local drops rexmt
    drops=$(grep -c '^drop' "$S/relay.out")
    rexmt=$(grep -c '^timeout, retransmission' "$S/err")
    [ "$drops" -gt 0 ] || { fail "the relay dropped nothing"; return; }
    [ "$(tail -n1 "$S/err")" = "$rexmt retransmissions" ] || { fail "count line '$(tail -n1 "$S/err")', $rexmt seen"; return; }
    # Each lost request or reply costs exactly one timeout and retransmission.
    [ "$rexmt" -eq "$drops" ] || { fail "$rexmt retransmissions for $drops datagrams dropped"; return; }
    # At most RTT_MAXNREXMT retransmissions of one request.
    ! grep -q '^timeout, retransmission [4-9]' "$S/err" || { fail "more than 3 retransmissions of one request"; return; }
    # RTT measured over the 2 x 50 ms link; RTO within [2, 60] after a
    # measurement, doubled (at most 3 times) after a timeout.
    awk -v ok=1 '
        /^timeout/ { after_timeout = 1; next }
        /^rtt = / { rtt = $3 + 0; rto = $12 + 0
                    if (after_timeout) { if (rto < 4 || rto > 480) ok = 0 }
                    else { if (rtt < 0.09 || rtt > 1.5 || rto < 2 || rto > 60) ok = 0; n++ }
                    after_timeout = 0 }
        END { exit !(ok && n == 12) }' "$S/err" || { fail "RTT or RTO values out of bounds: $(grep -m3 '^rtt' "$S/err" | tr '\n' ' ')"; return; }
    [ "$elapsed" -lt 45 ] || { fail "took $elapsed s"; return; }
    echo "12 requests over a 30%-loss, 50 ms link: $drops dropped, $rexmt retransmitted, ${elapsed}s" >"$S/note"
}

t_udpcli_rtt_giveup() {
    # Nothing gets through: the first RTO is 3, then 6, 12, 24 (RTO seconds,
    # 100 ms each here); after RTT_MAXNREXMT retransmissions dg_send_recv
    # gives up and Dg_send_recv dies with ETIMEDOUT's text.
    need udpserv01 udpcli_rtt || return
    serve udpserv01 || return
    relay 100 0 1 || return
    echo "anyone there?" >"$S/in"
    SECONDS=0
    in_ns "$NS" timeout 30 "$BIN/udpcli_rtt" -d -t 100 -p $RELAY_PORT 127.0.0.1 <"$S/in" >"$S/out" 2>"$S/err"
    RC=$? elapsed=$SECONDS
    [ "$RC" -eq 1 ] && [ "$(tail -n 2 "$S/err")" = "dg_send_recv: no response from server, giving up
dg_send_recv error: Connection timed out" ] || { fail "status $RC, stderr '$(cat "$S/err")'"; return; }
    [ "$(grep -c '^drop c->s' "$S/relay.out")" -eq 4 ] || { fail "$(grep -c '^drop' "$S/relay.out") datagrams sent, want 1 + 3 retransmissions"; return; }
    # The RTO doubles at each timeout: 3 -> 6 -> 12 -> 24 (rtt_debug after
    # each of the 3 retransmissions), then the 4th timeout gives up.
    [ "$(sed -n 's/.*rto = \([0-9.]*\)$/\1/p' "$S/err" | tr '\n' ' ')" = "6.000 12.000 24.000 " ] ||
        { fail "RTO sequence '$(grep rto "$S/err" | tr '\n' ' ')', want 6, 12, 24 after the timeouts"; return; }
    # 45 RTO seconds of 100 ms: not sooner; by itself, well before timeout(1)'s 30 s
    # (the upper bound is loose: a loaded machine delays process start-up, not the timers' count).
    [ "$elapsed" -ge 4 ] && [ "$elapsed" -lt 30 ] || fail "gave up after ${elapsed}s, want 4.5 s (45 RTO seconds of 100 ms)"
}

run_scenario tcpserv_thr-echo     t_tcpserv_thr
run_scenario tcpcli_thr-batch     t_tcpcli_thr
run_scenario prifinfo-vs-ip       t_prifinfo
run_scenario udpcli_rtt-lossy     t_udpcli_rtt
run_scenario udpcli_rtt-giveup    t_udpcli_rtt_giveup

echo "examples: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
