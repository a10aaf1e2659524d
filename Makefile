# lnp: build the Rust library, its C header and the book's examples.
# Cargo does the building; this Makefile gathers the results in build/lib,
# installs them and runs the whole test suite.  Targets:
#   all (default)  build/lib/liblnp.a, build/lib/liblnp.so (+ .so.1), lnp.pc
#   header         regenerate include/lnp.h (and check include/unp.h)
#   examples       build every program in c-examples/
#   run            build, then run a book scenario end to end (tcpserv04 + tcpcli01)
#   trace-demo     the same echo scenario with LNP_TRACE=1, the trace printed at the end
#   test           everything: cargo test, clippy/rustdoc/fmt, the C tests (static and shared),
#                  install/pkg-config, the book scenarios, the READMEs (test-docs), LNP_TRACE and
#                  LNP_EXPLAIN (test-trace), Rust/C twins and
#                  interop, SCTP under user-mode-linux, multicast across namespaces, netem
#                  under user-mode-linux, and test-hard (below)
#   bench          lnp against a plain C build of the same functions
#   check-asan     the C tests built with AddressSanitizer + UBSan (static library)
#   check-valgrind the C tests under valgrind memcheck (shared library)
#   check-tsan     the threads stress test built with ThreadSanitizer
#   check-load     1,000 concurrent clients against tcpserv04 and tcpservselect01
#   check-size     every book program linked plain, with --gc-sections and -static, against
#                  liblnp.a and a plain C library: sizes and static-link warnings (tests/hard/size.sh)
#   install        PREFIX/lib, PREFIX/include (with netinet/sctp.h), PREFIX/lib/pkgconfig/lnp.pc; also libunp.a and
#                  libunp.so (links to lnp's) and unpthread.h, unpifi.h, unprtt.h
#   clean

CARGO   ?= cargo
CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)

BUILD   := build/lib
RELEASE := target/release

.PHONY: deps all lib header examples run test test-rust test-rust-api test-interop test-twins test-rust-sctp test-c test-install test-examples test-docs test-trace trace-demo test-netns bench install uninstall clean \
	test-sctp test-sctp-bindings sctp-bindings sctp-bindgen-tool test-netem

all: lib

lib: $(BUILD)/liblnp.a $(BUILD)/liblnp.so $(BUILD)/pkgconfig/lnp.pc

$(RELEASE)/liblnp.a $(RELEASE)/liblnp.so: FORCE
	$(CARGO) build --release --lib

# build/lib/liblnp.a is linked like a C library: cargo's archive is one big
# object (the LTO'd crate) plus Rust's std, so any reference took all of it
# (a plain `cc prog.c liblnp.a` made a 1 MB program, `-static` 2 MB).
# tools/archive-split combines what the public names reach with `ld -r`,
# then writes one member per set of sections reached by the same public
# names (about 470 members, under 1 MB): the linker takes only what a program
# uses, with or without --gc-sections.  No section is copied twice, so
# statics and per-thread buffers stay single; debug info and LLVM bitcode
# (.llvmbc, unreadable to binutils' LLVM 14 plugin) are left out.  The
# public names are the symbols liblnp.so exports (build.rs lists them).
SPLIT := target/archive-split/release/lnp-archive-split
$(SPLIT): tools/archive-split/Cargo.toml tools/archive-split/Cargo.lock $(wildcard tools/archive-split/src/*.rs)
	cd tools/archive-split && $(CARGO) build --release --locked --target-dir ../../target/archive-split

$(BUILD)/liblnp.a: $(RELEASE)/liblnp.a $(RELEASE)/liblnp.so $(SPLIT)
	@mkdir -p $(BUILD)
	$(SPLIT) --roots $(RELEASE)/liblnp.so $(RELEASE)/liblnp.a $@

$(BUILD)/liblnp.so: $(RELEASE)/liblnp.so
	@mkdir -p $(BUILD)
	cp $< $(BUILD)/liblnp.so.$(VERSION) && strip --strip-unneeded $(BUILD)/liblnp.so.$(VERSION)
	ln -sf liblnp.so.$(VERSION) $(BUILD)/liblnp.so.1
	ln -sf liblnp.so.1 $(BUILD)/liblnp.so

# Regenerated on every run (FORCE) so that `make install PREFIX=...` never
# installs a .pc written for another prefix; rewritten only when it changes.
$(BUILD)/pkgconfig/lnp.pc: lnp.pc.in Cargo.toml FORCE
	@mkdir -p $(BUILD)/pkgconfig
	@sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' $< > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

header:
	LNP_UPDATE_HEADER=1 $(CARGO) build --lib

examples: lib
	$(MAKE) -C c-examples

run: lib
	$(MAKE) -C c-examples run

# --- tests -------------------------------------------------------------------
# tests/c/override/*.c: programs defining their own library names (weak symbols:
# a program's own str_echo, readline, err_sys, ... wins; see README.md).
C_TESTS := $(patsubst tests/c/%.c,%,$(wildcard tests/c/test_*.c)) \
           $(patsubst tests/c/override/%.c,%,$(wildcard tests/c/override/*.c))
C_TEST_BIN := tests/c/bin
C_TEST_FLAGS := -Wall -Wextra -Werror -Wno-unused-parameter -g -Iinclude -Itests/c

test: deps test-rust test-rust-api test-c test-install test-examples test-docs test-trace test-interop test-twins test-rust-sctp test-netns test-sctp test-sctp-bindings test-netem
	@echo "lnp: all test stages passed"

test-rust:
	$(CARGO) test

# The native Rust API: rustfmt, clippy and rustdoc clean for the whole crate
# and rustfmt/clippy for tools/archive-split,
# which builds build/lib/liblnp.a (tests/rust-api.sh; closing line "rust-api: N passed, N failed").
test-rust-api:
	@CARGO=$(CARGO) tests/rust-api.sh

# The book's programs in Rust (examples/) against the C ones (c-examples/),
# each scenario in its own network namespace (tests/interop.rs); as root a
# scenario that cannot run is a failure, otherwise it is SKIPPED.
test-interop: lib
	$(MAKE) -C c-examples
	$(CARGO) build --examples
	LNP_INTEROP_REQUIRED=$(if $(filter 0,$(shell id -u)),1,0) $(CARGO) test --test interop

# Every Rust example proven equal to its C twin: the book's scenarios
# (c-examples/tests/run.sh) run with the C programs, with the Rust ones, and
# crossed (Rust clients with C servers, C clients with Rust servers); each
# program's stdout, stderr and exit status must match the C run's after
# masking pids, ports and times (tests/twins/run.sh; "twins: N passed, N failed").
test-twins: lib
	$(MAKE) -C c-examples
	$(CARGO) build --examples
	@bash tests/twins/run.sh

# The Rust SCTP API, examples and C/Rust interop on a kernel with SCTP (user-mode-linux).
test-rust-sctp: lib
	@tests/rust-sctp/run.sh

$(C_TEST_BIN)/%.static: tests/c/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

$(C_TEST_BIN)/%.shared: tests/c/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.so
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) -o $@ $< -L$(BUILD) -llnp -Wl,-rpath,$(CURDIR)/$(BUILD) -lpthread

$(C_TEST_BIN)/%.static: tests/c/override/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

$(C_TEST_BIN)/%.shared: tests/c/override/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.so
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) -o $@ $< -L$(BUILD) -llnp -Wl,-rpath,$(CURDIR)/$(BUILD) -lpthread

test-c: lib $(foreach t,$(C_TESTS),$(C_TEST_BIN)/$(t).static $(C_TEST_BIN)/$(t).shared)
	@tests/c/run-all.sh $(foreach t,$(C_TESTS),$(C_TEST_BIN)/$(t).static $(C_TEST_BIN)/$(t).shared)

# Install into temporary prefixes; build with pkg-config and plain -llnp;
# check the names the libraries define (weak, nothing of glibc's) and that
# binutils read the installed liblnp.a silently (tests/archive.sh).
test-install: lib
	@sh tests/install.sh
	@sh tests/symbols.sh
	@sh tests/archive.sh

test-examples: lib
	$(MAKE) -C c-examples test

# The READMEs (both languages) name only make targets, programs, examples and
# files that exist, and each Korean twin has its English document's sections
# (tests/docs.py; closing line "docs: N passed, N failed").
test-docs: examples
	@python3 tests/docs.py

# LNP_TRACE and LNP_EXPLAIN on the book's programs, linked static and shared, in
# a network namespace of the test's own (tests/trace/run.sh; closing line
# "trace: N passed, N failed", SKIPPED when not root).
TRACE_SHARED := build/trace-shared
TRACE_EXPLAIN := tests/trace/bin/explain
$(TRACE_EXPLAIN): tests/trace/explain.c include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(dir $@)
	$(CC) -Wall -Wextra -Werror -g -Iinclude -o $@ $< $(BUILD)/liblnp.a -lpthread

# tests/trace/calls.c against liblnp.a, liblnp.so and (check-asan) under ASan+UBSan.
TRACE_CALLS := tests/trace/bin/calls
TRACE_CALLS_FLAGS := -Wall -Wextra -Werror -g -Iinclude
$(TRACE_CALLS): tests/trace/calls.c include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(dir $@)
	$(CC) $(TRACE_CALLS_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread
$(TRACE_CALLS).shared: tests/trace/calls.c include/lnp.h $(BUILD)/liblnp.so
	@mkdir -p $(dir $@)
	$(CC) $(TRACE_CALLS_FLAGS) -o $@ $< -L$(BUILD) -llnp -Wl,-rpath,$(CURDIR)/$(BUILD) -lpthread
$(TRACE_CALLS).asan: tests/trace/calls.c include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(dir $@)
	$(CC) $(TRACE_CALLS_FLAGS) $(SAN_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

# First: every header function writes a trace line (tests/trace/coverage.py).
test-trace: examples $(TRACE_EXPLAIN) $(TRACE_CALLS) $(TRACE_CALLS).shared
	@python3 tests/trace/coverage.py
	@$(MAKE) -s -C c-examples programs LNP=shared BIN=$(CURDIR)/$(TRACE_SHARED)
	@tests/trace/run.sh $(CURDIR)/c-examples/bin $(CURDIR)/$(TRACE_SHARED) $(TRACE_EXPLAIN) $(TRACE_CALLS) $(TRACE_CALLS).shared

# The chapter 5 echo scenario (tcpserv04 + tcpcli01) with LNP_TRACE=1: what a student sees.
trace-demo: examples
	@c-examples/tests/trace-demo.sh $(CURDIR)/c-examples/bin

# Multicast and recvfrom_flags across three network namespaces joined by
# veth pairs (tests/netns/run.sh; SKIPPED with the reason when not root).
NETNS_PEER := tests/netns/bin/mcastpeer
$(NETNS_PEER): tests/netns/mcastpeer.c include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(dir $@)
	$(CC) $(C_TEST_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

NETNS_SENDRECV := tests/netns/bin/mcastsendrecv
$(NETNS_SENDRECV): c-examples/mcastsendrecv.c include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(dir $@)
	$(CC) -Wall -Wextra -Werror -g -Iinclude -o $@ $< $(BUILD)/liblnp.a -lpthread

# The Rust twin of mcastsendrecv runs in the same scenario, alone and mixed with C.
test-netns: lib $(NETNS_PEER) $(NETNS_SENDRECV)
	$(CARGO) build --example mcastsendrecv
	@tests/netns/run.sh $(NETNS_PEER) $(NETNS_SENDRECV) target/debug/examples/mcastsendrecv

# SCTP (chapters 9-10): the sandbox kernel has none, so one user-mode-linux
# boot runs the library's SCTP test and the book's chapter 10 scenarios
# (tests/sctp/run.sh); prints "sctp: N passed, N failed" or SKIPPED.
test-sctp: lib
	@tests/sctp/run.sh

# The reliable-UDP client (unprtt.h) over a link the kernel delays (netem) and
# drops on, in one user-mode-linux boot; "netem: N passed, N failed" or SKIPPED.
test-netem: lib
	@tests/netem/run.sh

# src/sctp/kernel.rs is generated from <linux/sctp.h> by bindgen (needs
# libclang): `make sctp-bindings` regenerates it, test-sctp-bindings checks it.
SCTP_BINDGEN := target/sctp-bindgen/release/lnp-sctp-bindgen

sctp-bindgen-tool:
	cd tools/sctp-bindgen && $(CARGO) build --release --locked --target-dir ../../target/sctp-bindgen

sctp-bindings: sctp-bindgen-tool
	$(SCTP_BINDGEN) src/sctp/kernel.rs

# The tool is built from tools/sctp-bindgen, whose dependencies (bindgen and
# its crates) cargo fetches from crates.io when they are not in its cache.
test-sctp-bindings:
	@if ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1; then \
	    if $(MAKE) --no-print-directory sctp-bindgen-tool && $(SCTP_BINDGEN) --check src/sctp/kernel.rs; then \
	        echo "sctp-bindings: 1 passed, 0 failed"; \
	    else echo "sctp-bindings: 0 passed, 1 failed"; exit 1; fi; \
	else echo "sctp-bindings: SKIPPED (libclang-dev not installed)"; fi

bench: lib
	$(MAKE) -C benches

# --- hardening (tests/hard, tests/load) ----------------------------------------
# `make test` runs all of them (test-hard): valgrind and ASan+UBSan on the C
# tests, ASan on the book's scenarios and the load servers, TSan on the
# threads test, the load test and the size check.
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TSAN_FLAGS := -fsanitize=thread
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 LSAN_OPTIONS=exitcode=99
TSAN_TESTS := test_hard_threads
# Traced runs: these C tests again with LNP_TRACE=1 into a file (so their exact
# stderr checks still hold) under ASan+UBSan, valgrind and TSan; the trace file
# must not be empty.
TRACED_TESTS := test_wrap_sock test_wrap_unix test_wrap_fault test_lib_echo test_lib_sig test_lib_io test_hard_threads
TRACE_LOG = build/trace-$@.log
TRACE_ENV = LNP_TRACE=1 LNP_TRACE_FILE=$(CURDIR)/$(TRACE_LOG)
TRACE_LOG_CHECK = test -s $(TRACE_LOG) || { echo "$@: the traced runs wrote no trace"; exit 1; }

.PHONY: test-hard check-asan check-valgrind check-tsan check-load check-size
test: test-hard
test-hard: check-valgrind check-asan check-tsan check-load check-size

$(C_TEST_BIN)/%.asan: tests/c/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) $(SAN_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

$(C_TEST_BIN)/%.asan: tests/c/override/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) $(SAN_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

$(C_TEST_BIN)/%.tsan: tests/c/%.c tests/c/check.h include/lnp.h $(BUILD)/liblnp.a
	@mkdir -p $(C_TEST_BIN)
	$(CC) $(C_TEST_FLAGS) $(TSAN_FLAGS) -o $@ $< $(BUILD)/liblnp.a -lpthread

check-asan: lib $(foreach t,$(C_TESTS),$(C_TEST_BIN)/$(t).asan)
	@tests/hard/asan.sh $(foreach t,$(C_TESTS),$(C_TEST_BIN)/$(t).asan)
	@$(SAN_ENV) LOAD_SAN="$(SAN_FLAGS)" CLIENTS=200 tests/load/load.sh
	@# The book's scenarios with the programs built under ASan+UBSan; LSan off:
	@# book programs exit without freeing (dgcliaddr's Malloc'd reply address).
	@# (-k: the fully static checkopts.static cannot be built with ASan; not needed here)
	@$(MAKE) -s -k -C c-examples programs BIN=$(CURDIR)/build/asan-examples \
	    CFLAGS="-w -g -O1 $(SAN_FLAGS)" LDFLAGS="-Wl,--gc-sections $(SAN_FLAGS)" >/dev/null 2>&1 || true
	@ASAN_OPTIONS=detect_leaks=0:exitcode=99:verify_asan_link_order=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
	    BIN=$(CURDIR)/build/asan-examples bash c-examples/tests/run.sh
	@rm -f $(TRACE_LOG)
	@$(TRACE_ENV) tests/hard/asan.sh $(foreach t,$(TRACED_TESTS),$(C_TEST_BIN)/$(t).asan)
	@$(TRACE_LOG_CHECK)
	@# The trace scenarios (tests/trace/run.sh) with the book's programs built under ASan+UBSan.
	@$(MAKE) -s $(TRACE_EXPLAIN) $(TRACE_CALLS).asan
	@ASAN_OPTIONS=detect_leaks=0:exitcode=99:verify_asan_link_order=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
	    tests/trace/run.sh $(CURDIR)/build/asan-examples $(CURDIR)/build/asan-examples $(TRACE_EXPLAIN) \
	    $(CURDIR)/$(TRACE_CALLS).asan $(CURDIR)/$(TRACE_CALLS).asan

check-valgrind: lib $(foreach t,$(C_TESTS),$(C_TEST_BIN)/$(t).shared) $(TRACE_CALLS).shared
	@tests/hard/valgrind.sh $(foreach t,$(C_TESTS),$(C_TEST_BIN)/$(t).shared)
	@rm -f $(TRACE_LOG)
	@$(TRACE_ENV) tests/hard/valgrind.sh $(foreach t,$(TRACED_TESTS),$(C_TEST_BIN)/$(t).shared)
	@$(TRACE_LOG_CHECK)
	@# tests/trace/calls.c traced (every group, a signal delivered, a handler named) under memcheck.
	@if ! command -v valgrind >/dev/null 2>&1; then echo "valgrind trace-calls: SKIPPED (valgrind not installed)"; \
	elif $(TRACE_ENV) valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    $(TRACE_CALLS).shared > /dev/null && test -s $(TRACE_LOG); then echo "valgrind trace-calls: 1 passed, 0 failed"; \
	else echo "valgrind trace-calls: 0 passed, 1 failed"; exit 1; fi

check-tsan: lib $(foreach t,$(TSAN_TESTS),$(C_TEST_BIN)/$(t).tsan)
	@TSAN_OPTIONS=exitcode=99:halt_on_error=1:suppressions=$(CURDIR)/tests/hard/tsan.supp tests/c/run-all.sh $(foreach t,$(TSAN_TESTS),$(C_TEST_BIN)/$(t).tsan)
	@rm -f $(TRACE_LOG)
	@$(TRACE_ENV) TSAN_OPTIONS=exitcode=99:halt_on_error=1:suppressions=$(CURDIR)/tests/hard/tsan.supp tests/c/run-all.sh $(foreach t,$(TSAN_TESTS),$(C_TEST_BIN)/$(t).tsan)
	@$(TRACE_LOG_CHECK)

check-load: lib
	@tests/load/load.sh

check-size: lib
	@tests/hard/size.sh

# --- install -----------------------------------------------------------------
UNP_HEADERS := include/unpthread.h include/unpifi.h include/unprtt.h

install: lib
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 644 $(BUILD)/liblnp.a $(DESTDIR)$(LIBDIR)/liblnp.a
	install -m 755 $(BUILD)/liblnp.so.$(VERSION) $(DESTDIR)$(LIBDIR)/liblnp.so.$(VERSION)
	ln -sf liblnp.so.$(VERSION) $(DESTDIR)$(LIBDIR)/liblnp.so.1
	ln -sf liblnp.so.1 $(DESTDIR)$(LIBDIR)/liblnp.so
	install -m 644 include/lnp.h include/unp.h $(DESTDIR)$(INCLUDEDIR)/
	install -d $(DESTDIR)$(INCLUDEDIR)/netinet
	install -m 644 include/netinet/sctp.h $(DESTDIR)$(INCLUDEDIR)/netinet/sctp.h
	install -m 644 $(BUILD)/pkgconfig/lnp.pc $(DESTDIR)$(LIBDIR)/pkgconfig/lnp.pc
	@# The original libunp's names: its headers beside unp.h, and libunp.a / -lunp as links to lnp.
	install -m 644 $(UNP_HEADERS) $(DESTDIR)$(INCLUDEDIR)/
	ln -sf liblnp.a $(DESTDIR)$(LIBDIR)/libunp.a
	ln -sf liblnp.so.1 $(DESTDIR)$(LIBDIR)/libunp.so
	-[ -n "$(DESTDIR)" ] || ldconfig 2>/dev/null

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/liblnp.a $(DESTDIR)$(LIBDIR)/liblnp.so* \
	      $(DESTDIR)$(INCLUDEDIR)/lnp.h $(DESTDIR)$(INCLUDEDIR)/unp.h $(DESTDIR)$(LIBDIR)/pkgconfig/lnp.pc \
	      $(DESTDIR)$(INCLUDEDIR)/netinet/sctp.h
	rm -f $(DESTDIR)$(LIBDIR)/libunp.a $(DESTDIR)$(LIBDIR)/libunp.so $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(UNP_HEADERS)))

clean:
	$(CARGO) clean
	rm -rf build $(C_TEST_BIN) tests/netns/bin tests/netem/bin tests/trace/bin
	-$(MAKE) -C c-examples clean

FORCE:

deps:
	@scripts/install-deps.sh
