#!/bin/sh
# tests/archive.sh: the installed liblnp.a is an ordinary C archive
# (tools/archive-split; PLATFORM.md 5).  Debian's binutils (nm, ar,
# objdump, readelf, size; with the LLVM plugin they load by themselves,
# no --plugin option) read every member without an error or a warning;
# every member is an x86-64 ELF relocatable object without LLVM bitcode;
# and no symbol, static or per-thread buffer is defined in two members.
# Prints "archive: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lnp-archive.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

make -s --no-print-directory install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/install.log" 2>&1 ||
    bad "make install: $(tail -n 3 "$tmp/install.log")"
AR=$tmp/root/usr/lib/liblnp.a
[ -f "$AR" ] && ok || { bad "no installed liblnp.a"; echo "archive: $pass passed, $fail failed"; exit 1; }

for tool in "nm" "nm -A --defined-only" "nm -u" "ar t" "ar tv" "objdump -d" "objdump -h -r" "readelf -a -W" "size"; do
    # shellcheck disable=SC2086
    $tool "$AR" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && [ -s "$tmp/out" ]; then ok; else
        bad "$tool liblnp.a: exit $rc, $(wc -l <"$tmp/err" | tr -d ' ') lines on stderr: $(head -n 2 "$tmp/err")"
    fi
done

members=$(ar t "$AR" 2>/dev/null | wc -l | tr -d ' ')
[ "$members" -ge 100 ] && ok || bad "only $members members: the linker cannot take the library piece by piece"
rel=$(readelf -h "$AR" 2>/dev/null | grep -c 'Type: *REL ')
[ "$rel" -eq "$members" ] && ok || bad "$rel of $members members are relocatable objects"
x86=$(readelf -h "$AR" 2>/dev/null | grep -c 'Machine: *Advanced Micro Devices X86-64')
[ "$x86" -eq "$members" ] && ok || bad "$x86 of $members members are x86-64"
bitcode=$(readelf -S -W "$AR" 2>/dev/null | grep -c '\.llvm')
[ "$bitcode" -eq 0 ] && ok || bad "$bitcode .llvmbc/.llvmcmd sections (unreadable to binutils' LLVM plugin)"
stack=$(readelf -S -W "$AR" 2>/dev/null | grep -c '\.note\.GNU-stack')
[ "$stack" -eq "$members" ] && ok || bad "$stack of $members members say their stack is not executable"

# Defined once: global names (hidden ones too), and every static or
# per-thread variable (writable data, local or not: a split that copied one
# into two members would show its name twice).
nm -A --defined-only "$AR" 2>/dev/null | awk '$(NF-1) ~ /^[A-Z]$/ {print $NF}' | sort | uniq -d >"$tmp/dup_global"
[ ! -s "$tmp/dup_global" ] && ok || bad "defined in several members: $(head -n 5 "$tmp/dup_global" | tr '\n' ' ')"
nm -A --defined-only "$AR" 2>/dev/null | awk '$(NF-1) ~ /^[bBdD]$/ {print $NF}' | sort | uniq -d >"$tmp/dup_data"
[ ! -s "$tmp/dup_data" ] && ok || bad "variables defined in several members: $(head -n 5 "$tmp/dup_data" | tr '\n' ' ')"
for var in daemon_proc; do
    n=$(nm -A --defined-only "$AR" 2>/dev/null | awk -v v="$var" '$NF == v' | wc -l | tr -d ' ')
    [ "$n" -eq 1 ] && ok || bad "$var defined $n times"
done
# The per-thread buffers (readline's, sock_ntop's, gf_time's): TLS symbols, each once.
readelf -s -W "$AR" 2>/dev/null | awk '$4 == "TLS" && $7 != "UND" {print $8}' | sort >"$tmp/tls"
[ -s "$tmp/tls" ] && ok || bad "no per-thread variables found"
dups=$(uniq -d "$tmp/tls" | head -n 3 | tr '\n' ' ')
[ -z "$dups" ] && ok || bad "per-thread variables defined in several members: $dups"

echo "archive: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
