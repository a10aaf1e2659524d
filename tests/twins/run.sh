#!/bin/bash
# `make test-twins`: every Rust example (examples/NAME.rs) proven equal to
# its C twin (c-examples/bin/NAME).  The book's scenarios (c-examples/tests/
# run.sh, each in a network namespace of its own) run four times, with the
# programs drawn from a different directory each time:
#
#   c             every program in C (the reference run)
#   rust          every program that has a Rust twin in Rust
#   rust-client   Rust clients against C servers
#   rust-server   C clients against Rust servers
#
# run.sh keeps each scenario's files (KEEP=): what every program printed on
# stdout and stderr and every exit status.  A scenario of the rust runs
# passes when run.sh's own checks pass and each of its files equals the C
# run's after masking what must differ from run to run (pids, ephemeral
# ports, times; the few outputs that vary between two C runs are listed in
# mask() with the reason).  A mode that replaces none of a scenario's
# programs is not compared.
#
#   CARGO_EXAMPLES=dir  where the Rust examples are (default target/debug/examples)
#   ONLY=pat            only the scenarios whose name matches the shell pattern
#
# Prints `PASS scenario [mode]` or `FAIL scenario [mode]: why`, then
# `twins: N passed, N failed`.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CBIN=$ROOT/c-examples/bin
RBIN=${CARGO_EXAMPLES:-$ROOT/target/debug/examples}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lnp-twins.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP
PASSED=0 FAILED=0

[ -d "$CBIN" ] || { echo "twins: no C programs in $CBIN (make examples)"; echo "twins: 0 passed, 1 failed"; exit 1; }

is_server() { case $1 in *serv*|daytimetcpsrv*|lossyrelay) return 0 ;; *) return 1 ;; esac; }
has_twin() { [ -f "$ROOT/examples/$1.rs" ] && [ -x "$RBIN/$1" ]; }
uses_rust() {           # uses_rust MODE PROG: does MODE take PROG from Rust?
    has_twin "$2" || return 1
    case $1 in
        c) return 1 ;;
        rust) return 0 ;;
        rust-client) ! is_server "$2" ;;
        rust-server) is_server "$2" ;;
    esac
}

# One directory of programs per mode: symbolic links to C or Rust builds.
MODES="c rust rust-client rust-server"
for mode in $MODES; do
    mkdir -p "$WORK/bin.$mode"
    for f in "$CBIN"/*; do
        [ -f "$f" ] && [ -x "$f" ] || continue
        p=$(basename "$f")
        if uses_rust "$mode" "$p"; then ln -s "$RBIN/$p" "$WORK/bin.$mode/$p"; else ln -s "$f" "$WORK/bin.$mode/$p"; fi
    done
done

# mask FILE: the file as compared, without what must differ between runs.
DATE='(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}'
mask() {
    local f=$1 scen=$2 name
    name=$(basename "$f")
    case $scen/$name in
        # How many SIGCHLDs merge differs from run to run (section 5.4).
        tcpserv03-zombies/tcpserv03.out) grep -v '^child [0-9]* terminated$' "$f"; return ;;
        # How many echoes strcliselect01 loses at the end of its input (6.5).
        batch-select/strcliselect01.out) return ;;
        # strcliselect01 may close with echoes unread: then the server child's
        # read or its write meets the RST, whichever comes first (C's text
        # varies too), and if none was unread nothing is printed.
        batch-select/tcpserv04.out.err)
            grep -Ev '^(writen error|str_echo: read error): Connection reset by peer$' "$f"; return ;;
        # How many of the 2,000 datagrams the socket buffer held (8.8).
        udpserv0[67]-count/udpserv0[67].out) sed -E 's/^received [0-9]+ datagrams$/received N datagrams/' "$f"; return ;;
        # Measured round-trip times and the timeouts computed from them.
        udpcli_rtt-*/err) sed -E 's/[0-9]+\.[0-9]+/T/g; s/rto = [0-9]+/rto = T/g' "$f"; return ;;
    esac
    sed -E "s/child [0-9]+ terminated/child PID terminated/g; s/port [0-9]{5}\b/port PORT/g;
            s/:[0-9]{5}\b/:PORT/g; s/$DATE/DATE/g" "$f"
}

# Files that are the scenario's own (inputs, expectations, its summary line).
own_file() { case $1 in in|in[0-9]*|batch|fifo|want.*|note|programs|diagnostics|header) return 0 ;; *) return 1 ;; esac; }

echo "twins: Rust examples from $RBIN, C programs from $CBIN"
# The four runs at once: each scenario has namespaces of its own (run.sh
# names them after its pid), and most of the time is spent waiting.
pids=""
for mode in $MODES; do
    BIN=$WORK/bin.$mode KEEP=$WORK/keep.$mode ONLY=${ONLY:-*} \
        bash "$ROOT/c-examples/tests/run.sh" >"$WORK/log.$mode" 2>&1 &
    pids="$pids $!"
done
for p in $pids; do wait "$p"; done
grep -q '^examples: ' "$WORK/log.c" || { echo "twins: the C run did not finish: $(tail -n 3 "$WORK/log.c")"; }
grep -E '^(FAIL|SKIPPED) ' "$WORK/log.c" | sed 's/^/twins: in the C run: /'

for dir in "$WORK/keep.c"/*/; do
    scen=$(basename "$dir")
    [ -f "$dir/programs" ] || continue
    for mode in rust rust-client rust-server; do
        replaced=""
        for p in $(sort -u "$dir/programs"); do uses_rust "$mode" "$p" && replaced="$replaced $p"; done
        [ -n "$replaced" ] || continue
        case $scen in
            prifinfo-vs-ip)     # run.sh expects the C struct's short ifi_mtu
                echo "SKIPPED $scen [$mode:$replaced]: tests/interop.rs prifinfo_rust_and_c_agree compares the two (lnp::ifi's MTU is a u32: loopback's 65536 does not fit C's short)"
                continue ;;
        esac
        why=""
        grep -q "^PASS $scen\( \|$\)" "$WORK/log.$mode" ||
            why="the scenario failed: $(grep -E "^(FAIL|SKIPPED) $scen:" "$WORK/log.$mode")"
        if [ -z "$why" ]; then
            for f in "$dir"*; do
                [ -f "$f" ] || continue
                name=$(basename "$f")
                own_file "$name" && continue
                other=$WORK/keep.$mode/$scen/$name
                [ -f "$other" ] || { why="no $name in the $mode run"; break; }
                if ! diff <(mask "$f" "$scen") <(mask "$other" "$scen") >"$WORK/diff" 2>&1; then
                    why="$name differs from C's: $(head -n 6 "$WORK/diff" | tr '\n' ' ')"
                    break
                fi
            done
        fi
        if [ -z "$why" ]; then
            PASSED=$((PASSED + 1)); echo "PASS $scen [$mode:$replaced]"
        else
            FAILED=$((FAILED + 1)); echo "FAIL $scen [$mode:$replaced]: $why"
        fi
    done
done

# Every twin took part in at least one compared scenario.
for ex in "$ROOT"/examples/*.rs; do
    p=$(basename "$ex" .rs)
    [ -x "$CBIN/$p" ] || continue
    grep -qx "$p" "$WORK"/keep.c/*/programs 2>/dev/null && continue
    case $p in
        sctp*) continue ;;          # chapter 10: tests/rust-sctp, in the SCTP guest
        mcastsendrecv) continue ;;  # three hosts: tests/netns/run.sh (make test-netns)
    esac
    FAILED=$((FAILED + 1)); echo "FAIL $p: no scenario runs it"
done

echo "twins: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
