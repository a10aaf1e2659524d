#!/bin/sh
# `make test-rust-sctp`: the Rust SCTP API on a kernel that has SCTP. Builds
# the Rust examples sctpserv01/sctpclient01 and the tests/api_sctp.rs binary,
# the C programs of c-examples statically, and boots user-mode-linux once
# (tests/sctp/run-uml.sh) to run guest.sh: the API tests, then the Rust client
# against the C server, the C client against the Rust server, and the
# echo-to-all mode; then every chapter 10 program and its Rust twin in the
# four pairings (C/C, Rust/Rust and crossed), whose client output and exit
# status must be the same. Prints "rust-sctp: N passed, N failed"; without
# user-mode-linux, "rust-sctp: SKIPPED" and success.
set -u
cd "$(dirname "$0")/../.."
CARGO=${CARGO:-cargo}
CC=${CC:-cc}
LIB=build/lib/liblnp.a
EX=c-examples
BIN=$(mktemp -d /tmp/lnp-rust-sctp.XXXXXX)
trap 'rm -rf "$BIN"' EXIT
trap 'exit 1' INT TERM
fail_build() { echo "rust-sctp: build of $1 failed"; echo "rust-sctp: 0 passed, 1 failed"; exit 1; }

# The executables cargo reports for a build (one path per line).
executables() { sed -n 's/.*"executable":"\([^"]*\)".*/\1/p'; }
"$CARGO" build -q --example sctpserv01 --example sctpclient01 --example sctpserv02 --example sctpserv03 \
    --example sctpclient01echo2 --example sctpclient02 --message-format=json > "$BIN/ex.json" \
    || fail_build "the Rust examples"
for p in $(executables < "$BIN/ex.json"); do cp "$p" "$BIN/rs_$(basename "$p")"; done
"$CARGO" test -q --test api_sctp --no-run --message-format=json > "$BIN/test.json" 2>/dev/null \
    || fail_build "tests/api_sctp.rs"
cp "$(executables < "$BIN/test.json" | tail -n1)" "$BIN/api_sctp"
rm -f "$BIN"/*.json
for p in rs_sctpserv01 rs_sctpclient01 rs_sctpserv02 rs_sctpserv03 rs_sctpclient01echo2 rs_sctpclient02 api_sctp; do [ -x "$BIN/$p" ] || fail_build "$p"; done

cc_book() {
    out=$1; shift
    $CC -Wall -O1 -Iinclude -static -o "$BIN/$out" "$@" "$LIB" -lpthread 2> "$BIN/$out.log" \
        || { cat "$BIN/$out.log"; fail_build "$out"; }
    rm -f "$BIN/$out.log"
}
cc_book c_sctpserv01 $EX/sctpserv01.c
cc_book c_sctpclient01 $EX/sctpclient01.c $EX/sctp_strcli.c $EX/sctp_strcliecho.c
cc_book c_sctpserv02 $EX/sctpserv02.c
cc_book c_sctpserv03 $EX/sctpserv03.c
cc_book c_sctpclient01echo2 $EX/sctpclient01.c $EX/sctp_strcli.c $EX/sctp_strcliecho2.c
cc_book c_sctpclient02 $EX/sctpclient02.c $EX/sctp_strcli.c $EX/sctp_strcliecho.c
cp tests/rust-sctp/guest.sh "$BIN/"

log=$BIN/console.log
tests/sctp/run-uml.sh "$BIN" > "$log" 2>&1
rc=$?
cat "$log"
if [ $rc -eq 77 ]; then
    echo "rust-sctp: SKIPPED (user-mode-linux or busybox-static missing: run scripts/install-deps.sh as root)"
    exit 0
fi
line=$(grep -E '^rust-sctp-guest: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
passed=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
failed=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
passed=${passed:-0} failed=${failed:-0}
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    echo "rust-sctp: the guest did not finish cleanly (status $rc)"
fi
echo "rust-sctp: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ $rc -eq 0 ]
