#!/bin/bash
# `make run`: the book's chapter 5 session, as a student would type it --
# tcpserv04 in the background, tcpcli01 echoing a few lines, then tcpcli04's
# five connections and the five "child N terminated" lines of the server.
# As root the session runs in a private network namespace (port 9877 is then
# free whatever else runs on the machine); otherwise on the host's loopback.
set -u
BIN=${BIN:-$(cd "$(dirname "$0")/.." && pwd)/bin}
NS="" SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then
        for kid in $(pgrep -P "$SERVER" 2>/dev/null); do kill "$kid" 2>/dev/null; done
        kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null
    fi
    [ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

PFX=()                  # ip netns exec NS, or nothing
run() { "${PFX[@]}" "$@"; }
if [ -t 1 ]; then
    say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
else
    say() { printf '\n%s\n' "$*"; }
fi
type_in() {             # type_in PROG LINE...: show the lines as typed, feed them to PROG
    local prog=$1; shift
    printf '$ %s 127.0.0.1\n' "$prog"
    { for l in "$@"; do
          sleep 0.3; printf '%s\n' "$l" >&2; printf '%s\n' "$l"; sleep 0.3
      done; echo '^D' >&2; } | run timeout 10 stdbuf -oL "$BIN/$prog" 127.0.0.1
    sleep 0.5
}

if [ "$(id -u)" -eq 0 ] && ip netns add "lnprun$$" 2>/dev/null; then
    NS="lnprun$$"
    PFX=(ip netns exec "$NS")
    ip -n "$NS" link set lo up
    say "(running in the private network namespace $NS)"
fi

say "\$ tcpserv04 &"
"${PFX[@]}" stdbuf -oL "$BIN/tcpserv04" </dev/null &
SERVER=$!
echo "[1] $SERVER"
sleep 0.5
kill -0 "$SERVER" 2>/dev/null || { echo "tcpserv04 did not start"; SERVER=""; exit 1; }

say "Section 5.2: the echo client"
type_in tcpcli01 "hello, world" "good bye"
sleep 0.5

say "Section 5.4: five connections at once; the server reaps every child"
type_in tcpcli04 "hello"
sleep 1

say "\$ ps -o pid,ppid,stat,comm --ppid $SERVER   # no <defunct> children left"
ps -o pid,ppid,stat,comm --ppid "$SERVER" || echo "  (no children)"
