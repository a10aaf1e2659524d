//! LNP_TRACE and LNP_EXPLAIN from Rust: the raw layer (`lnp::sys`) traces
//! exactly as the C library does. Each scenario runs in a forked child that
//! sets the variables before its first traced call (the tracer reads them
//! once per process; this binary's own process never calls a traced function).

mod common;

use std::ffi::c_void;
use std::mem::size_of;

use common::in_child;
use lnp::sys;

fn loopback(port: u16) -> libc::sockaddr_in {
    // SAFETY: all-zero bytes are a valid sockaddr_in.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
    sin.sin_port = port.to_be();
    sin
}

const SIN_LEN: libc::socklen_t = size_of::<libc::sockaddr_in>() as libc::socklen_t;

fn set_env(vars: &[(&str, &str)]) {
    for (k, v) in vars {
        // SAFETY: the forked child is single-threaded.
        unsafe { std::env::set_var(k, v) };
    }
}

/// A listening socket on 127.0.0.1 with a kernel-chosen port; prints "fd port" to stdout.
fn listener(backlog: i32) -> (i32, u16) {
    let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
    let sin = loopback(0);
    // SAFETY: a complete address of SIN_LEN bytes.
    unsafe { sys::Bind(fd, (&raw const sin).cast(), SIN_LEN) };
    if backlog > 0 {
        sys::Listen(fd, backlog);
    }
    let mut bound = loopback(0);
    let mut len = SIN_LEN;
    // SAFETY: room for a sockaddr_in and its length.
    unsafe { sys::Getsockname(fd, (&raw mut bound).cast(), &mut len) };
    (fd, u16::from_be(bound.sin_port))
}

/// Write to descriptor 1 itself (the test harness captures Rust's `print!`).
fn out(text: &str) {
    // SAFETY: the bytes are valid for their length.
    unsafe { libc::write(1, text.as_ptr().cast(), text.len()) };
}

/// Replace "[lnp PID]" by "[lnp P]" (the child's pid is its own business).
fn unpid(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("[lnp ").and_then(|r| r.split_once(']')) {
            Some((pid, rest)) if pid.bytes().all(|b| b.is_ascii_digit()) => format!("[lnp P]{rest}\n"),
            _ => format!("{l}\n"),
        })
        .collect()
}

#[test]
fn tcp_echo_is_traced_line_by_line() {
    let r = in_child(|| {
        set_env(&[("LNP_TRACE", "1")]);
        let (l, port) = listener(5);
        let c = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        let sin = loopback(port);
        // SAFETY: a complete address.
        unsafe { sys::Connect(c, (&raw const sin).cast(), SIN_LEN) };
        // SAFETY: NULL address pointers are allowed.
        let a = unsafe { sys::Accept(l, std::ptr::null_mut(), std::ptr::null_mut()) };
        let msg = b"hello, world\n";
        // SAFETY: the buffer holds msg.len() bytes.
        unsafe { sys::Writen(c, msg.as_ptr().cast_mut().cast(), msg.len()) };
        let mut buf = [0u8; 64];
        // SAFETY: buf holds 64 bytes.
        let n = unsafe { sys::Readline(a, buf.as_mut_ptr().cast::<c_void>(), buf.len()) };
        sys::Shutdown(c, libc::SHUT_WR);
        sys::Close(c);
        out(&format!("{l} {port} {c} {a} {n}"));
    });
    assert_eq!(r.status, 0, "{}", r.stderr);
    let v: Vec<i64> = r.stdout.split(' ').map(|s| s.parse().unwrap()).collect();
    let (l, port, c, a) = (v[0], v[1], v[2], v[3]);
    let want = format!(
        "[lnp P] Socket(AF_INET, SOCK_STREAM, 0) = {l}\n\
         [lnp P] Bind({l}, 127.0.0.1, 16) = 0\n\
         [lnp P] Listen({l}, 5) = 0\n\
         [lnp P] Getsockname({l}, 127.0.0.1:{port}, ...) = 0\n\
         [lnp P] Socket(AF_INET, SOCK_STREAM, 0) = {c}\n\
         [lnp P] Connect({c}, 127.0.0.1:{port}, 16) = 0\n\
         [lnp P] Accept({l}, NULL, ...) = {a}\n\
         [lnp P] Writen({c}, \"hello, world\\n\", 13) = 13\n\
         [lnp P] Readline({a}, ..., 64) = 13 \"hello, world\\n\"\n\
         [lnp P] Shutdown({c}, SHUT_WR) = 0\n\
         [lnp P] Close({c}) = 0\n"
    );
    assert_eq!(unpid(&r.stderr), want);
}

#[test]
fn groups_narrow_the_trace_and_udp_shows_both_addresses() {
    let r = in_child(|| {
        set_env(&[("LNP_TRACE", "io")]);
        let s = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        let any = loopback(0);
        // SAFETY: a complete address.
        unsafe { sys::Bind(s, (&raw const any).cast(), SIN_LEN) };
        let mut me = loopback(0);
        let mut len = SIN_LEN;
        // SAFETY: room for a sockaddr_in.
        unsafe { sys::Getsockname(s, (&raw mut me).cast(), &mut len) };
        let c = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        let data = b"\x01ping\t\"x\"";
        // SAFETY: the buffer and a complete address.
        unsafe { sys::Sendto(c, data.as_ptr().cast(), data.len(), 0, (&raw const me).cast(), SIN_LEN) };
        let mut buf = [0u8; 100];
        let mut from = loopback(0);
        let mut flen = SIN_LEN;
        // SAFETY: buffers of the sizes given.
        let n = unsafe {
            sys::Recvfrom(s, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT, (&raw mut from).cast(), &mut flen)
        };
        out(&format!("{s} {c} {} {} {n}", u16::from_be(me.sin_port), u16::from_be(from.sin_port)));
    });
    assert_eq!(r.status, 0, "{}", r.stderr);
    let v: Vec<u16> = r.stdout.split(' ').map(|s| s.parse().unwrap()).collect();
    let (s, c, srv, cli) = (v[0], v[1], v[2], v[3]);
    let want = format!(
        "[lnp P] Sendto({c}, \"\\x01ping\\t\\\"x\\\"\", 9, 0, 127.0.0.1:{srv}, 16) = 9\n\
         [lnp P] Recvfrom({s}, ..., 100, MSG_DONTWAIT, 127.0.0.1:{cli}, ...) = 9 \"\\x01ping\\t\\\"x\\\"\"\n"
    );
    assert_eq!(unpid(&r.stderr), want);
}

#[test]
fn a_refused_connect_is_traced_before_the_message_and_explained() {
    for (lang, explain) in [
        (
            "C",
            "[lnp explain] no server is listening on that address and port: start the server first, and check the IP address and port number (the server's and the client's must match).\n",
        ),
        (
            "ko_KR.UTF-8",
            "[lnp 설명] 그 주소와 포트에서 듣고(listen) 있는 서버가 없습니다. 서버를 먼저 실행했는지, IP 주소와 포트 번호가 서버와 같은지 확인하세요.\n",
        ),
    ] {
        let r = in_child(|| {
            set_env(&[
                ("LNP_TRACE", "sock"),
                ("LNP_EXPLAIN", "1"),
                ("LANG", lang),
                ("LC_ALL", ""),
                ("LC_MESSAGES", ""),
            ]);
            let (l, port) = listener(0); // bound, not listening: connect is refused
            let c = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
            out(&format!("{l} {c} {port}"));
            let sin = loopback(port);
            // SAFETY: a complete address.
            unsafe { sys::Connect(c, (&raw const sin).cast(), SIN_LEN) };
        });
        assert_eq!(r.status, 1);
        let v: Vec<i64> = r.stdout.split(' ').map(|s| s.parse().unwrap()).collect();
        let (l, c, port) = (v[0], v[1], v[2]);
        let want = format!(
            "[lnp P] Socket(AF_INET, SOCK_STREAM, 0) = {l}\n\
             [lnp P] Bind({l}, 127.0.0.1, 16) = 0\n\
             [lnp P] Getsockname({l}, 127.0.0.1:{port}, ...) = 0\n\
             [lnp P] Socket(AF_INET, SOCK_STREAM, 0) = {c}\n\
             [lnp P] Connect({c}, 127.0.0.1:{port}, 16) = -1 ECONNREFUSED (Connection refused)\n\
             connect error: Connection refused\n{explain}"
        );
        assert_eq!(unpid(&r.stderr), want);
    }
}

unsafe extern "C" {
    /// The explain hook of the fatal `err_*` functions (src/explain.rs).
    fn lnp_rs_err_explain(errnoflag: libc::c_int, saved_errno: libc::c_int, msg: *const libc::c_char);
    /// glibc: "EPIPE" for EPIPE.
    fn strerrorname_np(errnum: libc::c_int) -> *const libc::c_char;
}

/// The errno whose name is `name` (glibc's own names: EAGAIN, not EWOULDBLOCK).
fn errno_named(name: &str) -> libc::c_int {
    (1..200)
        .find(|&e| {
            // SAFETY: strerrorname_np returns NULL or a static string.
            let p = unsafe { strerrorname_np(e) };
            // SAFETY: as above.
            !p.is_null() && unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes() == name.as_bytes()
        })
        .unwrap_or_else(|| panic!("no errno named {name}"))
}

/// What LNP_EXPLAIN prints in `lang` for a fatal message (errno 0: err_quit's, without errno).
fn explained(lang: &str, errno: libc::c_int, message: &str) -> String {
    let msg = std::ffi::CString::new(message).unwrap();
    in_child(|| {
        set_env(&[("LNP_EXPLAIN", "1"), ("LANG", lang), ("LC_ALL", ""), ("LC_MESSAGES", "")]);
        // SAFETY: a NUL-terminated message, as the C shim passes it.
        unsafe { lnp_rs_err_explain(i32::from(errno != 0), errno, msg.as_ptr()) };
    })
    .stderr
}

#[test]
fn every_explanation_is_printed_exactly_as_written_in_both_languages() {
    let source = include_str!("../src/explanations.txt");
    let lines: Vec<&str> = source.lines().filter(|l| !l.starts_with('#')).collect();
    let mut entries = 0;
    for block in lines.split(|l| l.is_empty()).filter(|b| !b.is_empty()) {
        let [head, en, ko] = block else { panic!("an entry is three lines: {block:?}") };
        // A message the entry is for: its call's (a call with no entry of its own, "read",
        // for any-call ones), or one that contains its text.
        let (errno, message) = match head.strip_prefix("message \"") {
            Some(text) => (0, format!("x{}y", text.trim_end_matches('"'))),
            None => {
                let (call, name) = head.split_once(' ').unwrap();
                (errno_named(name), format!("{} error", if call == "*" { "read" } else { call }))
            }
        };
        assert_eq!(explained("C", errno, &message), format!("[lnp explain] {}\n", &en[3..]), "{head}");
        assert_eq!(explained("ko_KR.UTF-8", errno, &message), format!("[lnp 설명] {}\n", &ko[3..]), "{head}");
        entries += 1;
    }
    assert!(entries >= 30, "only {entries} explanations");
}

static HANDLED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// A Rust handler installed through `lnp::sys::Signal`; it leaves errno at EIO, as a C handler may.
extern "C" fn on_usr1(signo: libc::c_int) {
    HANDLED.store(signo, std::sync::atomic::Ordering::SeqCst);
    // SAFETY: errno is this thread's.
    unsafe { *libc::__errno_location() = libc::EIO };
}

#[test]
fn a_signal_handler_is_shown_by_name_and_its_delivery_is_traced() {
    let r = in_child(|| {
        set_env(&[("LNP_TRACE", "proc,names")]);
        let handler = on_usr1 as extern "C" fn(libc::c_int) as *mut sys::Sigfunc;
        // SAFETY: on_usr1 is async-signal-safe; the other structures are zeroed or ours.
        unsafe {
            let previous = sys::Signal(libc::SIGUSR1, handler);
            *libc::__errno_location() = 0;
            libc::raise(libc::SIGUSR1);
            let errno_after = *libc::__errno_location();
            let mut sa: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGUSR1, std::ptr::null(), &mut sa);
            let back = sys::Signal(libc::SIGUSR1, std::ptr::null_mut());
            let mut addr: libc::in_addr = std::mem::zeroed();
            sys::Inet_pton(libc::AF_INET, c"10.0.0.1".as_ptr(), (&raw mut addr).cast());
            out(&format!(
                "{} {} {} {} {}",
                previous.is_null(),
                HANDLED.load(std::sync::atomic::Ordering::SeqCst),
                errno_after == libc::EIO,
                sa.sa_flags & libc::SA_RESTART != 0,
                back == handler
            ));
        }
    });
    assert_eq!(r.status, 0, "{}", r.stderr);
    // The handler ran once, its errno stayed, SA_RESTART is kept, and Signal hands back the program's handler.
    assert_eq!(r.stdout, format!("true {} true true true", libc::SIGUSR1));
    assert_eq!(
        unpid(&r.stderr),
        "[lnp P] Signal(SIGUSR1, trace::on_usr1) = 0\n\
         [lnp P] signal SIGUSR1 -> trace::on_usr1\n\
         [lnp P] Signal(SIGUSR1, SIG_DFL) = 0\n\
         [lnp P] Inet_pton(AF_INET, \"10.0.0.1\", ...) = 1\n"
    );
}
