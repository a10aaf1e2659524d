#!/bin/sh
# rust-api.sh: the native Rust API's static checks (make test-rust-api):
# cargo fmt --check, clippy over every target with -D warnings, rustdoc with
# -D warnings, and the package file list; fmt and clippy also for
# tools/archive-split, which builds build/lib/liblnp.a.  fmt and clippy are SKIPPED when
# the toolchain lacks them.  Closing line: "rust-api: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
pass=0 fail=0
check() {
    name=$1; shift
    if "$@"; then
        echo "PASS rust-api $name"; pass=$((pass + 1))
    else
        echo "FAIL rust-api $name"; fail=$((fail + 1))
    fi
}
if $CARGO fmt --version >/dev/null 2>&1; then
    check fmt $CARGO fmt --check
    check fmt-archive-split sh -c "cd tools/archive-split && $CARGO fmt --check"
else
    echo "SKIPPED rust-api fmt: cargo fmt is not installed"
fi
if $CARGO clippy --version >/dev/null 2>&1; then
    check clippy $CARGO clippy --all-targets -- -D warnings
    check clippy-archive-split sh -c "cd tools/archive-split && $CARGO clippy --release --locked --target-dir ../../target/archive-split -- -D warnings"
else
    echo "SKIPPED rust-api clippy: cargo clippy is not installed"
fi
check rustdoc env RUSTDOCFLAGS=-Dwarnings $CARGO doc --no-deps
check package sh -c "$CARGO package --allow-dirty --no-verify --list >/dev/null"
echo "rust-api: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
