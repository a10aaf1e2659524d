#!/bin/sh
# tests/install.sh: install lnp into temporary prefixes (PREFIX=dir, and a
# staged DESTDIR=dir PREFIX=/usr) and build a small program the ways a
# student would: with pkg-config (shared and --static), and with plain
# `cc prog.c -llnp` given only the -I/-L of the installed prefix; and the
# original libunp's names: a lab Makefile with ../libunp.a or -lunp, and the
# unpthread.h, unpifi.h, unprtt.h headers.  Prints
# "install: N passed, N failed"; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/.." || exit 1
MAKE=${MAKE:-make}
CC=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lnp-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
    what=$1; shift
    if "$@" >"$tmp/out" 2>&1; then ok; else bad "$what"; sed 's/^/    /' "$tmp/out"; fi
}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)

cat >"$tmp/prog.c" <<'EOF'
#include <lnp.h>

int main(void)
{
    int sv[2];
    char buf[MAXLINE];
    ssize_t n;

    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Write(sv[0], "lnp works\n", 10);
    n = Read(sv[1], buf, sizeof(buf));
    buf[n] = 0;
    Fputs(buf, stdout);
    return 0;
}
EOF
sed 's/<lnp.h>/"unp.h"/' "$tmp/prog.c" >"$tmp/prog_unp.c"
# A program written for libsctp (its build line said -lsctp): only the SCTP
# header and no SCTP socket, so that it runs on a kernel without SCTP too.
cat >"$tmp/libsctp.c" <<'EOF'
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

int main(void)
{
#ifdef HAVE_SCTP_SENDV
    printf("sendv %d %d\n", sctp_getaddrlen(AF_INET), sctp_getaddrlen(AF_INET6));
#endif
    return 0;
}
EOF

runs() { # runs BINARY [LIBDIR]: prints "lnp works"
    if [ -n "${2:-}" ]; then out=$(LD_LIBRARY_PATH=$2 "$1"); else out=$("$1"); fi
    [ "$out" = "lnp works" ]
}
uses_shared() { readelf -d "$1" | grep -q 'NEEDED.*\[liblnp\.so\.1\]'; }
no_shared() { ! readelf -d "$1" | grep -q 'liblnp'; }

# --- PREFIX=$tmp/p ---------------------------------------------------------
p=$tmp/p
check "make install PREFIX=$p" $MAKE -s install PREFIX="$p"
for f in lib/liblnp.a "lib/liblnp.so.$version" lib/liblnp.so.1 lib/liblnp.so \
         include/lnp.h include/unp.h lib/pkgconfig/lnp.pc; do
    check "installed $f" test -e "$p/$f"
done
check "liblnp.so -> liblnp.so.1" test "$(readlink "$p/lib/liblnp.so")" = liblnp.so.1
check "soname liblnp.so.1" sh -c "readelf -d '$p/lib/liblnp.so.$version' | grep -q 'SONAME.*\[liblnp.so.1\]'"
check "lnp.pc prefix" grep -qx "prefix=$p" "$p/lib/pkgconfig/lnp.pc"
cmp -s include/lnp.h "$p/include/lnp.h" && ok || bad "installed lnp.h differs"

export PKG_CONFIG_PATH="$p/lib/pkgconfig"
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR 2>/dev/null
check "pkg-config --modversion" test "$(pkg-config --modversion lnp)" = "$version"
check "pkg-config --cflags" test "$(echo $(pkg-config --cflags lnp))" = "-I$p/include"

# shared, with pkg-config's flags only
check "cc prog.c \$(pkg-config --cflags --libs lnp)" \
    sh -c "$CC -o '$tmp/dyn' '$tmp/prog.c' $(pkg-config --cflags --libs lnp)"
check "pkg-config program runs" runs "$tmp/dyn" "$p/lib"
check "pkg-config program uses liblnp.so.1" uses_shared "$tmp/dyn"

# static, with pkg-config --static (Libs.private must suffice); -l:liblnp.a picks the archive
static_libs=$(pkg-config --static --libs lnp | sed 's/-llnp\( \|$\)/-l:liblnp.a\1/')
check "cc prog.c \$(pkg-config --static --libs lnp)" \
    sh -c "$CC -o '$tmp/st' '$tmp/prog.c' $(pkg-config --cflags lnp) $static_libs"
check "static program runs" runs "$tmp/st"
check "static program does not need liblnp.so" no_shared "$tmp/st"

# plain: only the prefix's -I/-L and -llnp, nothing else (no -lpthread, -ldl, ...)
check "cc prog.c -I -L -llnp" "$CC" -o "$tmp/plain" "$tmp/prog.c" -I"$p/include" -L"$p/lib" -llnp
check "plain program runs" runs "$tmp/plain" "$p/lib"
check "cc prog_unp.c (unp.h) -llnp" "$CC" -o "$tmp/plain_unp" "$tmp/prog_unp.c" -I"$p/include" -L"$p/lib" -llnp
check "unp.h program runs" runs "$tmp/plain_unp" "$p/lib"
check "cc prog.c liblnp.a (no other flags)" "$CC" -o "$tmp/plain_st" "$tmp/prog.c" -I"$p/include" "$p/lib/liblnp.a"
check "archive program runs" runs "$tmp/plain_st"
check "installed netinet/sctp.h" cmp -s include/netinet/sctp.h "$p/include/netinet/sctp.h"
check "cc libsctp.c -I -L -llnp (instead of -lsctp)" \
    "$CC" -o "$tmp/libsctp" "$tmp/libsctp.c" -I"$p/include" -L"$p/lib" -llnp
check "libsctp program runs" test "$(LD_LIBRARY_PATH=$p/lib "$tmp/libsctp")" = "sendv 16 28"

# --- the original libunp's names: libunp.a, -lunp, unpthread.h, unpifi.h, unprtt.h ---
for f in lib/libunp.a lib/libunp.so include/unpthread.h include/unpifi.h include/unprtt.h; do
    check "installed $f" test -e "$p/$f"
done
check "libunp.a -> liblnp.a" test "$(readlink "$p/lib/libunp.a")" = liblnp.a
check "libunp.so -> liblnp.so.1" test "$(readlink "$p/lib/libunp.so")" = liblnp.so.1
check "pkg-config --libs lnp still says -llnp" test "$(echo $(pkg-config --libs lnp))" = "-L$p/lib -llnp"
# A course lab laid out like the original's source tree: programs in a
# subdirectory, CFLAGS with -I../lib, LIBS with ../libunp.a.  The one line the
# README tells to change is LIBUNP; the headers come from the install prefix,
# found as from /usr/local/include (CPATH stands in for the default path).
mkdir -p "$tmp/lab/lib" "$tmp/lab/threads"
cat >"$tmp/lab/threads/Makefile" <<'EOF2'
CC = cc
CFLAGS = -I../lib -g -O2 -D_REENTRANT -Wall
LIBUNP = ../libunp.a
LIBS = $(LIBUNP) -lpthread
PROGS = thr ifi rtt

all: $(PROGS)

thr: thr.o
	$(CC) $(CFLAGS) -o $@ thr.o $(LIBS)
ifi: ifi.o
	$(CC) $(CFLAGS) -o $@ ifi.o $(LIBS)
rtt: rtt.o
	$(CC) $(CFLAGS) -o $@ rtt.o $(LIBS)
clean:
	rm -f $(PROGS) *.o
EOF2
cat >"$tmp/lab/threads/thr.c" <<'EOF2'
#include "unpthread.h"

static int sv[2];

static void *writer(void *arg)
{
    Write(sv[0], "lnp works\n", 10);
    return arg;
}

int main(void)
{
    pthread_t tid;
    char buf[MAXLINE];
    ssize_t n;

    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Pthread_create(&tid, NULL, writer, NULL);
    Pthread_join(tid, NULL);
    n = Read(sv[1], buf, sizeof(buf));
    buf[n] = 0;
    Fputs(buf, stdout);
    exit(0);
}
EOF2
cat >"$tmp/lab/threads/ifi.c" <<'EOF2'
#include "unpifi.h"

int main(void)
{
    struct ifi_info *ifi, *ifihead;

    ifihead = Get_ifi_info(AF_INET, 1);
    for (ifi = ifihead; ifi != NULL; ifi = ifi->ifi_next)
        if (ifi->ifi_flags & IFF_LOOPBACK)
            printf("lnp works\n");
    free_ifi_info(ifihead);
    exit(0);
}
EOF2
cat >"$tmp/lab/threads/rtt.c" <<'EOF2'
#include "unprtt.h"

int main(void)
{
    struct rtt_info ri;

    rtt_init(&ri);
    rtt_newpack(&ri);
    if (rtt_start(&ri) == 3 && rtt_timeout(&ri) == 0)
        printf("lnp works\n");
    exit(0);
}
EOF2
lab=$tmp/lab/threads
check "lab Makefile, LIBUNP=<prefix>/lib/libunp.a" \
    env CPATH="$p/include" $MAKE -s -C "$lab" LIBUNP="$p/lib/libunp.a"
for prog in thr ifi rtt; do
    check "lab $prog (libunp.a) runs" runs "$lab/$prog"
    check "lab $prog (libunp.a) does not need liblnp.so" no_shared "$lab/$prog"
done
$MAKE -s -C "$lab" clean >/dev/null
check "lab Makefile, LIBUNP=-lunp" \
    env CPATH="$p/include" LIBRARY_PATH="$p/lib" $MAKE -s -C "$lab" LIBUNP=-lunp
for prog in thr ifi rtt; do
    check "lab $prog (-lunp) runs" runs "$lab/$prog" "$p/lib"
    check "lab $prog (-lunp) uses liblnp.so.1" uses_shared "$lab/$prog"
done
check "cc -I -L prog_unp.c -lunp" "$CC" -o "$tmp/plain_lunp" "$tmp/prog_unp.c" -I"$p/include" -L"$p/lib" -lunp
check "-lunp program runs" runs "$tmp/plain_lunp" "$p/lib"

check "make uninstall PREFIX=$p" $MAKE -s uninstall PREFIX="$p"
check "uninstall removed everything" sh -c "! ls '$p/lib/liblnp'* '$p/include/lnp.h' '$p/include/unp.h' '$p/include/netinet/sctp.h' '$p/lib/pkgconfig/lnp.pc' \
    '$p/lib/libunp'* '$p/include/unpthread.h' '$p/include/unpifi.h' '$p/include/unprtt.h' 2>/dev/null | grep -q ."

# --- staged: DESTDIR=$tmp/stage PREFIX=/usr ----------------------------------
s=$tmp/stage
check "make install DESTDIR=$s PREFIX=/usr" $MAKE -s install DESTDIR="$s" PREFIX=/usr
check "staged lnp.pc says /usr" grep -qx "prefix=/usr" "$s/usr/lib/pkgconfig/lnp.pc"
check "staged lnp.pc libdir" grep -qx "libdir=/usr/lib" "$s/usr/lib/pkgconfig/lnp.pc"
export PKG_CONFIG_PATH="$s/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$s"
check "sysroot pkg-config --cflags --libs" test "$(echo $(pkg-config --cflags --libs lnp))" = "-I$s/usr/include -L$s/usr/lib -llnp"
check "cc prog.c with staged pkg-config" \
    sh -c "$CC -o '$tmp/staged' '$tmp/prog.c' $(pkg-config --cflags --libs lnp)"
check "staged program runs" runs "$tmp/staged" "$s/usr/lib"


echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
