#!/bin/sh
# asan.sh TEST... : run C test programs built with -fsanitize=address,undefined
# (make check-asan) through tests/c/run-all.sh.  A sanitizer report in the
# test or in a child it forks makes that process exit with status 99, which
# fails the test (EXPECT_EXIT compares exit statuses) or the run.
# LeakSanitizer runs at every exit (except for the programs in
# tests/hard/asan.noleak); tests/hard/lsan.supp lists the leaks that are not
# lnp's.  Programs not run under the sanitizers: tests/hard/asan.skip.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; trap 'exit 1' INT TERM
list=""
for t in "$@"; do
    abs=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
    name=$(basename "$t"); name=${name%%.*}
    if grep -q "^$name " "$here/asan.skip"; then
        echo "[$name] SKIPPED under ASan: see tests/hard/asan.skip"
        continue
    fi
    leaks=1
    grep -q "^$name " "$here/asan.noleak" && leaks=0
    w="$dir/$(basename "$t")"
    cat > "$w" <<EOS
#!/bin/sh
ASAN_OPTIONS=detect_leaks=$leaks:exitcode=99 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
LSAN_OPTIONS=exitcode=99:print_suppressions=0:suppressions=$here/lsan.supp exec "$abs"
EOS
    chmod +x "$w"
    list="$list $w"
done
exec "$here/../c/run-all.sh" $list
