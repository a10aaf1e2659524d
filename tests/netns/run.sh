#!/bin/sh
# tests/netns/run.sh PEER [SENDRECV [SENDRECV_RS]]
#
# Multicast and recvfrom_flags across three network namespaces: A, the sender, has a veth pair to B (va1/vb) and one to C (va2/vc).
# PEER is the mcastpeer program (tests/netns/mcastpeer.c) linked with lnp,
# SENDRECV the example c-examples/mcastsendrecv.c (its scenario is skipped
# when it is not given), SENDRECV_RS its Rust twin (examples/mcastsendrecv.rs):
# the scenario then runs again with the Rust program on every host and with
# the two mixed (C on A, Rust on B and C; then the reverse), and each host
# must print exactly what the C programs print.
# Only documentation addresses are used (192.0.2.0/24, 2001:db8::/32); the
# namespace names carry this shell's PID so parallel runs do not collide,
# and an EXIT trap always deletes them. Without root the whole stage is
# SKIPPED with the reason. Last line: "mcast: N passed, N failed".
set -u
PEER=${1:?usage: run.sh PEER}
SENDRECV=${2:-}
SENDRECV_RS=${3:-}
case $PEER in /*) ;; *) PEER=$(pwd)/$PEER ;; esac
case $SENDRECV in /* | "") ;; *) SENDRECV=$(pwd)/$SENDRECV ;; esac
case $SENDRECV_RS in /* | "") ;; *) SENDRECV_RS=$(pwd)/$SENDRECV_RS ;; esac

skip() {
    echo "mcast: SKIPPED: $1"
    echo "mcast: 0 passed, 0 failed"
    exit 0
}
[ "$(id -u)" -eq 0 ] || skip "not root (network namespaces need CAP_NET_ADMIN)"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) is not installed"
[ -x "$PEER" ] || { echo "run.sh: $PEER is not executable" >&2; exit 2; }

NSA=lnp_mca_$$ NSB=lnp_mcb_$$ NSC=lnp_mcc_$$
TMP=$(mktemp -d)
cleanup() {
    for ns in "$NSA" "$NSB" "$NSC"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns add "$NSA" 2>"$TMP/err" || skip "ip netns add failed: $(cat "$TMP/err")"

G4=239.255.1.1 S4=232.1.1.1 G6=ff15::1234 PORT=9999

setup() {
    set -e
    ip netns add "$NSB"
    ip netns add "$NSC"
    ip link add va1 netns "$NSA" type veth peer name vb netns "$NSB"
    ip link add va2 netns "$NSA" type veth peer name vc netns "$NSC"
    ip -n "$NSA" addr add 192.0.2.1/25 brd + dev va1
    ip -n "$NSA" addr add 192.0.2.3/25 brd + dev va1
    ip -n "$NSB" addr add 192.0.2.2/25 brd + dev vb
    ip -n "$NSA" addr add 192.0.2.129/25 brd + dev va2
    ip -n "$NSC" addr add 192.0.2.130/25 brd + dev vc
    ip -n "$NSA" -6 addr add 2001:db8:1::1/64 dev va1 nodad
    ip -n "$NSA" -6 addr add 2001:db8:1::3/64 dev va1 nodad
    ip -n "$NSB" -6 addr add 2001:db8:1::2/64 dev vb nodad
    ip -n "$NSA" -6 addr add 2001:db8:2::1/64 dev va2 nodad
    ip -n "$NSC" -6 addr add 2001:db8:2::2/64 dev vc nodad
    for ns in "$NSA" "$NSB" "$NSC"; do ip -n "$ns" link set lo up; done
    ip -n "$NSA" link set va1 up
    ip -n "$NSA" link set va2 up
    ip -n "$NSB" link set vb up
    ip -n "$NSC" link set vc up
    # The receivers' namespaces get a multicast route: IPv4 leave and
    # block with interface 0 (as UNP's mcast_leave/mcast_block_source pass
    # it) act on the interface of the route to the group.
    ip -n "$NSB" route add 224.0.0.0/4 dev vb
    ip -n "$NSC" route add 224.0.0.0/4 dev vc
    set +e
    # carrier on every end before the first IPv6 datagram (DAD and carrier take a moment)
    i=0
    until ip -n "$NSA" link show dev va1 | grep -q 'state UP' && ip -n "$NSA" link show dev va2 | grep -q 'state UP' &&
          ip -n "$NSB" link show dev vb | grep -q 'state UP' && ip -n "$NSC" link show dev vc | grep -q 'state UP'; do
        i=$((i + 1))
        [ "$i" -le 50 ] || { echo "run.sh: veth carrier not up" >&2; return 1; }
        sleep 0.1
    done
}
setup || { echo "mcast: 0 passed, 1 failed"; exit 1; }

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

wait_file() {
    i=0
    until [ -e "$1" ]; do
        i=$((i + 1))
        [ "$i" -le 100 ] || { echo "run.sh: timeout waiting for $1" >&2; return 1; }
        sleep 0.05
    done
}

# recv NS NAME ARGS...: start a receiver, wait until it has joined
recv() {
    ns=$1 name=$2
    shift 2
    ip netns exec "$ns" "$PEER" recv -r "$TMP/$name.ready" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    echo $! >"$TMP/$name.pid"
    wait_file "$TMP/$name.ready.0"
}

# after NAME: wait until the receiver has acted on its first datagram
after() { wait_file "$TMP/$1.ready.1"; }

# send NS ARGS...: run a sender; its output is kept in $TMP/send.out
send() {
    ns=$1
    shift
    ip netns exec "$ns" "$PEER" send "$@" >>"$TMP/send.out" 2>>"$TMP/send.err"
}

# expect NAME TEXT: the receiver NAME printed exactly TEXT (printf format) and no error
expect() {
    wait "$(cat "$TMP/$1.pid")"
    # shellcheck disable=SC2059
    printf "$2" >"$TMP/$1.want"
    if cmp -s "$TMP/$1.want" "$TMP/$1.out" && [ ! -s "$TMP/$1.err" ]; then
        ok
    else
        bad "$1"
        echo "  want: $(cat "$TMP/$1.want")"
        echo "  got:  $(cat "$TMP/$1.out") $(cat "$TMP/$1.err")"
    fi
}

# expect_send TEXT: the senders since the last call printed exactly TEXT, no errors
expect_send() {
    # shellcheck disable=SC2059
    printf "$1" >"$TMP/send.want"
    touch "$TMP/send.out" "$TMP/send.err"
    if cmp -s "$TMP/send.want" "$TMP/send.out" && [ ! -s "$TMP/send.err" ]; then
        ok
    else
        bad "sender: $1"
        echo "  got: $(cat "$TMP/send.out") $(cat "$TMP/send.err")"
    fi
    rm -f "$TMP/send.out" "$TMP/send.err"
}

for fam in 4 6; do
    if [ $fam = 4 ]; then
        G=$G4 SG=$S4 SRC=192.0.2.1 OTHER=192.0.2.3 UNI=192.0.2.2 DST=$G4 SDST=$S4 UDST=192.0.2.2
    else
        G=$G6 SG=$G6 SRC=2001:db8:1::1 OTHER=2001:db8:1::3 UNI=2001:db8:1::2 DST=0.0.0.0 SDST=0.0.0.0 UDST=0.0.0.0
    fi

    # any-source join, and the sender's settings read back
    recv "$NSB" join$fam -j "$G" "$G" $PORT vb
    send "$NSA" -v -i va1 "$G" $PORT hello
    expect join$fam "hello dst=$DST if=vb\n"
    expect_send "if=va1 ttl=1 loop=1\n"

    # after mcast_leave nothing more arrives
    recv "$NSB" leave$fam -j "$G" -L "$G" $PORT vb
    send "$NSA" -i va1 "$G" $PORT one
    after leave$fam
    send "$NSA" -i va1 "$G" $PORT two
    expect leave$fam "one dst=$DST if=vb\n"

    # source-specific join: only SRC gets through; after leaving it, nothing
    recv "$NSB" ssm$fam -j "$SG" -s $SRC -l "$SG" $PORT vb
    send "$NSA" -i va1 -S $OTHER "$SG" $PORT other
    send "$NSA" -i va1 -S $SRC "$SG" $PORT wanted
    after ssm$fam
    send "$NSA" -i va1 -S $SRC "$SG" $PORT again
    expect ssm$fam "wanted dst=$SDST if=vb\n"

    # a blocked source is filtered until it is unblocked
    recv "$NSB" block$fam -j "$G" -b $OTHER -U $OTHER "$G" $PORT vb
    send "$NSA" -i va1 -S $OTHER "$G" $PORT blocked
    send "$NSA" -i va1 -S $SRC "$G" $PORT allowed
    after block$fam
    send "$NSA" -i va1 -S $OTHER "$G" $PORT unblocked
    expect block$fam "allowed dst=$DST if=vb\nunblocked dst=$DST if=vb\n"

    # the TTL / hop limit set is the one in the datagram's header; 0 keeps a
    # datagram on the host (Linux applies that rule only when the sending
    # host is itself a member of the group on that interface, as with -E)
    recv "$NSB" ttl$fam -H -j "$G" "$G" $PORT vb
    send "$NSA" -v -i va1 -T 5 "$G" $PORT hop5
    send "$NSA" -v -E -i va1 -T 0 "$G" $PORT local0
    expect ttl$fam "hop5 ttl=5\n"
    expect_send "if=va1 ttl=5 loop=1\nif=va1 ttl=0 loop=1\nself: local0\n"

    # multicast loopback: the sender's own member socket sees its datagram only with loop on
    send "$NSA" -E -v -i va1 -l 1 "$G" $PORT looped
    send "$NSA" -E -v -i va1 -l 0 "$G" $PORT quiet
    expect_send "if=va1 ttl=1 loop=1\nself: looped\nif=va1 ttl=1 loop=0\nself: none\n"

    # mcast_set_if picks the interface: by name to C, by index to B
    recv "$NSB" setifb$fam -j "$G" "$G" $PORT vb
    recv "$NSC" setifc$fam -j "$G" "$G" $PORT vc
    send "$NSA" -v -i va2 "$G" $PORT toC
    send "$NSA" -v -I va1 "$G" $PORT toB
    expect setifb$fam "toB dst=$DST if=vb\n"
    expect setifc$fam "toC dst=$DST if=vc\n"
    expect_send "if=va2 ttl=1 loop=1\nif=va1 ttl=1 loop=1\n"

    # recvfrom_flags for unicast (and, IPv4, broadcast) datagrams, and truncation
    if [ $fam = 4 ]; then WILD=0.0.0.0; else WILD=::; fi
    recv "$NSB" uni$fam "$WILD" $PORT -
    send "$NSA" "$UNI" $PORT unicast
    if [ $fam = 4 ]; then
        send "$NSA" -B 192.0.2.127 $PORT broadcast
        expect uni$fam "unicast dst=$UDST if=vb\nbroadcast dst=192.0.2.127 if=vb\n"
    else
        expect uni$fam "unicast dst=$UDST if=vb\n"
    fi
    recv "$NSB" trunc$fam -z 4 "$WILD" $PORT -
    send "$NSA" "$UNI" $PORT truncated
    expect trunc$fam "trun dst=$UDST if=vb trunc\n"
done

# Without an interface choice the IPv4 sender has no route (A has none for 224/4)
if ip netns exec "$NSA" "$PEER" send "$G4" $PORT x >/dev/null 2>"$TMP/noroute.err"; then
    bad "IPv4 multicast without mcast_set_if unexpectedly sent"
elif [ "$(cat "$TMP/noroute.err")" = "sendto error: Network is unreachable" ]; then
    ok
else
    bad "IPv4 multicast without mcast_set_if: $(cat "$TMP/noroute.err")"
fi

# The example program: two hosts run it on one group; each hears the other's
# three datagrams and not its own (loopback off). IPv4 on A-B, IPv6 on A-C.
sendrecv() { # sendrecv PROG NS NAME GROUP IFNAME
    ip netns exec "$2" "$1" "$4" $PORT "$5" 3 >"$TMP/$3.out" 2>"$TMP/$3.err" &
    echo $! >"$TMP/$3.pid"
}
sendrecv_round() { # sendrecv_round PROG-ON-A PROG-ON-B-AND-C LABEL
    sendrecv "$1" "$NSA" "sra4$3" "$G4" va1
    sendrecv "$2" "$NSB" "srb4$3" "$G4" vb
    sendrecv "$1" "$NSA" "sra6$3" "$G6" va2
    sendrecv "$2" "$NSC" "src6$3" "$G6" vc
    expect "sra4$3" "from 192.0.2.2 to $G4 via va1: vb #1\nfrom 192.0.2.2 to $G4 via va1: vb #2\nfrom 192.0.2.2 to $G4 via va1: vb #3\n"
    expect "srb4$3" "from 192.0.2.1 to $G4 via vb: va1 #1\nfrom 192.0.2.1 to $G4 via vb: va1 #2\nfrom 192.0.2.1 to $G4 via vb: va1 #3\n"
    expect "sra6$3" "from 2001:db8:2::2 to ? via va2: vc #1\nfrom 2001:db8:2::2 to ? via va2: vc #2\nfrom 2001:db8:2::2 to ? via va2: vc #3\n"
    expect "src6$3" "from 2001:db8:2::1 to ? via vc: va2 #1\nfrom 2001:db8:2::1 to ? via vc: va2 #2\nfrom 2001:db8:2::1 to ? via vc: va2 #3\n"
}
if [ -n "$SENDRECV" ]; then
    sendrecv_round "$SENDRECV" "$SENDRECV" ""
    if [ -n "$SENDRECV_RS" ]; then
        sendrecv_round "$SENDRECV_RS" "$SENDRECV_RS" _rust
        sendrecv_round "$SENDRECV" "$SENDRECV_RS" _c_rust
        sendrecv_round "$SENDRECV_RS" "$SENDRECV" _rust_c
    fi
else
    echo "mcast: SKIPPED mcastsendrecv scenario: program not given"
fi

# IPv4 mcast_get_if (lnp's implementation of UNP's placeholder): the index of
# the interface owning the chosen address; EADDRNOTAVAIL once nobody owns it
if ip -n "$NSA" link add dm0 type veth peer name dm1 2>/dev/null; then
    ip -n "$NSA" addr add 192.0.2.200/32 dev dm0
    ip -n "$NSA" link set dm0 up
    send_getif=$(ip netns exec "$NSA" "$PEER" getif dm0 "ip addr del 192.0.2.200/32 dev dm0" 2>&1)
    if [ "$send_getif" = "$(printf 'if=dm0\nafter: -1 Cannot assign requested address')" ]; then
        ok
    else
        bad "mcast_get_if after the address is gone: $send_getif"
    fi
else
    echo "mcast: SKIPPED mcast_get_if address-gone check: cannot add a veth pair"
fi

echo "mcast: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
