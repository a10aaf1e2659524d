#!/bin/sh
# Run each C test program given as an argument; print every program's own
# summary and one closing total.  Exit status 1 if any program failed.
total_pass=0 total_fail=0 status=0
for t in "$@"; do
    out=$(timeout 120 "$t" 2>&1); rc=$?
    printf '%s\n' "$out" | sed "s|^|[$(basename "$t")] |"
    line=$(printf '%s\n' "$out" | grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed$' | tail -n1)
    p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
    f=$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
    if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
        status=1; f=$(( ${f:-0} + 1 )); echo "[$(basename "$t")] exited with status $rc"
    fi
    total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-0}))
done
echo "C tests: $total_pass passed, $total_fail failed"
exit $status
