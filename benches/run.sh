#!/bin/sh
# run.sh: lnp against the plain C baseline (ref.c), side by side.
#
# Runs bin/bench-lnp and bin/bench-c (the same driver, c/bench.c, linked with
# liblnp.a and with c/ref.c) on each benchmark, REPS times, interleaved
# lnp, C, lnp, C, ... and pinned to one CPU with taskset; prints the medians
# and the ratios lnp/C (above 1 = lnp faster).  Then the stripped sizes of the
# book's programs (tests/hard/size.sh's table) and, as root, the load benchmark (load.sh).
#   REPS=5 CPU=<last cpu> BENCHES="readline readn echo ntop" ./run.sh
set -eu
cd "$(dirname "$0")"
REPS=${REPS:-5}
CPU=${CPU:-$(($(nproc) - 1))}
BENCHES=${BENCHES:-readline readn echo ntop}
out=$(mktemp); trap 'rm -f "$out"' EXIT; trap 'exit 1' INT TERM

if command -v taskset >/dev/null 2>&1; then pin="taskset -c $CPU"; else pin=""; echo "(taskset missing: not pinned)"; fi
echo "lnp benchmarks: $REPS interleaved repetitions, pinned to CPU $CPU, medians"
for b in $BENCHES; do
    r=1
    while [ "$r" -le "$REPS" ]; do
        for impl in lnp c; do
            $pin "bin/bench-$impl" "$b" | sed -n "s/^RESULT /impl=$impl /p" >> "$out"
        done
        r=$((r + 1))
    done
done

awk '
function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    k = f["bench"] SUBSEP f["impl"]
    rate[k] = rate[k] " " f["rate"]; cpu[k] = cpu[k] " " f["cpu_rate"]; rd[k] = rd[k] " " f["reads_per_mb"]
    unit[f["bench"]] = f["unit"]
    if (!(f["bench"] in seen)) { seen[f["bench"]] = 1; order[++nb] = f["bench"] }
}
END {
    printf "%-9s %-9s %11s %11s %7s %9s %11s %11s\n", "bench", "unit", "lnp", "C", "lnp/C", "cpu lnp/C", "reads/MB lnp", "reads/MB C"
    for (i = 1; i <= nb; i++) {
        b = order[i]; l = b SUBSEP "lnp"; c = b SUBSEP "c"
        rl = median(rate[l]); rc = median(rate[c]); cl = median(cpu[l]); cc = median(cpu[c])
        printf "%-9s %-9s %11.2f %11.2f %7.3f %9.3f %11.2f %11.2f\n", b, unit[b], rl, rc, rl / rc, cl / cc, median(rd[l]), median(rd[c])
    }
}' "$out"

# Stripped sizes of the book's programs against the C baseline, linked the
# lab's plain way, with --gc-sections and -static (the table of make check-size).
SIZE_TABLE_ONLY=1 sh ../tests/hard/size.sh

# The load benchmark: tcpserv04 and tcpservselect01 on lnp and on ref.c.
if [ -x ../tests/load/load.sh ]; then
    MODE=bench ../tests/load/load.sh
fi
