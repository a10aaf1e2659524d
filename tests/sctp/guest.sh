#!/bin/sh
# Runs inside the user-mode-linux guest (tests/sctp/run-uml.sh), in /t:
# every test_* program, the book's chapter 10 scenarios, then a program
# written for libsctp (libsctp.sh). Each part
# prints "NAME: N passed, N failed"; the host adds them up.
rc=0
for t in /t/test_*; do
    [ -x "$t" ] || continue
    timeout -s KILL 40 "$t"
    st=$?
    if [ "$st" -gt 1 ]; then
        echo "$(basename "$t"): 0 passed, 1 failed (exit status $st)"
    fi
    [ "$st" -eq 0 ] || rc=1
done
sh /t/scenarios.sh || rc=1
sh /t/libsctp.sh || rc=1
exit $rc
