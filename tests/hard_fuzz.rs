//! Property tests, written with proptest:
//!
//! * `readline`, `readn` and `writen` with arbitrary chunking of the stream
//!   (down to 1-byte reads), EINTR in the middle of a line or a write, and EOF
//!   in the middle of a line, deliver exactly the bytes sent, in order;
//! * `sock_ntop`, `sock_ntop_host`, `sock_get_port`, `sock_cmp_addr` and
//!   `sock_cmp_port` with arbitrary sockaddr bytes and lengths (including
//!   lengths too short for the family) never read past `salen`: the address
//!   is placed right before a PROT_NONE guard page, so a read past it faults,
//!   and the fault handler prints the whole input (the process dies there, so
//!   that one property cannot shrink: the printed input is the regression).
//!
//! Determinism: every property runs a fixed number of cases from a fixed RNG
//! seed (ChaCha), so CI tries the same cases on every run and a failure seen
//! in CI reproduces locally with the same command. A failing case is shrunk
//! to a minimal input (bounded to 60 s of shrinking) and its seed is appended
//! to `tests/hard_fuzz.proptest-regressions`, which is committed and replayed
//! first on every later run. To explore beyond the fixed cases:
//! `PROPTEST_RNG_SEED=<any u64> PROPTEST_CASES=<n> cargo test --test hard_fuzz`.

use std::ffi::CStr;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use libc::{c_int, c_void, sockaddr, socklen_t};
use lnp::sys;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, RngSeed, TestCaseError, TestRunner};

/// A runner for `cases` cases from `seed`; `PROPTEST_CASES` and
/// `PROPTEST_RNG_SEED` override the fixed values.
fn runner(cases: u32, seed: u64) -> TestRunner {
    let mut config = Config::default(); // reads the PROPTEST_* variables
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(seed);
    }
    if std::env::var_os("PROPTEST_MAX_SHRINK_TIME").is_none() {
        config.max_shrink_time = 60_000;
    }
    config.rng_algorithm = RngAlgorithm::ChaCha;
    config.source_file = Some(file!());
    config.failure_persistence = Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions")));
    TestRunner::new(config)
}

/// Runs the property; on failure, panics with the minimal failing input.
fn check<S: Strategy>(mut runner: TestRunner, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// A byte stream, shown as an escaped string in failure reports.
#[derive(Clone)]
struct Bytes(Vec<u8>);
impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes b\"{}\"", self.0.len(), self.0.escape_ascii())
    }
}

/// A stream: short lines, long lines, NUL bytes, maybe no final newline.
/// One newline (and one NUL) in about every `1..=200` letters; the length is
/// below about 16, 300, 3,000 or 12,000 bytes with equal chances. The stream
/// is built from pieces of 1-32 bytes so that shrinking drops whole pieces
/// first (one byte at a time through 12,000 bytes would take too long).
fn stream() -> impl Strategy<Value = Bytes> {
    (1..=200u32)
        .prop_flat_map(|every| {
            let byte = prop_oneof![
                every => b'a'..=b'z',
                1 => Just(b'\n'),
                1 => Just(0u8),
            ];
            let piece = vec(byte, 1..=32);
            prop_oneof![
                vec(piece.clone(), 0..=1),
                vec(piece.clone(), 0..=18),
                vec(piece.clone(), 0..=180),
                vec(piece, 0..=720),
            ]
        })
        .prop_map(|pieces| Bytes(pieces.concat()))
}

/// A chunking plan: chunk sizes used in turn until the stream is covered.
/// All 1-byte pieces, small pieces, any size up to `max`, or the edge sizes.
fn chunking(max: usize) -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![
        Just(vec![1]),
        vec(1..=8usize, 1..=64),
        vec(1..=max, 1..=64),
        vec(select(&[1usize, 2, 3, 100, 4095, 4096][..]), 1..=64),
    ]
}

/// The chunk sizes that cover `total` bytes following `plan`.
fn split(total: usize, plan: &[usize]) -> Vec<usize> {
    let mut left = total;
    let mut chunks = Vec::new();
    for &want in plan.iter().cycle() {
        if left == 0 {
            break;
        }
        let n = want.min(left);
        chunks.push(n);
        left -= n;
    }
    chunks
}

/// Signals only interrupt: the handler counts and returns (no SA_RESTART).
static SIGNALS: AtomicUsize = AtomicUsize::new(0);
extern "C" fn count_signal(_: c_int) {
    SIGNALS.fetch_add(1, Ordering::Relaxed);
}

fn install_interrupting_handler() {
    // SAFETY: a plain sigaction with an async-signal-safe handler and no SA_RESTART.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = count_signal as *const () as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        sa.sa_flags = 0;
        assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
    }
}

fn socketpair(kind: c_int) -> (c_int, c_int) {
    let mut sv = [0; 2];
    // SAFETY: sv has room for two descriptors.
    assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, kind, 0, sv.as_mut_ptr()) }, 0);
    (sv[0], sv[1])
}

fn close(fd: c_int) {
    // SAFETY: closing a descriptor this test owns.
    unsafe { libc::close(fd) };
}

/// The thread id of the reader, for pthread_kill.
fn self_thread() -> libc::pthread_t {
    // SAFETY: no preconditions.
    unsafe { libc::pthread_self() }
}

fn interrupt(thread: libc::pthread_t) {
    // SAFETY: the target thread is alive (joined only after the writer ends).
    unsafe { libc::pthread_kill(thread, libc::SIGUSR1) };
}

/// Serialises the tests that send SIGUSR1, so each counts its own signals.
static SIGNAL_LOCK: Mutex<()> = Mutex::new(());

#[test]
fn readline_delivers_every_byte_under_any_chunking() {
    let _guard = SIGNAL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    install_interrupting_handler();
    let before = SIGNALS.load(Ordering::Relaxed);
    let maxlen = prop_oneof![1 => 1..=4usize, 1 => 1..=64usize, 3 => Just(4096usize)];
    let strategy = (stream(), chunking(4096), prop::bool::weighted(1.0 / 3.0), vec(maxlen, 1..=200));
    check(runner(250, 0x1234_5678_9abc_def1), strategy, |(Bytes(stream), plan, interrupts, maxlens)| {
        // SOCK_SEQPACKET: every read(fd, buf, MAXLINE) returns exactly one chunk.
        let chunks = split(stream.len(), &plan);
        let (w, r) = socketpair(libc::SOCK_SEQPACKET);
        // A fresh thread: its own, empty read-ahead buffer.
        let handle = thread::spawn(move || {
            let got = read_lines(r, &maxlens);
            close(r);
            got
        });
        let reader_tid = {
            use std::os::unix::thread::JoinHandleExt;
            handle.as_pthread_t()
        };
        let mut sent = Ok(());
        let mut off = 0;
        for (i, &len) in chunks.iter().enumerate() {
            if interrupts && i % 7 == 3 {
                // Let the reader block in read(), then interrupt it mid-line.
                thread::sleep(Duration::from_micros(300));
                interrupt(reader_tid);
            }
            // SAFETY: the slice is valid for len bytes.
            let n = unsafe { libc::send(w, stream[off..].as_ptr().cast(), len, 0) };
            if n != len as isize {
                sent = Err(format!("send {len} bytes: {n}"));
                break;
            }
            off += len;
        }
        close(w); // EOF, possibly in the middle of a line
        let got = handle.join().expect("reader thread");
        let got = got.map_err(TestCaseError::fail)?;
        sent.map_err(TestCaseError::fail)?;
        prop_assert!(got == stream, "{} bytes read back, {} sent", got.len(), stream.len());
        Ok(())
    });
    assert!(SIGNALS.load(Ordering::Relaxed) > before, "no interruption was tried");
}

/// Reads `r` with `readline` to EOF, using the `maxlens` in turn, and checks
/// each result (NUL-terminated, nothing after a newline, the maxlen quirk).
fn read_lines(r: c_int, maxlens: &[usize]) -> Result<Vec<u8>, String> {
    let mut got = Vec::new();
    let mut buf = vec![0xffu8; 4097];
    let mut calls = 0;
    loop {
        let maxlen = maxlens[calls % maxlens.len()];
        calls += 1;
        // SAFETY: buf has room for maxlen <= 4096 bytes plus the NUL.
        let n = unsafe { sys::readline(r, buf.as_mut_ptr().cast::<c_void>(), maxlen) };
        if n < 0 {
            return Err(format!("readline error {}", std::io::Error::last_os_error()));
        }
        let n = n as *const () as usize;
        if n == 0 {
            if buf[0] != 0 {
                return Err("EOF without an empty string".into());
            }
            return Ok(got);
        }
        // The quirk: maxlen - 1 bytes without a newline return maxlen.
        let stored = if n == maxlen { maxlen - 1 } else { n };
        if buf[stored] != 0 {
            return Err(format!("result of {n} (maxlen {maxlen}) not NUL-terminated"));
        }
        let piece = &buf[..stored];
        if let Some(pos) = piece.iter().position(|&b| b == b'\n') {
            if pos != stored - 1 {
                return Err(format!("bytes after a newline at {pos} of {stored}"));
            }
        }
        got.extend_from_slice(piece);
        if calls >= 100_000 {
            return Err("no progress".into());
        }
    }
}

/// Send `chunks` of `stream` over a stream socket so that no read can return
/// more than one chunk: wait until the reader has drained the socket before
/// each send (TIOCOUTQ == 0).
fn send_in_chunks(w: c_int, stream: &[u8], chunks: &[usize], reader: Option<libc::pthread_t>) -> Result<(), String> {
    let mut off = 0;
    for (i, &len) in chunks.iter().enumerate() {
        for spins in 0.. {
            let mut pending: c_int = 0;
            // SAFETY: TIOCOUTQ stores an int: the bytes sent and not yet read.
            unsafe { libc::ioctl(w, libc::TIOCOUTQ, &mut pending) };
            if pending == 0 {
                break;
            }
            if spins > 1000 {
                thread::sleep(Duration::from_micros(50));
            } else {
                thread::yield_now();
            }
        }
        if let Some(t) = reader {
            if i % 5 == 2 {
                thread::sleep(Duration::from_micros(200));
                interrupt(t);
            }
        }
        // SAFETY: the slice is valid for len bytes.
        let n = unsafe { libc::write(w, stream[off..].as_ptr().cast(), len) };
        if n != len as isize {
            return Err(format!("write {len} bytes: {n}"));
        }
        off += len;
    }
    Ok(())
}

#[test]
fn readn_delivers_every_byte_under_any_chunking() {
    let _guard = SIGNAL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    install_interrupting_handler();
    let size = prop_oneof![1..=8usize, 1..=6000usize];
    let strategy = (stream(), chunking(5000), vec(size, 1..=64), prop::bool::weighted(1.0 / 3.0));
    check(runner(200, 0x0bad_cafe_f00d_1234), strategy, |(Bytes(stream), plan, sizes, interrupts)| {
        let chunks = split(stream.len(), &plan);
        let (w, r) = socketpair(libc::SOCK_STREAM);
        let handle = thread::spawn(move || {
            let got = read_all(r, &sizes);
            close(r);
            got
        });
        use std::os::unix::thread::JoinHandleExt;
        let tid = handle.as_pthread_t();
        let sent = send_in_chunks(w, &stream, &chunks, interrupts.then_some(tid));
        close(w);
        let got = handle.join().expect("reader thread");
        let got = got.map_err(TestCaseError::fail)?;
        sent.map_err(TestCaseError::fail)?;
        prop_assert!(got == stream, "{} bytes read back, {} sent", got.len(), stream.len());
        Ok(())
    });
}

/// Reads `r` with `readn` to EOF, asking for the `sizes` in turn; a short
/// count must mean EOF.
fn read_all(r: c_int, sizes: &[usize]) -> Result<Vec<u8>, String> {
    let mut got = Vec::new();
    for &n in sizes.iter().cycle() {
        let mut buf = vec![0u8; n];
        // SAFETY: buf is valid for n bytes.
        let got_n = unsafe { sys::readn(r, buf.as_mut_ptr().cast::<c_void>(), n) };
        if got_n < 0 {
            return Err(format!("readn error {}", std::io::Error::last_os_error()));
        }
        let got_n = got_n as *const () as usize;
        got.extend_from_slice(&buf[..got_n]);
        if got_n < n {
            break; // EOF
        }
    }
    // SAFETY: a 1-byte buffer.
    if unsafe { sys::readn(r, [0u8; 1].as_mut_ptr().cast::<c_void>(), 1) } != 0 {
        return Err("not at EOF after a short count".into());
    }
    Ok(got)
}

#[test]
fn writen_delivers_every_byte_through_partial_writes_and_eintr() {
    let _guard = SIGNAL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    install_interrupting_handler();
    let read_size = prop_oneof![1..=100usize, 1..=70_000usize];
    let strategy = (1..=600_000usize, any::<u8>(), vec(read_size, 1..=64));
    check(runner(40, 0x5eed_0000_1111_2222), strategy, |(len, salt, read_sizes)| {
        let stream: Vec<u8> = (0..len).map(|i| (i % 253) as u8 ^ salt).collect();
        let (w, r) = socketpair(libc::SOCK_STREAM);
        let small: c_int = 4096;
        // SAFETY: setting an int socket option.
        unsafe { libc::setsockopt(w, libc::SOL_SOCKET, libc::SO_SNDBUF, (&small as *const c_int).cast(), 4) };
        let writer_stream = stream.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let writer = thread::spawn(move || {
            tx.send(self_thread()).unwrap();
            // SAFETY: the vector is valid for its length.
            let n = unsafe { sys::writen(w, writer_stream.as_ptr().cast::<c_void>(), writer_stream.len()) };
            close(w);
            n
        });
        let writer_tid = rx.recv().unwrap();
        // A slow reader with arbitrary read sizes that keeps interrupting the writer.
        let mut got = Vec::with_capacity(len);
        let mut buf = vec![0u8; 70_000];
        let mut read_error = None;
        for (reads, &want) in read_sizes.iter().cycle().enumerate() {
            if reads % 3 == 0 {
                interrupt(writer_tid);
            }
            // SAFETY: buf is valid for want <= 70,000 bytes.
            let n = unsafe { libc::read(r, buf.as_mut_ptr().cast(), want) };
            if n < 0 {
                let e = std::io::Error::last_os_error();
                if e.raw_os_error() == Some(libc::EINTR) {
                    continue;
                }
                read_error = Some(e);
                break;
            }
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n as usize]);
        }
        close(r);
        let written = writer.join().expect("writer thread");
        prop_assert!(read_error.is_none(), "read: {:?}", read_error);
        prop_assert_eq!(written, len as isize, "writen result");
        prop_assert!(got == stream, "{} bytes received, {} sent", got.len(), stream.len());
        Ok(())
    });
}

// ---- sockaddr helpers with arbitrary bytes, against a guard page ----------

/// The case being run, printed by the SIGSEGV handler.
static CASE: Mutex<()> = Mutex::new(());
static mut CASE_TEXT: [u8; 1024] = [0; 1024];

extern "C" fn on_fault(_: c_int) {
    let msg = b"\nhard_fuzz: a sockaddr helper read past salen (guard page fault) in ";
    // SAFETY: write(2) is async-signal-safe; CASE_TEXT is only written between calls.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        let text = &*std::ptr::addr_of!(CASE_TEXT);
        let len = text.iter().position(|&b| b == 0).unwrap_or(text.len());
        libc::write(2, text.as_ptr().cast(), len);
        libc::write(2, b"\n".as_ptr().cast(), 1);
        libc::_exit(99);
    }
}

fn set_case(text: &str) {
    let bytes = text.as_bytes();
    let n = bytes.len().min(1023);
    // SAFETY: only this test writes CASE_TEXT, under the CASE lock.
    unsafe {
        let dst = &mut *std::ptr::addr_of_mut!(CASE_TEXT);
        dst[..n].copy_from_slice(&bytes[..n]);
        dst[n] = 0;
    }
}

/// Two readable pages followed by a PROT_NONE page; returns the end of the readable part.
fn guarded_area() -> *mut u8 {
    // SAFETY: anonymous mapping, then protecting its last page.
    unsafe {
        let page = libc::sysconf(libc::_SC_PAGESIZE) as *const () as usize;
        let base = libc::mmap(
            std::ptr::null_mut(),
            3 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(base, libc::MAP_FAILED);
        let base = base.cast::<u8>();
        assert_eq!(libc::mprotect(base.add(2 * page).cast(), page, libc::PROT_NONE), 0);
        base.add(2 * page)
    }
}

fn text(p: *mut libc::c_char) -> Option<String> {
    // SAFETY: the library returns NULL or a NUL-terminated per-thread buffer.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// What sock_ntop must print for a well-formed IPv4/IPv6 address (glibc's inet_ntop text).
fn ntop(family: c_int, addr: *const u8) -> String {
    unsafe extern "C" {
        fn inet_ntop(af: c_int, src: *const c_void, dst: *mut libc::c_char, size: socklen_t) -> *const libc::c_char;
    }
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: addr points to 4 or 16 readable bytes; buf has 64 bytes.
    unsafe {
        inet_ntop(family, addr.cast(), buf.as_mut_ptr(), 64);
        CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sockaddr_helpers_never_read_past_salen() {
    let _guard = CASE.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: installing an async-signal-safe SIGSEGV/SIGBUS handler for this test binary.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_fault as *const () as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGSEGV, &sa, std::ptr::null_mut());
        libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
    }
    let end1 = guarded_area();
    let end2 = guarded_area();
    let families = [libc::AF_INET, libc::AF_INET6, libc::AF_UNIX, libc::AF_UNSPEC, 17, 0xffff];
    // The address: lengths 0-3 (too short even for the family), exactly
    // sockaddr_in, sockaddr_in6 or sockaddr_un, or anything up to 139.
    let address = prop_oneof![
        1 => vec(any::<u8>(), 0..4),
        1 => vec(any::<u8>(), 16),
        1 => vec(any::<u8>(), 28),
        1 => vec(any::<u8>(), 110),
        2 => vec(any::<u8>(), 0..140),
    ];
    let strategy = (select(families.to_vec()), address, vec(any::<u8>(), 0..140), any::<bool>());
    check(runner(30_000, 0xfeed_beef_dead_0042), strategy, |(family, mut bytes, mut other, same_family)| {
        let (len, other_len) = (bytes.len(), other.len());
        if len >= 2 {
            // sa_family is at offset 0 on Linux
            bytes[..2].copy_from_slice(&(family as u16).to_ne_bytes());
        }
        if other_len >= 2 && same_family {
            other[..2].copy_from_slice(&(family as u16).to_ne_bytes());
        }
        // SAFETY: both areas have two readable pages before their guard page.
        let (sa1, sa2) = unsafe { (end1.sub(len), end2.sub(other_len)) };
        // SAFETY: writing len and other_len bytes right before the guard pages.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), sa1, len);
            std::ptr::copy_nonoverlapping(other.as_ptr(), sa2, other_len);
        }
        set_case(&format!(
            "family {family}, salen {len}, other salen {other_len}, \
                 address {}, other {}",
            hex(&bytes),
            hex(&other)
        ));
        let (p1, p2) = (sa1.cast::<sockaddr>(), sa2.cast::<sockaddr>());
        // SAFETY: the pointers are valid for exactly salen bytes, which is what the library may read.
        let (t, h) =
            unsafe { (text(sys::sock_ntop(p1, len as socklen_t)), text(sys::sock_ntop_host(p1, len as socklen_t))) };
        // SAFETY: as above.
        unsafe {
            sys::sock_get_port(p1, len as socklen_t);
            sys::sock_cmp_addr(p1, p2, len.min(other_len) as socklen_t);
            sys::sock_cmp_port(p1, p2, len.min(other_len) as socklen_t);
        }
        // Well-formed addresses also print the right text.
        if family == libc::AF_INET && len >= 16 {
            let port = u16::from_be_bytes([bytes[2], bytes[3]]);
            // SAFETY: sin_addr is at offset 4 of the 16 readable bytes.
            let addr = ntop(libc::AF_INET, unsafe { sa1.add(4) });
            let want = if port != 0 { format!("{addr}:{port}") } else { addr.clone() };
            prop_assert_eq!(t.as_deref(), Some(want.as_str()));
            prop_assert_eq!(h.as_deref(), Some(addr.as_str()));
        } else if family == libc::AF_INET6 && len >= 28 {
            let port = u16::from_be_bytes([bytes[2], bytes[3]]);
            // SAFETY: sin6_addr is at offset 8 of the 28 readable bytes.
            let addr = ntop(libc::AF_INET6, unsafe { sa1.add(8) });
            let want = if port != 0 { format!("[{addr}]:{port}") } else { addr.clone() };
            prop_assert_eq!(t.as_deref(), Some(want.as_str()));
            prop_assert_eq!(h.as_deref(), Some(addr.as_str()));
        } else if family == libc::AF_UNIX && len >= 2 {
            let path = &bytes[2..len.min(110)];
            let path = &path[..path.iter().position(|&b| b == 0).unwrap_or(path.len())];
            let want = if path.is_empty() {
                "(no pathname bound)".to_string()
            } else {
                String::from_utf8_lossy(path).into_owned()
            };
            prop_assert_eq!(t.as_deref(), Some(want.as_str()));
            prop_assert_eq!(h.as_deref(), Some(want.as_str()));
        } else if len >= 2 && ![libc::AF_INET, libc::AF_INET6, libc::AF_UNIX].contains(&family) {
            prop_assert_eq!(t, Some(format!("sock_ntop: unknown AF_xxx: {family}, len {len}")));
            prop_assert_eq!(h, Some(format!("sock_ntop_host: unknown AF_xxx: {family}, len {len}")));
        }
        Ok(())
    });
}

/// Regression (found by the guard-page property above): `sock_cmp_addr` and
/// `sock_cmp_port` read whole `sockaddr_in`/`sockaddr_in6` structures even when
/// `salen` covered only the family field, and read the family with an aligned
/// load from a possibly odd address.
#[test]
fn sock_cmp_short_and_odd_addresses_stay_in_bounds() {
    let _guard = CASE.lock().unwrap_or_else(|e| e.into_inner());
    let (end1, end2) = (guarded_area(), guarded_area());
    for family in [libc::AF_INET, libc::AF_INET6, libc::AF_UNIX] {
        for len in 0..4usize {
            // SAFETY: `len` bytes right before each guard page are readable and writable.
            let (a, b) = unsafe { (end1.sub(len), end2.sub(len)) };
            if len >= 2 {
                // SAFETY: two writable bytes at a (possibly odd) address.
                unsafe {
                    a.cast::<u16>().write_unaligned(family as u16);
                    b.cast::<u16>().write_unaligned(family as u16);
                }
            }
            // SAFETY: both pointers are valid for `len` bytes, the length passed.
            let (addr, port) = unsafe {
                (
                    sys::sock_cmp_addr(a.cast(), b.cast(), len as socklen_t),
                    sys::sock_cmp_port(a.cast(), b.cast(), len as socklen_t),
                )
            };
            if len >= 2 {
                // Same family, every address byte past salen counts as zero: equal.
                assert_eq!(addr, 0, "family {family}, salen {len}");
                assert_eq!(port, if family == libc::AF_UNIX { -1 } else { 1 }, "family {family}, salen {len}");
            }
        }
    }
}
