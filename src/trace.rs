//! `LNP_TRACE`: one line per lnp.h call, the way the book writes the program.
//!
//! With `LNP_TRACE=1` (or a list of groups, `LNP_TRACE=sock,io`) every traced
//! wrapper writes `[lnp PID] Name(args) = result` to stderr, or appends it to
//! the file named by `LNP_TRACE_FILE`. The environment is read once, at the
//! first traced call; after that a call that is not traced costs one load and
//! one predictable branch ([`enabled`]).
//!
//! A line is formatted in a fixed stack buffer and written with one
//! `write(2)` (`O_APPEND` for the file), so lines of forked children and
//! threads never interleave; nothing allocates, locks or panics, and the
//! caller's `errno` is kept, so a trace may be written from a signal handler.

use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

use libc::{c_char, c_int, sockaddr, socklen_t};

use crate::os;
use crate::sys::addr::{NTOP_LEN, ntop_text};

/// Socket calls: `Socket`, `Bind`, `Listen`, `Accept`, `Connect`, `Close`, options, names of ends.
pub(crate) const SOCK: u32 = 1 << 0;
/// Data transfer: `Read`, `Write`, `Readline`, `Readn`, `Writen` (and `readline`, `readn`, `writen`), `Send`, `Recv`, `Sendto`, `Recvfrom`.
pub(crate) const IO: u32 = 1 << 1;
/// Processes and signals: `Fork`, `Signal`, `Wait`, `Waitpid`.
pub(crate) const PROC: u32 = 1 << 2;
/// Name and address conversion: `Tcp_connect`, `Tcp_listen`, `Udp_client`, `Udp_server`, `Inet_pton`.
pub(crate) const NAMES: u32 = 1 << 3;
/// I/O multiplexing: `Select`, `Poll`.
pub(crate) const MUX: u32 = 1 << 4;
/// SCTP: `Sctp_sendmsg`, `Sctp_recvmsg`.
pub(crate) const SCTP: u32 = 1 << 5;
/// Multicast: `mcast_join`, `mcast_set_loop`, ... (`Mcast_*` too).
pub(crate) const MCAST: u32 = 1 << 6;
/// Threads: `Pthread_create`, `Pthread_mutex_lock`, ... (unpthread.h).
pub(crate) const THREAD: u32 = 1 << 7;
/// Interfaces: `get_ifi_info`, `free_ifi_info`, `If_nametoindex`, ... (unpifi.h).
pub(crate) const IFI: u32 = 1 << 8;
/// Reliable UDP timing: `rtt_init`, `rtt_start`, ... (unprtt.h).
pub(crate) const RTT: u32 = 1 << 9;
/// Other system calls and helpers: `Malloc`, `Pipe`, `Open`, `Dup2`, `gf_time`, ...
pub(crate) const UNIX: u32 = 1 << 10;

/// The group names `LNP_TRACE` accepts (`1` or `all` selects every group).
const GROUPS: [(&[u8], u32); 11] = [
    (b"sock", SOCK),
    (b"io", IO),
    (b"proc", PROC),
    (b"names", NAMES),
    (b"mux", MUX),
    (b"sctp", SCTP),
    (b"mcast", MCAST),
    (b"thread", THREAD),
    (b"ifi", IFI),
    (b"rtt", RTT),
    (b"unix", UNIX),
];

/// Before the first traced call: every bit set, so [`enabled`] takes the slow path once.
const UNREAD: u32 = u32::MAX;
/// The traced groups, or [`UNREAD`].
static GROUPS_ON: AtomicU32 = AtomicU32::new(UNREAD);
/// Where lines go: 2 (stderr) or the `LNP_TRACE_FILE` descriptor.
static OUT_FD: AtomicI32 = AtomicI32::new(2);

/// Lowest descriptor the trace file may take, so the program's own numbers stay as untraced.
const TRACE_FD_MIN: c_int = 900;
/// Longest line written; longer ones are cut and end in "...".
const LINE_MAX: usize = 512;
/// Bytes of data shown in a preview.
const PREVIEW: usize = 32;

/// Whether calls of `group` are traced (reads the environment at the first call).
#[inline]
pub(crate) fn enabled(group: u32) -> bool {
    let on = GROUPS_ON.load(Ordering::Relaxed);
    on & group != 0 && (on != UNREAD || read_environment() & group != 0)
}

/// Read `LNP_TRACE` and `LNP_TRACE_FILE` once; returns the traced groups.
#[cold]
fn read_environment() -> u32 {
    let groups = env_bytes(c"LNP_TRACE").map_or(0, parse_groups);
    if groups != 0
        && let Some(path) = env_ptr(c"LNP_TRACE_FILE")
    {
        // SAFETY: a NUL-terminated path from the environment; plain flags and mode.
        let fd = unsafe { libc::open(path, libc::O_WRONLY | libc::O_APPEND | libc::O_CREAT | libc::O_CLOEXEC, 0o644) };
        if fd >= 0 {
            // SAFETY: fcntl and close on the descriptor just opened.
            let high = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, TRACE_FD_MIN) };
            let keep = if high >= 0 {
                // SAFETY: as above.
                unsafe { libc::close(fd) };
                high
            } else {
                fd
            };
            if OUT_FD.compare_exchange(2, keep, Ordering::Relaxed, Ordering::Relaxed).is_err() {
                // SAFETY: another thread won the race; this descriptor is ours alone.
                unsafe { libc::close(keep) };
            }
        }
    }
    GROUPS_ON.store(groups, Ordering::Relaxed);
    groups
}

/// A variable's value as a C pointer, or `None`.
fn env_ptr(name: &std::ffi::CStr) -> Option<*const c_char> {
    // SAFETY: getenv with a NUL-terminated name; the result is read at once.
    let p = unsafe { libc::getenv(name.as_ptr()) };
    if p.is_null() { None } else { Some(p.cast_const()) }
}

/// A variable's value as bytes, or `None`.
fn env_bytes(name: &std::ffi::CStr) -> Option<&'static [u8]> {
    // SAFETY: the environment string stays valid unless the program changes it.
    env_ptr(name).map(|p| unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes())
}

/// `1`/`all` → every group; otherwise the comma-separated group names (unknown ones ignored).
fn parse_groups(value: &[u8]) -> u32 {
    value.split(|&b| b == b',').fold(0, |acc, word| {
        let bits = match word {
            b"1" | b"all" => u32::MAX >> 1,
            _ => GROUPS.iter().find(|(name, _)| *name == word).map_or(0, |&(_, bits)| bits),
        };
        acc | bits
    })
}

/// One argument of a traced call, printed the way a student reads it.
#[derive(Clone, Copy)]
pub(crate) enum Arg {
    /// A number (descriptors, lengths, ports).
    Int(i64),
    /// A socket address, printed with `sock_ntop` (NULL → `NULL`).
    Addr(*const sockaddr, socklen_t),
    /// A socket address the call wrote, its length behind a pointer (`Accept`, `Recvfrom`); `...` if the call failed.
    AddrOut(*const sockaddr, *const socklen_t),
    /// An address family: `AF_INET`.
    Family(c_int),
    /// A socket type with its flags: `SOCK_STREAM|SOCK_CLOEXEC`.
    Type(c_int),
    /// A protocol number (0, `IPPROTO_TCP`, `IPPROTO_SCTP`, ...).
    Proto(c_int),
    /// A socket option level.
    Level(c_int),
    /// A socket option name of a level.
    Opt(c_int, c_int),
    /// `MSG_*` flags.
    MsgFlags(c_int),
    /// A signal number: `SIGCHLD`.
    Signal(c_int),
    /// A signal handler: `SIG_DFL`, `SIG_IGN` or the function's name (`sig_chld`; `0x...` if stripped).
    Handler(libc::sighandler_t),
    /// `waitpid` options: `WNOHANG`.
    WaitOpts(c_int),
    /// `shutdown` direction: `SHUT_WR`.
    How(c_int),
    /// Data going out: a short escaped preview of `len` bytes.
    Data(*const u8, usize),
    /// A C string, quoted (NULL → `NULL`).
    Str(*const c_char),
    /// A buffer or result the call fills in: `...`.
    Out,
    /// `sigprocmask` direction: `SIG_BLOCK`.
    SigHow(c_int),
    /// A C stdio stream: `stdin`, `stdout`, `stderr`, else its address.
    Stream(*mut libc::FILE),
    /// A pointer shown as an address: `0x55d0c8a01234` (NULL → `NULL`).
    Ptr(*const libc::c_void),
    /// A function, shown by its name (`doit`; `0x...` in a stripped program).
    Func(usize),
}

/// The result of a traced call.
#[derive(Clone, Copy)]
pub(crate) enum Ret {
    /// A value (0 for the wrappers that return nothing).
    Val(i64),
    /// Failure: -1 and this errno.
    Err(c_int),
    /// A value shown as an argument is: a returned string or pointer (`= "127.0.0.1:9877"`).
    Shown(Arg),
    /// A NULL pointer returned for failure, with this errno (0: none).
    Null(c_int),
    /// A call that runs until the program ends (`dg_echo`), traced when it starts: `...` instead of `= result`.
    Started,
}

/// A returned string, address or handle, printed as this argument.
#[derive(Clone, Copy)]
pub(crate) struct Returned(pub(crate) Arg);

impl Outcome for Returned {
    fn outcome(&self) -> Ret {
        Ret::Shown(self.0)
    }
}

/// A returned pointer that is NULL on failure: `= 0x...`, or `= NULL ENAME (text)` with the current errno.
#[derive(Clone, Copy)]
pub(crate) struct Pointer(pub(crate) *const libc::c_void);

impl Outcome for Pointer {
    fn outcome(&self) -> Ret {
        if self.0.is_null() { Ret::Null(os::errno()) } else { Ret::Shown(Arg::Ptr(self.0)) }
    }
}

/// A pthread-style result: 0, or the error number itself (`errno` untouched).
#[derive(Clone, Copy)]
pub(crate) struct ErrorNumber(pub(crate) c_int);

impl Outcome for ErrorNumber {
    fn outcome(&self) -> Ret {
        if self.0 == 0 { Ret::Val(0) } else { Ret::Err(self.0) }
    }
}

/// The result of a call traced when it starts.
pub(crate) struct Starting;

impl Outcome for Starting {
    fn outcome(&self) -> Ret {
        Ret::Started
    }
}

impl Outcome for () {
    /// A wrapper that returns nothing, or dies on failure: `= 0`.
    fn outcome(&self) -> Ret {
        Ret::Val(0)
    }
}

/// Results that turn into a [`Ret`].
pub(crate) trait Outcome {
    /// This result as the tracer prints it.
    fn outcome(&self) -> Ret;
}

impl<T: Copy + TryInto<i64>, E: std::borrow::Borrow<std::io::Error>> Outcome for Result<T, E> {
    fn outcome(&self) -> Ret {
        match self {
            Ok(v) => Ret::Val((*v).try_into().unwrap_or(i64::MAX)),
            Err(e) => Ret::Err(e.borrow().raw_os_error().unwrap_or(0)),
        }
    }
}

impl Outcome for c_int {
    /// -1 means failure with the current errno.
    fn outcome(&self) -> Ret {
        if *self == -1 { Ret::Err(os::errno()) } else { Ret::Val(i64::from(*self)) }
    }
}

impl Outcome for isize {
    /// -1 means failure with the current errno.
    fn outcome(&self) -> Ret {
        if *self == -1 { Ret::Err(os::errno()) } else { Ret::Val(*self as i64) }
    }
}

/// Trace one call: `trace_call!(GROUP, "Name", &result, [args...])`, or with a
/// fourth part, the data a read returned: `..., Data(buf, n))`.
macro_rules! trace_call {
    ($group:ident, $name:literal, $ret:expr, [$($arg:expr),* $(,)?] $(, $tail:expr)?) => {
        if $crate::trace::enabled($crate::trace::$group) {
            #[allow(unused_imports)]
            use $crate::trace::Arg::*;
            let ret = $crate::trace::Outcome::outcome($ret);
            // SAFETY: every pointer in the arguments is one the wrapper's caller vouched for
            // (a received length never exceeds the buffer).
            unsafe { $crate::trace::emit($name, &[$($arg),*], ret, [$($tail)?].first().copied()) }
        }
    };
}
pub(crate) use trace_call;

/// Format and write one line; errno is left as it was.
///
/// # Safety
/// Every pointer in `args` and `tail` must be NULL or valid as its variant says.
pub(crate) unsafe fn emit(name: &str, args: &[Arg], ret: Ret, tail: Option<Arg>) {
    let saved = os::errno();
    let mut line = Line::new();
    line.push(b"[lnp ");
    // SAFETY: getpid has no preconditions.
    line.int(i64::from(unsafe { libc::getpid() }));
    line.push(b"] ");
    line.push(name.as_bytes());
    line.push(b"(");
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            line.push(b", ");
        }
        // SAFETY: the caller's contract.
        unsafe { line.arg(*arg, matches!(ret, Ret::Err(_))) };
    }
    line.push(if matches!(ret, Ret::Started) { b") ..." } else { b") = " });
    match ret {
        Ret::Started => {}
        Ret::Null(e) => {
            line.push(b"NULL");
            if e != 0 {
                line.push(b" ");
                line.errno(e);
            }
        }
        // SAFETY: the caller's contract.
        Ret::Shown(a) => unsafe { line.arg(a, false) },
        Ret::Val(v) => {
            line.int(v);
            if let Some(t) = tail {
                line.push(b" ");
                // SAFETY: the caller's contract.
                unsafe { line.arg(t, false) };
            }
        }
        Ret::Err(e) => {
            line.push(b"-1 ");
            line.errno(e);
        }
    }
    line.finish();
    let out = OUT_FD.load(Ordering::Relaxed);
    // SAFETY: the line's bytes are initialised; a short or failed write loses only the trace.
    unsafe { libc::write(out, line.buf.as_ptr().cast(), line.len) };
    os::set_errno(saved);
}

/// Write `[lnp PID] signal SIGCHLD -> NAME`, a signal about to run its handler; errno is left as it was.
pub(crate) fn emit_delivery(signo: c_int, handler: &[u8]) {
    let saved = os::errno();
    let mut line = Line::new();
    line.push(b"[lnp ");
    // SAFETY: getpid has no preconditions (and is async-signal-safe).
    line.int(i64::from(unsafe { libc::getpid() }));
    line.push(b"] signal ");
    // SAFETY: a signal number carries no pointer.
    unsafe { line.arg(Arg::Signal(signo), false) };
    line.push(b" -> ");
    line.push(handler);
    line.finish();
    // SAFETY: the line's bytes are initialised; a short or failed write loses only the trace.
    unsafe { libc::write(OUT_FD.load(Ordering::Relaxed), line.buf.as_ptr().cast(), line.len) };
    os::set_errno(saved);
}

/// A line being built in a fixed buffer; text past [`LINE_MAX`] is dropped.
struct Line {
    buf: [u8; LINE_MAX],
    len: usize,
}

unsafe extern "C" {
    /// glibc ≥ 2.32: "ECONNREFUSED" for ECONNREFUSED, NULL if unknown (async-signal-safe).
    fn strerrorname_np(errnum: c_int) -> *const c_char;
    /// glibc ≥ 2.32: the English text, untranslated, NULL if unknown (async-signal-safe).
    fn strerrordesc_np(errnum: c_int) -> *const c_char;
    /// glibc ≥ 2.32: "CHLD" for SIGCHLD, NULL if unknown.
    fn sigabbrev_np(sig: c_int) -> *const c_char;
}

/// A glibc string as bytes (empty for NULL).
fn c_bytes(p: *const c_char) -> &'static [u8] {
    if p.is_null() {
        return b"";
    }
    // SAFETY: glibc's tables of names hold static NUL-terminated strings.
    unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes()
}

/// Names of values (exact match).
type Names = &'static [(c_int, &'static [u8])];

const FAMILIES: Names = &[
    (libc::AF_UNSPEC, b"AF_UNSPEC"),
    (libc::AF_INET, b"AF_INET"),
    (libc::AF_INET6, b"AF_INET6"),
    (libc::AF_UNIX, b"AF_LOCAL"),
    (libc::AF_ROUTE, b"AF_ROUTE"),
    (libc::AF_PACKET, b"AF_PACKET"),
];
const TYPES: Names = &[
    (libc::SOCK_STREAM, b"SOCK_STREAM"),
    (libc::SOCK_DGRAM, b"SOCK_DGRAM"),
    (libc::SOCK_RAW, b"SOCK_RAW"),
    (libc::SOCK_SEQPACKET, b"SOCK_SEQPACKET"),
];
const TYPE_FLAGS: Names = &[(libc::SOCK_NONBLOCK, b"SOCK_NONBLOCK"), (libc::SOCK_CLOEXEC, b"SOCK_CLOEXEC")];
const PROTOS: Names = &[
    (libc::IPPROTO_TCP, b"IPPROTO_TCP"),
    (libc::IPPROTO_UDP, b"IPPROTO_UDP"),
    (libc::IPPROTO_SCTP, b"IPPROTO_SCTP"),
    (libc::IPPROTO_ICMP, b"IPPROTO_ICMP"),
    (libc::IPPROTO_ICMPV6, b"IPPROTO_ICMPV6"),
];
const LEVELS: Names = &[
    (libc::SOL_SOCKET, b"SOL_SOCKET"),
    (libc::IPPROTO_IP, b"IPPROTO_IP"),
    (libc::IPPROTO_IPV6, b"IPPROTO_IPV6"),
    (libc::IPPROTO_TCP, b"IPPROTO_TCP"),
    (libc::IPPROTO_UDP, b"IPPROTO_UDP"),
    (libc::IPPROTO_SCTP, b"IPPROTO_SCTP"),
];
const SOCKET_OPTS: Names = &[
    (libc::SO_BROADCAST, b"SO_BROADCAST"),
    (libc::SO_DEBUG, b"SO_DEBUG"),
    (libc::SO_DONTROUTE, b"SO_DONTROUTE"),
    (libc::SO_ERROR, b"SO_ERROR"),
    (libc::SO_KEEPALIVE, b"SO_KEEPALIVE"),
    (libc::SO_LINGER, b"SO_LINGER"),
    (libc::SO_OOBINLINE, b"SO_OOBINLINE"),
    (libc::SO_RCVBUF, b"SO_RCVBUF"),
    (libc::SO_SNDBUF, b"SO_SNDBUF"),
    (libc::SO_RCVLOWAT, b"SO_RCVLOWAT"),
    (libc::SO_SNDLOWAT, b"SO_SNDLOWAT"),
    (libc::SO_RCVTIMEO, b"SO_RCVTIMEO"),
    (libc::SO_SNDTIMEO, b"SO_SNDTIMEO"),
    (libc::SO_REUSEADDR, b"SO_REUSEADDR"),
    (libc::SO_REUSEPORT, b"SO_REUSEPORT"),
    (libc::SO_TYPE, b"SO_TYPE"),
];
const IP_OPTS: Names = &[
    (libc::IP_TOS, b"IP_TOS"),
    (libc::IP_TTL, b"IP_TTL"),
    (libc::IP_HDRINCL, b"IP_HDRINCL"),
    (libc::IP_OPTIONS, b"IP_OPTIONS"),
    (libc::IP_PKTINFO, b"IP_PKTINFO"),
    (libc::IP_MULTICAST_IF, b"IP_MULTICAST_IF"),
    (libc::IP_MULTICAST_TTL, b"IP_MULTICAST_TTL"),
    (libc::IP_MULTICAST_LOOP, b"IP_MULTICAST_LOOP"),
    (libc::IP_ADD_MEMBERSHIP, b"IP_ADD_MEMBERSHIP"),
    (libc::IP_DROP_MEMBERSHIP, b"IP_DROP_MEMBERSHIP"),
];
const IPV6_OPTS: Names = &[
    (libc::IPV6_V6ONLY, b"IPV6_V6ONLY"),
    (libc::IPV6_UNICAST_HOPS, b"IPV6_UNICAST_HOPS"),
    (libc::IPV6_MULTICAST_IF, b"IPV6_MULTICAST_IF"),
    (libc::IPV6_MULTICAST_HOPS, b"IPV6_MULTICAST_HOPS"),
    (libc::IPV6_MULTICAST_LOOP, b"IPV6_MULTICAST_LOOP"),
    (libc::IPV6_RECVPKTINFO, b"IPV6_RECVPKTINFO"),
];
const TCP_OPTS: Names =
    &[(libc::TCP_NODELAY, b"TCP_NODELAY"), (libc::TCP_MAXSEG, b"TCP_MAXSEG"), (libc::TCP_KEEPIDLE, b"TCP_KEEPIDLE")];
const MSG_FLAGS: Names = &[
    (libc::MSG_OOB, b"MSG_OOB"),
    (libc::MSG_PEEK, b"MSG_PEEK"),
    (libc::MSG_DONTROUTE, b"MSG_DONTROUTE"),
    (libc::MSG_DONTWAIT, b"MSG_DONTWAIT"),
    (libc::MSG_WAITALL, b"MSG_WAITALL"),
    (libc::MSG_NOSIGNAL, b"MSG_NOSIGNAL"),
    (libc::MSG_EOR, b"MSG_EOR"),
    (libc::MSG_TRUNC, b"MSG_TRUNC"),
    (libc::MSG_CTRUNC, b"MSG_CTRUNC"),
];
const WAIT_FLAGS: Names = &[(libc::WNOHANG, b"WNOHANG"), (libc::WUNTRACED, b"WUNTRACED")];
const SIG_HOWS: Names =
    &[(libc::SIG_BLOCK, b"SIG_BLOCK"), (libc::SIG_UNBLOCK, b"SIG_UNBLOCK"), (libc::SIG_SETMASK, b"SIG_SETMASK")];
const HOWS: Names = &[(libc::SHUT_RD, b"SHUT_RD"), (libc::SHUT_WR, b"SHUT_WR"), (libc::SHUT_RDWR, b"SHUT_RDWR")];

/// The name of `value` in `names`.
fn name_of(names: Names, value: c_int) -> Option<&'static [u8]> {
    names.iter().find(|(v, _)| *v == value).map(|&(_, n)| n)
}

impl Line {
    fn new() -> Line {
        Line { buf: [0; LINE_MAX], len: 0 }
    }

    /// Append bytes, cut at the end of the buffer (one byte kept for the newline).
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn push(&mut self, bytes: &[u8]) {
        let copied = self.buf.iter_mut().take(LINE_MAX - 1).skip(self.len).zip(bytes).map(|(dst, &b)| *dst = b).count();
        self.len += copied;
    }

    /// Append a decimal number.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn int(&mut self, value: i64) {
        let mut digits = [0u8; 20];
        let mut v = value.unsigned_abs();
        let mut n = 0;
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
            n += 1;
            if v == 0 {
                break;
            }
        }
        if value < 0 {
            self.push(b"-");
        }
        self.push(digits.get(digits.len() - n..).unwrap_or(b""));
    }

    /// Append a name from `names`, or the number.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn named(&mut self, names: Names, value: c_int) {
        match name_of(names, value) {
            Some(n) => self.push(n),
            None => self.int(i64::from(value)),
        }
    }

    /// Append the names of the bits of `value` joined by `|` (0 → "0"; unknown bits as a number).
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn flags(&mut self, names: Names, value: c_int) {
        let mut rest = value;
        let mut first = true;
        for &(bit, n) in names {
            if bit != 0 && rest & bit == bit {
                if !first {
                    self.push(b"|");
                }
                self.push(n);
                first = false;
                rest &= !bit;
            }
        }
        if rest != 0 || first {
            if !first {
                self.push(b"|");
            }
            self.int(i64::from(rest));
        }
    }

    /// Append `ENAME (text)`.
    fn errno(&mut self, e: c_int) {
        // SAFETY: both functions only index glibc's static tables.
        let (name, desc) = unsafe { (c_bytes(strerrorname_np(e)), c_bytes(strerrordesc_np(e))) };
        if name.is_empty() {
            self.push(b"errno ");
            self.int(i64::from(e));
        } else {
            self.push(name);
        }
        if !desc.is_empty() {
            self.push(b" (");
            self.push(desc);
            self.push(b")");
        }
    }

    /// Append `"..."` with the bytes escaped as C would write them, cut at [`PREVIEW`].
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn data(&mut self, bytes: &[u8]) {
        self.push(b"\"");
        for &b in bytes.iter().take(PREVIEW) {
            match b {
                b'\n' => self.push(b"\\n"),
                b'\r' => self.push(b"\\r"),
                b'\t' => self.push(b"\\t"),
                b'"' => self.push(b"\\\""),
                b'\\' => self.push(b"\\\\"),
                0x20..=0x7e => self.push(&[b]),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
                    let lo = HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0');
                    self.push(&[b'\\', b'x', hi, lo]);
                }
            }
        }
        self.push(b"\"");
        if bytes.len() > PREVIEW {
            self.push(b"...");
        }
    }

    /// Append one argument; after a failed call (`failed`) a result argument
    /// ([`Arg::AddrOut`]) holds nothing and is shown as `...`.
    ///
    /// # Safety
    /// As for [`emit`].
    unsafe fn arg(&mut self, arg: Arg, failed: bool) {
        match arg {
            Arg::AddrOut(..) if failed => self.push(b"..."),
            Arg::Int(v) => self.int(v),
            // SAFETY: the caller vouches for the address.
            Arg::Addr(sa, len) => unsafe { self.addr(sa, len) },
            Arg::AddrOut(sa, lenp) => {
                // SAFETY: the caller vouches for the length pointer (NULL allowed).
                let len = if lenp.is_null() { 0 } else { unsafe { *lenp } };
                // SAFETY: the kernel wrote at most the buffer's length.
                unsafe { self.addr(sa, len) }
            }
            Arg::Family(f) => self.named(FAMILIES, f),
            Arg::Type(t) => {
                let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
                self.named(TYPES, t & !flags);
                if t & flags != 0 {
                    self.push(b"|");
                    self.flags(TYPE_FLAGS, t & flags);
                }
            }
            Arg::Proto(p) => self.named(PROTOS, p),
            Arg::Level(l) => self.named(LEVELS, l),
            Arg::Opt(level, opt) => {
                let names = match level {
                    libc::SOL_SOCKET => SOCKET_OPTS,
                    libc::IPPROTO_IP => IP_OPTS,
                    libc::IPPROTO_IPV6 => IPV6_OPTS,
                    libc::IPPROTO_TCP => TCP_OPTS,
                    _ => &[],
                };
                self.named(names, opt);
            }
            Arg::MsgFlags(f) => self.flags(MSG_FLAGS, f),
            Arg::Signal(s) => {
                // SAFETY: sigabbrev_np only indexes a static table.
                let abbrev = c_bytes(unsafe { sigabbrev_np(s) });
                if abbrev.is_empty() {
                    self.int(i64::from(s));
                } else {
                    self.push(b"SIG");
                    self.push(abbrev);
                }
            }
            Arg::Handler(h) => match h {
                libc::SIG_DFL => self.push(b"SIG_DFL"),
                libc::SIG_IGN => self.push(b"SIG_IGN"),
                libc::SIG_ERR => self.push(b"SIG_ERR"),
                _ => self.push(crate::symname::name_or_hex(h).as_bytes()),
            },
            Arg::WaitOpts(o) => self.flags(WAIT_FLAGS, o),
            Arg::How(h) => self.named(HOWS, h),
            Arg::Data(p, n) => {
                if p.is_null() {
                    self.push(b"NULL");
                } else {
                    // SAFETY: the caller vouches for n readable bytes (only PREVIEW + 1 are looked at).
                    let bytes = unsafe { std::slice::from_raw_parts(p, n.min(PREVIEW + 1)) };
                    self.data(bytes);
                }
            }
            Arg::Str(s) => {
                if s.is_null() {
                    self.push(b"NULL");
                } else {
                    // SAFETY: the caller vouches for a NUL-terminated string.
                    let bytes = unsafe { std::ffi::CStr::from_ptr(s) }.to_bytes();
                    self.data(bytes);
                }
            }
            Arg::Out => self.push(b"..."),
            Arg::Stream(fp) if fp == os::c_stdin() => self.push(b"stdin"),
            Arg::Stream(fp) if fp == os::c_stdout() => self.push(b"stdout"),
            Arg::Stream(fp) if fp == os::c_stderr() => self.push(b"stderr"),
            // SAFETY: a pointer is printed, never read.
            Arg::Stream(fp) => unsafe { self.arg(Arg::Ptr(fp.cast_const().cast()), false) },
            Arg::SigHow(h) => self.named(SIG_HOWS, h),
            Arg::Ptr(p) if p.is_null() => self.push(b"NULL"),
            Arg::Ptr(p) => self.push(crate::symname::hex(p as usize).as_bytes()),
            Arg::Func(0) => self.push(b"NULL"),
            Arg::Func(f) => self.push(crate::symname::name_or_hex(f).as_bytes()),
        }
    }

    /// Append the address as `sock_ntop` prints it.
    ///
    /// # Safety
    /// `sa` must be NULL or valid for reads of `len` bytes.
    unsafe fn addr(&mut self, sa: *const sockaddr, len: socklen_t) {
        let mut text = [0u8; NTOP_LEN];
        // SAFETY: the caller's contract.
        match unsafe { ntop_text(sa, len, &mut text) } {
            Some(start) => {
                let shown = text.get(start..).unwrap_or(b"");
                let end = shown.iter().position(|&b| b == 0).unwrap_or(shown.len());
                self.push(shown.get(..end).unwrap_or(b""));
            }
            None => self.push(b"NULL"),
        }
    }

    /// End the line: "..." if it was cut, then the newline.
    fn finish(&mut self) {
        if self.len >= LINE_MAX - 1 {
            self.len = LINE_MAX - 4;
            self.push(b"...");
        }
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b'\n';
            self.len += 1;
        }
    }
}
