#!/bin/sh
# Runs inside user-mode-linux (tests/netem/run.sh): the reliable-UDP client
# udpcli_rtt against udpserv01 over a loopback whose egress the kernel
# delays by 50 ms (netem) and on which it drops every third packet (a gact
# action with deterministic drops: netem's own random loss has no seed in
# this kernel, and the book's client gives up after 4 losses in a row).
# Prints "netem: N passed, N failed".
K=/usr/lib/uml/modules/$(uname -r)/kernel/net/sched
TC=/usr/sbin/tc
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
for m in sch_netem sch_ingress cls_matchall act_gact; do
    insmod "$K/$m.ko" || bad "insmod $m"
done
$TC qdisc add dev lo root netem delay 50ms && ok || bad "tc qdisc netem delay 50ms"
$TC qdisc add dev lo clsact && ok || bad "tc qdisc clsact"
$TC filter add dev lo egress protocol ip matchall action gact ok random determ drop 3 && ok ||
    bad "tc filter gact drop every 3rd"

./udpserv01 &
sleep 0.5
i=1; while [ $i -le 10 ]; do echo "request $i over netem"; i=$((i + 1)); done > in
start=$(date +%s)
./udpcli_rtt -d -t 250 127.0.0.1 < in > out 2> err
rc=$? elapsed=$(( $(date +%s) - start ))
[ $rc -eq 0 ] && ok || bad "udpcli_rtt status $rc: $(tail -n 2 err)"
cmp -s in out && ok || bad "replies differ from the requests ($(wc -l < out) of 10)"
drops=$($TC -s filter show dev lo egress | sed -n 's/.*(dropped \([0-9]*\),.*/\1/p')
rexmt=$(grep -c '^timeout, retransmission' err)
[ "${drops:-0}" -gt 0 ] && ok || bad "the kernel dropped nothing"
[ "$rexmt" = "$drops" ] && ok || bad "$rexmt retransmissions for $drops packets dropped"
[ "$(tail -n 1 err)" = "$rexmt retransmissions" ] && ok || bad "count line: $(tail -n 1 err)"
# Measured RTTs show the 2 x 50 ms of netem; RTOs stay within the bounds.
awk '/^timeout/ { t = 1; next }
     /^rtt = / { rtt = $3 + 0; rto = $12 + 0
                 if (t) { if (rto < 4 || rto > 480) bad = 1 }
                 else { if (rtt < 0.099 || rtt > 1 || rto < 2 || rto > 60) bad = 1; n++ }
                 t = 0 }
     END { exit (bad || n != 10) }' err && ok || bad "RTT/RTO out of bounds: $(grep '^rtt' err | head -n 3)"
[ "$elapsed" -lt 40 ] && ok || bad "took ${elapsed}s"
echo "10 requests, 50 ms each way, $drops packets dropped by the kernel, $rexmt retransmitted, ${elapsed}s"
echo "netem: $pass passed, $fail failed"
[ $fail -eq 0 ]
