//! Property tests with a fixed-seed generator (no extra dependency; every run
//! tries the same cases, and a failure names its case number):
//!
//! * `readline`, `readn` and `writen` with arbitrary chunking of the stream
//!   (down to 1-byte reads), EINTR in the middle of a line or a write, and EOF
//!   in the middle of a line, deliver exactly the bytes sent, in order;
//! * `sock_ntop`, `sock_ntop_host`, `sock_get_port`, `sock_cmp_addr` and
//!   `sock_cmp_port` with arbitrary sockaddr bytes and lengths (including
//!   lengths too short for the family) never read past `salen`: the address
//!   is placed right before a PROT_NONE guard page, so a read past it faults,
//!   and the fault handler names the case.

use std::ffi::CStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use libc::{c_int, c_void, sockaddr, socklen_t};
use lnp::sys;

/// xorshift64: small, deterministic, good enough to pick cases.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
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
    assert_eq!(
        unsafe { libc::socketpair(libc::AF_UNIX, kind, 0, sv.as_mut_ptr()) },
        0
    );
    (sv[0], sv[1])
}

fn close(fd: c_int) {
    // SAFETY: closing a descriptor this test owns.
    unsafe { libc::close(fd) };
}

/// A random stream: short lines, long lines, NUL bytes, maybe no final newline.
fn random_stream(rng: &mut Rng) -> Vec<u8> {
    let len = match rng.below(4) {
        0 => rng.below(16),
        1 => rng.below(300),
        2 => rng.below(3000),
        _ => rng.below(12000),
    };
    let newline_every = 1 + rng.below(200);
    (0..len)
        .map(|_| match rng.below(newline_every + 2) {
            0 => b'\n',
            1 => 0,
            _ => b'a' + rng.below(26) as u8,
        })
        .collect()
}

/// Random chunk sizes covering the stream: many 1-byte pieces, small and large ones.
fn random_chunks(rng: &mut Rng, total: usize, max: usize) -> Vec<usize> {
    let style = rng.below(4);
    let mut left = total;
    let mut chunks = Vec::new();
    while left > 0 {
        let want = match style {
            0 => 1,
            1 => 1 + rng.below(8),
            2 => 1 + rng.below(max),
            _ => [1, 2, 3, 4095, 4096, 100][rng.below(6)].min(max),
        };
        let n = want.min(left);
        chunks.push(n);
        left -= n;
    }
    chunks
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
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let before = SIGNALS.load(Ordering::Relaxed);
    for case in 0..250 {
        let stream = random_stream(&mut rng);
        // SOCK_SEQPACKET: every read(fd, buf, MAXLINE) returns exactly one chunk.
        let chunks = random_chunks(&mut rng, stream.len(), 4096);
        let interrupts = rng.below(3) == 0;
        let maxlens: Vec<usize> = (0..200)
            .map(|_| match rng.below(5) {
                0 => 1 + rng.below(4),
                1 => 1 + rng.below(64),
                _ => 4096,
            })
            .collect();
        let (w, r) = socketpair(libc::SOCK_SEQPACKET);
        // A fresh thread: its own, empty read-ahead buffer.
        let handle = thread::spawn(move || {
            let mut got = Vec::new();
            let mut buf = vec![0xffu8; 4097];
            let mut calls = 0;
            loop {
                let maxlen = maxlens[calls % maxlens.len()];
                calls += 1;
                // SAFETY: buf has room for maxlen <= 4096 bytes plus the NUL.
                let n = unsafe { sys::readline(r, buf.as_mut_ptr().cast::<c_void>(), maxlen) };
                assert!(
                    n >= 0,
                    "case {case}: readline error {}",
                    std::io::Error::last_os_error()
                );
                let n = n as *const () as usize;
                if n == 0 {
                    assert_eq!(buf[0], 0, "case {case}: EOF without an empty string");
                    break;
                }
                // The quirk: maxlen - 1 bytes without a newline return maxlen.
                let stored = if n == maxlen { maxlen - 1 } else { n };
                assert_eq!(buf[stored], 0, "case {case}: result not NUL-terminated");
                let piece = &buf[..stored];
                if let Some(pos) = piece.iter().position(|&b| b == b'\n') {
                    assert_eq!(pos, stored - 1, "case {case}: bytes after a newline");
                }
                got.extend_from_slice(piece);
                assert!(calls < 100_000, "case {case}: no progress");
            }
            close(r);
            got
        });
        let reader_tid = {
            use std::os::unix::thread::JoinHandleExt;
            handle.as_pthread_t()
        };
        let mut off = 0;
        for (i, &len) in chunks.iter().enumerate() {
            if interrupts && i % 7 == 3 {
                // Let the reader block in read(), then interrupt it mid-line.
                thread::sleep(Duration::from_micros(300));
                interrupt(reader_tid);
            }
            // SAFETY: the slice is valid for len bytes.
            let n = unsafe { libc::send(w, stream[off..].as_ptr().cast(), len, 0) };
            assert_eq!(n, len as isize, "case {case}: send");
            off += len;
        }
        close(w); // EOF, possibly in the middle of a line
        let got = handle.join().expect("reader thread");
        assert!(
            got == stream,
            "case {case}: {} bytes read back, {} sent",
            got.len(),
            stream.len()
        );
    }
    assert!(
        SIGNALS.load(Ordering::Relaxed) > before,
        "no interruption was tried"
    );
}

/// Send `chunks` of `stream` over a stream socket so that no read can return
/// more than one chunk: wait until the reader has drained the socket before
/// each send (FIONREAD == 0).
fn send_in_chunks(w: c_int, stream: &[u8], chunks: &[usize], reader: Option<libc::pthread_t>) {
    let mut off = 0;
    for (i, &len) in chunks.iter().enumerate() {
        for spins in 0.. {
            let mut pending: c_int = 0;
            // SAFETY: FIONREAD stores an int; on the sending end it reports unsent (unread) bytes.
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
        assert_eq!(n, len as isize);
        off += len;
    }
}

#[test]
fn readn_delivers_every_byte_under_any_chunking() {
    let _guard = SIGNAL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    install_interrupting_handler();
    let mut rng = Rng(0x0bad_cafe_f00d_1234);
    for case in 0..200 {
        let stream = random_stream(&mut rng);
        let chunks = random_chunks(&mut rng, stream.len(), 5000);
        let sizes: Vec<usize> = (0..64)
            .map(|_| {
                let limit = if rng.below(2) == 0 { 8 } else { 6000 };
                1 + rng.below(limit)
            })
            .collect();
        let interrupts = rng.below(3) == 0;
        let (w, r) = socketpair(libc::SOCK_STREAM);
        let handle = thread::spawn(move || {
            let mut got = Vec::new();
            let mut calls = 0;
            loop {
                let n = sizes[calls % sizes.len()];
                calls += 1;
                let mut buf = vec![0u8; n];
                // SAFETY: buf is valid for n bytes.
                let got_n = unsafe { sys::readn(r, buf.as_mut_ptr().cast::<c_void>(), n) };
                assert!(
                    got_n >= 0,
                    "case {case}: readn error {}",
                    std::io::Error::last_os_error()
                );
                let got_n = got_n as *const () as usize;
                got.extend_from_slice(&buf[..got_n]);
                if got_n < n {
                    break; // EOF
                }
            }
            // SAFETY: a 1-byte buffer.
            assert_eq!(
                unsafe { sys::readn(r, [0u8; 1].as_mut_ptr().cast::<c_void>(), 1) },
                0,
                "case {case}: not at EOF"
            );
            close(r);
            got
        });
        use std::os::unix::thread::JoinHandleExt;
        let tid = handle.as_pthread_t();
        send_in_chunks(w, &stream, &chunks, interrupts.then_some(tid));
        close(w);
        let got = handle.join().expect("reader thread");
        assert!(
            got == stream,
            "case {case}: {} bytes read back, {} sent",
            got.len(),
            stream.len()
        );
    }
}

#[test]
fn writen_delivers_every_byte_through_partial_writes_and_eintr() {
    let _guard = SIGNAL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    install_interrupting_handler();
    let mut rng = Rng(0x5eed_0000_1111_2222);
    for case in 0..40 {
        let len = 1 + rng.below(600_000);
        let stream: Vec<u8> = (0..len).map(|i| (i % 253) as u8 ^ (case as u8)).collect();
        let (w, r) = socketpair(libc::SOCK_STREAM);
        let small: c_int = 4096;
        // SAFETY: setting an int socket option.
        unsafe {
            libc::setsockopt(
                w,
                libc::SOL_SOCKET,
                libc::SO_SNDBUF,
                (&small as *const c_int).cast(),
                4,
            )
        };
        let writer_stream = stream.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let writer = thread::spawn(move || {
            tx.send(self_thread()).unwrap();
            // SAFETY: the vector is valid for its length.
            let n = unsafe {
                sys::writen(
                    w,
                    writer_stream.as_ptr().cast::<c_void>(),
                    writer_stream.len(),
                )
            };
            close(w);
            n
        });
        let writer_tid = rx.recv().unwrap();
        // A slow reader with random read sizes that keeps interrupting the writer.
        let mut got = Vec::with_capacity(len);
        let mut buf = vec![0u8; 70_000];
        let mut reads = 0;
        loop {
            if reads % 3 == 0 {
                interrupt(writer_tid);
            }
            reads += 1;
            let limit = if rng.below(2) == 0 { 100 } else { 70_000 };
            let want = 1 + rng.below(limit);
            // SAFETY: buf is valid for want <= 70,000 bytes.
            let n = unsafe { libc::read(r, buf.as_mut_ptr().cast(), want) };
            if n < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            assert!(n >= 0, "case {case}: read");
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n as usize]);
        }
        close(r);
        assert_eq!(
            writer.join().unwrap(),
            len as isize,
            "case {case}: writen result"
        );
        assert!(
            got == stream,
            "case {case}: {} bytes received, {} sent",
            got.len(),
            stream.len()
        );
    }
}

// ---- sockaddr helpers with arbitrary bytes, against a guard page ----------

/// The case being run, printed by the SIGSEGV handler.
static CASE: Mutex<()> = Mutex::new(());
static mut CASE_TEXT: [u8; 128] = [0; 128];

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
    let n = bytes.len().min(127);
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
        assert_eq!(
            libc::mprotect(base.add(2 * page).cast(), page, libc::PROT_NONE),
            0
        );
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
        fn inet_ntop(
            af: c_int,
            src: *const c_void,
            dst: *mut libc::c_char,
            size: socklen_t,
        ) -> *const libc::c_char;
    }
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: addr points to 4 or 16 readable bytes; buf has 64 bytes.
    unsafe {
        inet_ntop(family, addr.cast(), buf.as_mut_ptr(), 64);
        CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
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
    let mut rng = Rng(0xfeed_beef_dead_0042);
    let families = [
        libc::AF_INET,
        libc::AF_INET6,
        libc::AF_UNIX,
        libc::AF_UNSPEC,
        17,
        0xffff,
    ];
    for case in 0..30_000 {
        let family = families[rng.below(families.len())];
        let len = match rng.below(6) {
            0 => rng.below(4),
            1 => 16,
            2 => 28,
            3 => 110,
            _ => rng.below(140),
        };
        let other_len = rng.below(140);
        // SAFETY: both areas have two readable pages before their guard page.
        let (sa1, sa2) = unsafe { (end1.sub(len), end2.sub(other_len)) };
        let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
        // SAFETY: writing len and other_len bytes right before the guard pages.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), sa1, len);
            for i in 0..other_len {
                *sa2.add(i) = rng.below(256) as u8;
            }
            if len >= 2 {
                sa1.cast::<u16>().write_unaligned(family as u16); // sa_family is at offset 0 on Linux
            }
            if other_len >= 2 && rng.below(2) == 0 {
                sa2.cast::<u16>().write_unaligned(family as u16);
            }
        }
        set_case(&format!(
            "case {case}: family {family}, salen {len}, other salen {other_len}"
        ));
        let (p1, p2) = (sa1.cast::<sockaddr>(), sa2.cast::<sockaddr>());
        // SAFETY: the pointers are valid for exactly salen bytes, which is what the library may read.
        let (t, h) = unsafe {
            (
                text(sys::sock_ntop(p1, len as socklen_t)),
                text(sys::sock_ntop_host(p1, len as socklen_t)),
            )
        };
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
            let want = if port != 0 {
                format!("{addr}:{port}")
            } else {
                addr.clone()
            };
            assert_eq!(t.as_deref(), Some(want.as_str()), "case {case}");
            assert_eq!(h.as_deref(), Some(addr.as_str()), "case {case}");
        } else if family == libc::AF_INET6 && len >= 28 {
            let port = u16::from_be_bytes([bytes[2], bytes[3]]);
            // SAFETY: sin6_addr is at offset 8 of the 28 readable bytes.
            let addr = ntop(libc::AF_INET6, unsafe { sa1.add(8) });
            let want = if port != 0 {
                format!("[{addr}]:{port}")
            } else {
                addr.clone()
            };
            assert_eq!(t.as_deref(), Some(want.as_str()), "case {case}");
            assert_eq!(h.as_deref(), Some(addr.as_str()), "case {case}");
        } else if family == libc::AF_UNIX && len >= 2 {
            let path = &bytes[2..len.min(110)];
            let path = &path[..path.iter().position(|&b| b == 0).unwrap_or(path.len())];
            let want = if path.is_empty() {
                "(no pathname bound)".to_string()
            } else {
                String::from_utf8_lossy(path).into_owned()
            };
            assert_eq!(t.as_deref(), Some(want.as_str()), "case {case}");
            assert_eq!(h.as_deref(), Some(want.as_str()), "case {case}");
        } else if len >= 2 && ![libc::AF_INET, libc::AF_INET6, libc::AF_UNIX].contains(&family) {
            assert_eq!(
                t,
                Some(format!("sock_ntop: unknown AF_xxx: {family}, len {len}")),
                "case {case}"
            );
            assert_eq!(
                h,
                Some(format!(
                    "sock_ntop_host: unknown AF_xxx: {family}, len {len}"
                )),
                "case {case}"
            );
        }
    }
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
                assert_eq!(
                    port,
                    if family == libc::AF_UNIX { -1 } else { 1 },
                    "family {family}, salen {len}"
                );
            }
        }
    }
}
