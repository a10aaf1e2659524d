#!/bin/sh
# size.sh: every book program of c-examples/ (c-examples/Makefile's list)
# linked with build/lib/liblnp.a three ways, and, side by side, with a plain
# C library of the same functions (benches/c/ref.c compiled with cc and
# archived with ar, as a course's libunp.a is):
#   plain   cc -Iinclude -o prog prog.c ... liblnp.a          (a lab's Makefile)
#   gc      the same with -Wl,--gc-sections                   (c-examples/Makefile)
#   static  the same with -static
# Sizes are of the stripped programs.  Checks, per program:
#   * plain and gc at most 64 KiB; daytimetcpcli's plain at most 1.1 x the
#     C build's (it reaches only err_sys and err_quit: the LNP_EXPLAIN texts,
#     packed by build.rs, and no tracer);
#   * static at most 1.2 x the C build's (where ref.c has the functions);
#   * glibc's "Using 'getaddrinfo' in statically linked applications"
#     warnings exactly for the programs that call a function that resolves
#     names (host_serv, tcp_connect, tcp_listen, udp_client, udp_connect,
#     udp_server, my_addrs, or their wrappers), for no other.
# And a program that calls only the nonfatal err_msg and err_ret, plain: no
# larger than its C build (it links neither the tracer nor the explanations).
# And a program calling only one of the library's echo loops (str_echo,
# str_cli, dg_echo, dg_cli, sctpstr_cli, sctpstr_cli_echoall), or one of a few
# helpers no book program calls (mcast_set_if, ...), is at most 64 KiB.
# A program that reaches a Rust panic path links std's panic and backtrace
# printer (about 300 KB); benches/bloat.py shows the call path.
# SIZE_TABLE_ONLY=1 prints the table without the checks (make bench).
# Prints "size: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
LIB=$(pwd)/build/lib/liblnp.a
dir=$(mktemp -d "${TMPDIR:-/tmp}/lnp-size.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL size $*"; }

RESOLVERS="host_serv Host_serv tcp_connect Tcp_connect tcp_listen Tcp_listen udp_client Udp_client
udp_connect Udp_connect udp_server Udp_server my_addrs My_addrs"

cc -w -O2 -c -o "$dir/ref.o" benches/c/ref.c && ar rc "$dir/libref.a" "$dir/ref.o" || { echo "size: 0 passed, 1 failed (ref.c)"; exit 1; }
programs=$(make -s --no-print-directory -C c-examples list-programs) || { echo "size: 0 passed, 1 failed (list)"; exit 1; }

# link NAME KIND LIB SRCS...: the stripped size, or "-" when it does not link;
# the linker's messages are left in $dir/NAME.KIND.LIBNAME.err.
link() {
    name=$1 kind=$2 lib=$3; shift 3
    case $kind in plain) flags="" ;; gc) flags="-Wl,--gc-sections" ;; static) flags="-static" ;; esac
    out="$dir/$name.$kind.$(basename "$lib" .a)"
    # shellcheck disable=SC2086
    if (cd c-examples && cc -w -I../include -o "$out" "$@" $flags "$lib") 2>"$out.err"; then
        strip "$out" && wc -c <"$out" | tr -d ' '
    else
        echo -
    fi
}
warned() { sed -n "s/.*Using '\([a-z_]*\)' in statically linked.*/\1/p" "$1" | sort -u | tr '\n' ' ' | sed 's/ $//'; }

ar_size=$(wc -c <"$LIB" | tr -d ' ')
members=$(ar t "$LIB" | wc -l | tr -d ' ')
echo "size: liblnp.a is $ar_size bytes, $members members (C baseline: benches/c/ref.c as one archive member)"
printf '%-18s %8s %8s %8s %8s %9s %9s %6s  %s\n' program plain "plain C" gc "gc C" static "static C" ratio "static-link warnings"
while IFS=: read -r name srcs; do
    # shellcheck disable=SC2086
    pl=$(link "$name" plain "$LIB" $srcs); plc=$(link "$name" plain "$dir/libref.a" $srcs)
    # shellcheck disable=SC2086
    gc=$(link "$name" gc "$LIB" $srcs); gcc_=$(link "$name" gc "$dir/libref.a" $srcs)
    # shellcheck disable=SC2086
    st=$(link "$name" static "$LIB" $srcs); stc=$(link "$name" static "$dir/libref.a" $srcs)
    ratio=-
    [ "$st" != - ] && [ "$stc" != - ] && ratio=$(awk -v a="$st" -v b="$stc" 'BEGIN { printf "%.3f", a / b }')
    warnings=$(warned "$dir/$name.static.liblnp.err")
    printf '%-18s %8s %8s %8s %8s %9s %9s %6s  %s\n' "$name" "$pl" "$plc" "$gc" "$gcc_" "$st" "$stc" "$ratio" "${warnings:-none}"
    [ "${SIZE_TABLE_ONLY:-0}" = 1 ] && continue

    limit=65536
    [ "$name" = daytimetcpcli ] && [ "$plc" != - ] && limit=$((plc * 11 / 10))
    for result in "plain:$pl" "gc:$gc" "static:$st"; do
        kind=${result%%:*}
        [ "${result#*:}" != - ] && ok || bad "$name: $kind link failed: $(head -n 3 "$dir/$name.$kind.liblnp.err")"
    done
    [ "$pl" != - ] && { [ "$pl" -le "$limit" ] && ok || bad "$name: plain link $pl bytes, over $limit"; }
    [ "$gc" != - ] && { [ "$gc" -le 65536 ] && ok || bad "$name: gc link $gc bytes, over 65536"; }
    if [ "$ratio" != - ]; then
        awk -v r="$ratio" 'BEGIN { exit !(r <= 1.2) }' && ok || bad "$name: static $st bytes, $ratio x the C build's $stc"
    fi
    # Does the program itself call a name-resolving function of lnp.h?
    calls=$(cd c-examples && for f in $srcs; do cc -w -I../include -c -o "$dir/obj.o" "$f" && nm -u "$dir/obj.o"; done |
        awk '{print $NF}' | sort -u)
    resolves=no
    for r in $RESOLVERS; do echo "$calls" | grep -qx "$r" && resolves=yes; done
    case "$resolves:$warnings" in
        no:) ok ;;
        yes:*getaddrinfo*) ok ;;
        no:*) bad "$name: calls no name-resolving function, yet -static warns about: $warnings" ;;
        yes:*) bad "$name: resolves names, yet -static gave no getaddrinfo warning (${warnings:-none})" ;;
    esac
    # The C build's static warnings, when it links, are the same.
    if [ "$stc" != - ]; then
        cw=$(warned "$dir/$name.static.libref.err")
        [ "$cw" = "$warnings" ] && ok || bad "$name: -static warns about '${warnings}', the C build about '${cw}'"
    fi
done <<EOF
$programs
EOF
[ "${SIZE_TABLE_ONLY:-0}" = 1 ] && exit 0

cat >"$dir/nonfatal.c" <<'EOF'
#include "lnp.h"
int main(int argc, char **argv)
{
    if (argc > 1)
        err_msg("%s: %d arguments", argv[0], argc);
    if (argc > 2)
        err_ret("%s", argv[1]);
    return 0;
}
EOF
nf=$(link nonfatal plain "$LIB" "$dir/nonfatal.c"); nfc=$(link nonfatal plain "$dir/libref.a" "$dir/nonfatal.c")
echo "size: err_msg and err_ret only: $nf bytes plain (C build: $nfc)"
if [ "$nf" != - ] && [ "$nfc" != - ] && [ "$nf" -le "$nfc" ]; then ok; else bad "err_msg/err_ret only: $nf bytes, the C build $nfc"; fi
# Functions the table links in no program: the library's own echo loops (the
# book's programs bring their own str_echo.c, ...) and helpers no c-examples
# program calls. A program calling one, linked plain, stays within 64 KiB (no
# panic path).
for call in 'str_echo(0)' 'str_cli(stdin, 0)' 'dg_echo(0, (SA *)&a, sizeof a)' 'dg_cli(stdin, 0, (SA *)&a, sizeof a)' \
    'sctpstr_cli(stdin, 0, (SA *)&a, sizeof a)' 'sctpstr_cli_echoall(stdin, 0, (SA *)&a, sizeof a)' \
    'mcast_set_if(0, "lo", 1)' 'mcast_get_if(0)' 'mcast_join_source_group(0, (SA *)&a, sizeof a, (SA *)&a, sizeof a, "lo", 0)' \
    'sock_bind_wild(0, AF_INET)' 'gf_time()'; do
    name=${call%%(*}
    printf '#include "unp.h"\nint main(void) { struct sockaddr_in a = { 0 }; %s; return 0; }\n' "$call" >"$dir/$name.c"
    if cc -w -Iinclude -o "$dir/$name" "$dir/$name.c" "$LIB" 2>"$dir/$name.err" && strip "$dir/$name"; then
        sz=$(wc -c <"$dir/$name" | tr -d ' ')
        [ "$sz" -le 65536 ] && ok || bad "$name: a program calling only it is $sz bytes, over 65536 (benches/bloat.py shows the panic path)"
    else
        bad "$name: link failed: $(head -n 3 "$dir/$name.err")"
    fi
done
echo "size: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
