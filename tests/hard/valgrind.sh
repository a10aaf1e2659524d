#!/bin/sh
# valgrind.sh TEST... : run C test programs (built against liblnp.so) under
# valgrind memcheck, through tests/c/run-all.sh.  Any memcheck error or
# definite/indirect leak, in the test or in any child it forks (a child also
# inherits its parent's error count), makes that
# process exit with status 99, which fails the test (EXPECT_EXIT compares
# exit statuses) or the run.  Suppressions: tests/hard/valgrind.supp; programs
# not run under valgrind: tests/hard/valgrind.skip.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: SKIPPED (valgrind not installed; scripts/install-deps.sh installs it as root)"
    exit 0
fi
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; trap 'exit 1' INT TERM
list=""
for t in "$@"; do
    name=$(basename "$t"); name=${name%%.*}
    if grep -q "^$name " "$here/valgrind.skip"; then
        echo "[$name] SKIPPED under valgrind: see tests/hard/valgrind.skip"
        continue
    fi
    abs=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
    w="$dir/$(basename "$t").valgrind"
    cat > "$w" <<EOS
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --suppressions="$here/valgrind.supp" "$abs"
EOS
    chmod +x "$w"
    list="$list $w"
done
# Fewer random cases for the fuzzers: every forked child pays valgrind's start-up.
export LNP_FUZZ_CASES=${LNP_FUZZ_CASES:-40}
exec "$here/../c/run-all.sh" $list
