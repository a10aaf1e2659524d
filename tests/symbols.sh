#!/bin/sh
# tests/symbols.sh: the public names liblnp.so and liblnp.a define (README.md:
# weak symbols).  Every function lnp.h or lnp's <netinet/sctp.h> declares, and
# every name of the original's unpthread.h, unpifi.h and unprtt.h, is defined,
# weak, in both;
# the shared library exports nothing else but the lnp_rs_* internals; and
# neither defines a glibc name (getaddrinfo, inet_pton, signal, ...) or an
# unpv13e-only name.  Prints "symbols: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
SO=build/lib/liblnp.so
AR=build/lib/liblnp.a
PLUGIN=$(${CC:-cc} -print-file-name=liblto_plugin.so)  # gcc's LTO plugin for nm, never LLVM 14's
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lnp-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Names a header declares: the prototypes (a name followed by "(" on a line
# that starts a declaration).
prototypes() {
    grep -E '^[A-Za-z_][A-Za-z0-9_ *]*[ *][A-Za-z_][A-Za-z0-9_]*\(' "$@" |
        grep -v '^typedef' | sed -E 's/^[^(]*[ *]([A-Za-z_][A-Za-z0-9_]*)\(.*/\1/'
}
# lnp.h's names and the global daemon_proc.
{ prototypes include/lnp.h; echo daemon_proc; } | sort -u >"$tmp/lnp_h"
[ "$(wc -l <"$tmp/lnp_h")" -ge 160 ] && ok || bad "only $(wc -l <"$tmp/lnp_h") names parsed from lnp.h"
# The original libunp's names outside unp.h (unpthread.h, unpifi.h, unprtt.h
# and the global rtt_d_flag): defined and weak like lnp.h's, never in lnp.h.
{ prototypes include/unpthread.h include/unpifi.h include/unprtt.h; echo rtt_d_flag; } | sort -u >"$tmp/superset"
[ "$(wc -l <"$tmp/superset")" -eq 27 ] && ok || bad "$(wc -l <"$tmp/superset") names parsed from unpthread.h, unpifi.h, unprtt.h, want 27"
in_lnp_h=$(comm -12 "$tmp/lnp_h" "$tmp/superset" | tr '\n' ' ')
[ -z "$in_lnp_h" ] && ok || bad "lnp.h declares names of the original's other headers: $in_lnp_h"
for name in Pthread_create get_ifi_info rtt_init; do
    grep -q "$name" include/lnp.h && bad "lnp.h mentions $name" || ok
done
# lnp's libsctp header adds the libsctp-only functions.
prototypes include/netinet/sctp.h | sort -u >"$tmp/libsctp"
for name in sctp_sendv sctp_recvv sctp_peeloff_flags sctp_getaddrlen; do
    grep -qx "$name" "$tmp/libsctp" && ok || bad "netinet/sctp.h does not declare $name"
done
sort -u "$tmp/lnp_h" "$tmp/superset" "$tmp/libsctp" >"$tmp/header"

# Shared library: name and binding of every defined dynamic symbol.
nm -D --defined-only "$SO" | awk 'NF == 3 {print $3, $2}' | sort >"$tmp/so"
awk '$1 !~ /^lnp_rs_/ {print $1}' "$tmp/so" >"$tmp/so_public"
extra=$(comm -13 "$tmp/header" "$tmp/so_public" | tr '\n' ' ')
[ -z "$extra" ] && ok || bad "liblnp.so exports names no header declares: $extra"
missing=$(comm -23 "$tmp/header" "$tmp/so_public" | tr '\n' ' ')
[ -z "$missing" ] && ok || bad "liblnp.so lacks names the headers declare: $missing"
strong=$(awk '$1 !~ /^lnp_rs_/ && $2 != "W" && $2 != "V" {print $1}' "$tmp/so" | tr '\n' ' ')
[ -z "$strong" ] && ok || bad "public names not weak in liblnp.so: $strong"

# Static archive: every header name defined weak; internals strong.
nm --plugin "$PLUGIN" -g --defined-only "$AR" 2>/dev/null | awk 'NF == 3 {print $3, $2}' | sort -u >"$tmp/ar"
awk '{print $1}' "$tmp/ar" | sort -u >"$tmp/ar_names"
missing=$(comm -23 "$tmp/header" "$tmp/ar_names" | tr '\n' ' ')
[ -z "$missing" ] && ok || bad "liblnp.a lacks names the headers declare: $missing"
strong=$(join "$tmp/header" "$tmp/ar" | awk '$2 != "W" && $2 != "V" {print $1}' | tr '\n' ' ')
[ -z "$strong" ] && ok || bad "public names not weak in liblnp.a: $strong"

# The libsctp additions: defined and weak in both libraries.
for name in sctp_sendv sctp_recvv sctp_peeloff_flags sctp_getaddrlen; do
    for lib in so ar; do
        grep -Eq "^$name [WV]\$" "$tmp/$lib" && ok || bad "liblnp.$lib does not define $name weak"
    done
done

# Never defined: glibc's own names and unpv13e's internal names.
for name in getaddrinfo freeaddrinfo gai_strerror getnameinfo gethostname hstrerror \
            if_nametoindex if_indextoname if_freenameindex if_nameindex inet_pton inet_ntop \
            inet_aton pselect sockatmark snprintf signal err_doit sysctl kqueue kevent \
            rtt_minmax pthread_create pthread_mutex_lock getifaddrs \
            inet6_rth_space inet6_rth_init inet6_rth_add inet6_rth_reverse inet6_rth_segments \
            inet6_rth_getaddr; do
    if grep -q "^$name " "$tmp/so" || grep -q "^$name " "$tmp/ar"; then
        bad "the library defines $name"
    else
        ok
    fi
done

echo "symbols: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
