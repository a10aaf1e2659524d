#!/bin/sh
# The SCTP test stage (`make test-sctp`): build the guest's programs as static
# executables against build/lib/liblnp.a (the library's SCTP tests, two test
# helpers, the chapter 10 programs and chapter 7's checkopts; a libsctp
# program against liblnp.so), boot one
# user-mode-linux kernel that runs them all (run-uml.sh), and print the
# closing line "sctp: N passed, N failed". Without user-mode-linux it prints
# "sctp: SKIPPED" with the reason and succeeds.
set -u
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
BIN=tests/sctp/bin
LIB=build/lib/liblnp.a
EX=c-examples
rm -rf "$BIN"
mkdir -p "$BIN"
fail_build() { echo "sctp: build of $1 failed"; echo "sctp: 0 passed, 1 failed"; exit 1; }
# Test programs: strict warnings. The static-link notes about getaddrinfo
# and friends in a static program are expected (glibc's warning that
# they need its shared libraries at run time).
cc_test() {
    out=$1; shift
    $CC -Wall -Wextra -Werror -Wno-unused-parameter -g -Iinclude -Itests/c -static -o "$BIN/$out" "$@" "$LIB" -lpthread \
        2> "$BIN/$out.log" || { cat "$BIN/$out.log"; fail_build "$out"; }
}
# The book's listings: as a course lab builds them (-Wall, no -Werror).
cc_book() {
    out=$1; shift
    $CC -Wall -O1 -Iinclude -static -o "$BIN/$out" "$@" "$LIB" -lpthread \
        2> "$BIN/$out.log" || { cat "$BIN/$out.log"; fail_build "$out"; }
    grep -v 'statically linked applications\|in function\|^/usr/bin/ld: .*\.o: in' "$BIN/$out.log" | grep 'warning' && fail_build "$out (warnings)"
    true
}
cc_test test_sctp_lib tests/sctp/test_sctp_lib.c
# The same test against liblnp.so (the guest mounts the host's /usr for glibc).
$CC -Wall -Wextra -Werror -Wno-unused-parameter -g -Iinclude -Itests/c '-DTEST_NAME="sctp-lib-shared"' \
    -o "$BIN/test_sctp_lib_shared" tests/sctp/test_sctp_lib.c -Lbuild/lib -llnp -Wl,-rpath,/t -lpthread \
    || fail_build test_sctp_lib_shared
cp -L build/lib/liblnp.so.1 "$BIN/"
# libsctp's API through lnp's <netinet/sctp.h>, static and shared.
cc_test test_sctp_libsctp tests/sctp/test_sctp_libsctp.c
$CC -Wall -Wextra -Werror -Wno-unused-parameter -g -Iinclude -Itests/c '-DTEST_NAME="sctp-libsctp-shared"' \
    -o "$BIN/test_sctp_libsctp_shared" tests/sctp/test_sctp_libsctp.c -Lbuild/lib -llnp -Wl,-rpath,/t -lpthread \
    || fail_build test_sctp_libsctp_shared
# A program written for libsctp, built as its users build it with only
# -lsctp changed to -llnp (and lnp's include directory).
$CC -Wall -Iinclude -o "$BIN/libsctp_echo" tests/sctp/libsctp_echo.c -Lbuild/lib -llnp -Wl,-rpath,/t \
    || fail_build libsctp_echo
cc_test sctp_peer tests/sctp/sctp_peer.c
cc_test sctp_abortwatch tests/sctp/sctp_abortwatch.c
cc_book sctpserv01 $EX/sctpserv01.c
cc_book sctpserv02 $EX/sctpserv02.c
cc_book sctpserv03 $EX/sctpserv03.c
cc_book sctpclient01 $EX/sctpclient01.c $EX/sctp_strcli.c $EX/sctp_strcliecho.c
cc_book sctpclient01echo2 $EX/sctpclient01.c $EX/sctp_strcli.c $EX/sctp_strcliecho2.c
cc_book sctpclient02 $EX/sctpclient02.c $EX/sctp_strcli.c $EX/sctp_strcliecho.c
if [ -f $EX/checkopts.c ]; then
    cc_book checkopts $EX/checkopts.c
fi
rm -f "$BIN"/*.log
cp tests/sctp/guest.sh tests/sctp/scenarios.sh tests/sctp/libsctp.sh "$BIN/"

log=$BIN/console.log
tests/sctp/run-uml.sh "$BIN" > "$log" 2>&1
rc=$?
cat "$log"
if [ $rc -eq 77 ]; then
    echo "sctp: SKIPPED (user-mode-linux or busybox-static missing: run scripts/install-deps.sh as root)"
    exit 0
fi
passed=0 failed=0
for line in $(grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed' "$log" | sed 's/^[^ ]*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1:\2/'); do
    passed=$((passed + ${line%:*}))
    failed=$((failed + ${line#*:}))
done
if [ $rc -ne 0 ] && [ $failed -eq 0 ]; then
    failed=1
    echo "sctp: the guest did not finish cleanly (status $rc)"
fi
echo "sctp: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $rc -eq 0 ]
