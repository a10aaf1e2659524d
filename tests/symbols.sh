#!/bin/sh
# tests/symbols.sh: the public names liblnp.so and liblnp.a define (API.md 3.6, 6;
# PLATFORM.md 3).  Every function lnp.h or lnp's <netinet/sctp.h> declares is
# defined, weak, in both;
# the shared library exports nothing else but the lnp_rs_* internals; and
# neither defines a glibc name (getaddrinfo, inet_pton, signal, ...) or an
# unpv13e-only name.  Prints "symbols: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
SO=build/lib/liblnp.so
AR=build/lib/liblnp.a
PLUGIN=$(${CC:-cc} -print-file-name=liblto_plugin.so)  # PLATFORM.md 5: never LLVM 14's plugin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lnp-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Names lnp.h declares: the prototypes (a name followed by "(" on a line that
# starts a declaration) and the global daemon_proc.
protos() {
    grep -E '^[A-Za-z_][A-Za-z0-9_ *]*[ *][A-Za-z_][A-Za-z0-9_]*\(' "$@" |
        grep -v '^typedef' | sed -E 's/^[^(]*[ *]([A-Za-z_][A-Za-z0-9_]*)\(.*/\1/' | sort -u
}
protos include/lnp.h >"$tmp/header"
# ... and lnp's libsctp header, which adds the libsctp-only functions.
protos include/netinet/sctp.h >"$tmp/libsctp"
for name in sctp_sendv sctp_recvv sctp_peeloff_flags sctp_getaddrlen; do
    grep -qx "$name" "$tmp/libsctp" && ok || bad "netinet/sctp.h does not declare $name"
done
cat "$tmp/libsctp" >>"$tmp/header"
echo daemon_proc >>"$tmp/header"
sort -u -o "$tmp/header" "$tmp/header"
[ "$(wc -l <"$tmp/header")" -ge 160 ] && ok || bad "only $(wc -l <"$tmp/header") names parsed from lnp.h"

# Shared library: name and binding of every defined dynamic symbol.
nm -D --defined-only "$SO" | awk 'NF == 3 {print $3, $2}' | sort >"$tmp/so"
awk '$1 !~ /^lnp_rs_/ {print $1}' "$tmp/so" >"$tmp/so_public"
extra=$(comm -13 "$tmp/header" "$tmp/so_public" | tr '\n' ' ')
[ -z "$extra" ] && ok || bad "liblnp.so exports names lnp.h does not declare: $extra"
missing=$(comm -23 "$tmp/header" "$tmp/so_public" | tr '\n' ' ')
[ -z "$missing" ] && ok || bad "liblnp.so lacks names lnp.h declares: $missing"
strong=$(awk '$1 !~ /^lnp_rs_/ && $2 != "W" && $2 != "V" {print $1}' "$tmp/so" | tr '\n' ' ')
[ -z "$strong" ] && ok || bad "public names not weak in liblnp.so: $strong"

# Static archive: every lnp.h name defined weak; internals strong.
nm --plugin "$PLUGIN" -g --defined-only "$AR" 2>/dev/null | awk 'NF == 3 {print $3, $2}' | sort -u >"$tmp/ar"
awk '{print $1}' "$tmp/ar" | sort -u >"$tmp/ar_names"
missing=$(comm -23 "$tmp/header" "$tmp/ar_names" | tr '\n' ' ')
[ -z "$missing" ] && ok || bad "liblnp.a lacks names lnp.h declares: $missing"
strong=$(join "$tmp/header" "$tmp/ar" | awk '$2 != "W" && $2 != "V" {print $1}' | tr '\n' ' ')
[ -z "$strong" ] && ok || bad "public names not weak in liblnp.a: $strong"

# The libsctp additions: defined and weak in both libraries.
for name in sctp_sendv sctp_recvv sctp_peeloff_flags sctp_getaddrlen; do
    for lib in so ar; do
        grep -Eq "^$name [WV]\$" "$tmp/$lib" && ok || bad "liblnp.$lib does not define $name weak"
    done
done

# Never defined: glibc's own names (API.md 6) and unpv13e's names outside lnp.h.
for name in getaddrinfo freeaddrinfo gai_strerror getnameinfo gethostname hstrerror \
            if_nametoindex if_indextoname if_freenameindex if_nameindex inet_pton inet_ntop \
            inet_aton pselect sockatmark snprintf signal err_doit get_ifi_info Get_ifi_info \
            free_ifi_info rtt_init rtt_ts rtt_start rtt_stop rtt_timeout rtt_newpack rtt_d_flag \
            Pthread_create Pthread_join Pthread_mutex_lock sysctl kqueue kevent \
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
