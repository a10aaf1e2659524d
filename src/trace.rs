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
///
/// The line is built right here, in the traced branch: each argument is
/// formatted by the function of its [`Arg`] variant, called from this call
/// site only, so a program links just the formatting (and the name tables) of
/// the calls it makes, and the untraced path evaluates none of the arguments.
/// errno is left as it was.
macro_rules! trace_call {
    ($group:ident, $name:literal, $ret:expr, [$($arg:expr),* $(,)?] $(, $tail:expr)?) => {
        if $crate::trace::enabled($crate::trace::$group) {
            #[allow(unused_imports)]
            use $crate::trace::Arg::*;
            let ret = $crate::trace::Outcome::outcome($ret);
            let mut line = $crate::trace::Line::new($name, ret);
            $(
                // SAFETY: every pointer in the arguments is one the wrapper's caller vouched for.
                unsafe { line.arg($arg) };
            )*
            // SAFETY: a result shown as an argument is the call's own return value.
            unsafe { line.result(ret) };
            $(
                // SAFETY: as above (a received length never exceeds the buffer).
                unsafe { line.tail($tail) };
            )?
            line.write();
        }
    };
}
pub(crate) use trace_call;

/// A line being built in a fixed buffer; text past [`LINE_MAX`] is dropped.
pub(crate) struct Line {
    buf: [u8; LINE_MAX],
    len: usize,
    /// Arguments appended so far (for the `, ` between them).
    args: usize,
    /// Whether the call failed (a result argument then holds nothing).
    failed: bool,
    /// The caller's errno, given back by [`Line::write`].
    saved_errno: c_int,
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

/// Names of values, stored without a pointer per entry (so a PIE needs no
/// relocation for them): the names end to end in one byte string, and for
/// each entry its value and where its name ends. Built at compile time by
/// [`names!`].
struct Names<const N: usize, const B: usize> {
    values: [c_int; N],
    ends: [u16; N],
    text: [u8; B],
}

/// The total length of `names` (a [`Names`] table's text).
const fn text_len(names: &[&str]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < names.len() {
        total += names[i].len();
        i += 1;
    }
    total
}

impl<const N: usize, const B: usize> Names<N, B> {
    /// The table of `list` (evaluated by the compiler: an index out of range is a build error).
    const fn build(list: &[(c_int, &str)]) -> Self {
        let mut table = Names { values: [0; N], ends: [0; N], text: [0; B] };
        let (mut i, mut at) = (0, 0);
        while i < N {
            let (value, name) = list[i];
            let bytes = name.as_bytes();
            let mut j = 0;
            while j < bytes.len() {
                table.text[at] = bytes[j];
                at += 1;
                j += 1;
            }
            assert!(at <= u16::MAX as usize, "name table too long");
            table.values[i] = value;
            table.ends[i] = at as u16;
            i += 1;
        }
        table
    }

    /// The table as slices.
    fn list(&'static self) -> NameList {
        NameList { values: &self.values, ends: &self.ends, text: &self.text }
    }
}

/// `names!(NAME = [(value, "name"), ...])`: `static NAME: Names<..>`, the sizes counted by the compiler.
macro_rules! names {
    ($table:ident = [$(($value:expr, $name:literal)),* $(,)?]) => {
        static $table: Names<{ [$($name),*].len() }, { text_len(&[$($name),*]) }> =
            Names::build(&[$(($value, $name)),*]);
    };
}

/// A [`Names`] table of any size.
#[derive(Clone, Copy)]
struct NameList {
    values: &'static [c_int],
    ends: &'static [u16],
    text: &'static [u8],
}

impl NameList {
    /// A level without named options.
    const EMPTY: NameList = NameList { values: &[], ends: &[], text: &[] };

    /// Each value with its name, in table order.
    fn entries(self) -> impl Iterator<Item = (c_int, &'static [u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.values.iter().zip(starts.zip(self.ends)).map(move |(&value, (start, &end))| {
            (value, self.text.get(usize::from(start)..usize::from(end)).unwrap_or(b""))
        })
    }

    /// The name of `value` (exact match).
    fn name_of(self, value: c_int) -> Option<&'static [u8]> {
        self.entries().find(|&(v, _)| v == value).map(|(_, n)| n)
    }
}

names!(
    FAMILIES = [
        (libc::AF_UNSPEC, "AF_UNSPEC"),
        (libc::AF_INET, "AF_INET"),
        (libc::AF_INET6, "AF_INET6"),
        (libc::AF_UNIX, "AF_LOCAL"),
        (libc::AF_ROUTE, "AF_ROUTE"),
        (libc::AF_PACKET, "AF_PACKET"),
    ]
);
names!(
    TYPES = [
        (libc::SOCK_STREAM, "SOCK_STREAM"),
        (libc::SOCK_DGRAM, "SOCK_DGRAM"),
        (libc::SOCK_RAW, "SOCK_RAW"),
        (libc::SOCK_SEQPACKET, "SOCK_SEQPACKET"),
    ]
);
names!(TYPE_FLAGS = [(libc::SOCK_NONBLOCK, "SOCK_NONBLOCK"), (libc::SOCK_CLOEXEC, "SOCK_CLOEXEC")]);
names!(
    PROTOS = [
        (libc::IPPROTO_TCP, "IPPROTO_TCP"),
        (libc::IPPROTO_UDP, "IPPROTO_UDP"),
        (libc::IPPROTO_SCTP, "IPPROTO_SCTP"),
        (libc::IPPROTO_ICMP, "IPPROTO_ICMP"),
        (libc::IPPROTO_ICMPV6, "IPPROTO_ICMPV6"),
    ]
);
names!(
    LEVELS = [
        (libc::SOL_SOCKET, "SOL_SOCKET"),
        (libc::IPPROTO_IP, "IPPROTO_IP"),
        (libc::IPPROTO_IPV6, "IPPROTO_IPV6"),
        (libc::IPPROTO_TCP, "IPPROTO_TCP"),
        (libc::IPPROTO_UDP, "IPPROTO_UDP"),
        (libc::IPPROTO_SCTP, "IPPROTO_SCTP"),
    ]
);
names!(
    SOCKET_OPTS = [
        (libc::SO_BROADCAST, "SO_BROADCAST"),
        (libc::SO_DEBUG, "SO_DEBUG"),
        (libc::SO_DONTROUTE, "SO_DONTROUTE"),
        (libc::SO_ERROR, "SO_ERROR"),
        (libc::SO_KEEPALIVE, "SO_KEEPALIVE"),
        (libc::SO_LINGER, "SO_LINGER"),
        (libc::SO_OOBINLINE, "SO_OOBINLINE"),
        (libc::SO_RCVBUF, "SO_RCVBUF"),
        (libc::SO_SNDBUF, "SO_SNDBUF"),
        (libc::SO_RCVLOWAT, "SO_RCVLOWAT"),
        (libc::SO_SNDLOWAT, "SO_SNDLOWAT"),
        (libc::SO_RCVTIMEO, "SO_RCVTIMEO"),
        (libc::SO_SNDTIMEO, "SO_SNDTIMEO"),
        (libc::SO_REUSEADDR, "SO_REUSEADDR"),
        (libc::SO_REUSEPORT, "SO_REUSEPORT"),
        (libc::SO_TYPE, "SO_TYPE"),
    ]
);
names!(
    IP_OPTS = [
        (libc::IP_TOS, "IP_TOS"),
        (libc::IP_TTL, "IP_TTL"),
        (libc::IP_HDRINCL, "IP_HDRINCL"),
        (libc::IP_OPTIONS, "IP_OPTIONS"),
        (libc::IP_PKTINFO, "IP_PKTINFO"),
        (libc::IP_MULTICAST_IF, "IP_MULTICAST_IF"),
        (libc::IP_MULTICAST_TTL, "IP_MULTICAST_TTL"),
        (libc::IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP"),
        (libc::IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP"),
        (libc::IP_DROP_MEMBERSHIP, "IP_DROP_MEMBERSHIP"),
    ]
);
names!(
    IPV6_OPTS = [
        (libc::IPV6_V6ONLY, "IPV6_V6ONLY"),
        (libc::IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS"),
        (libc::IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF"),
        (libc::IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS"),
        (libc::IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP"),
        (libc::IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO"),
    ]
);
names!(
    TCP_OPTS =
        [(libc::TCP_NODELAY, "TCP_NODELAY"), (libc::TCP_MAXSEG, "TCP_MAXSEG"), (libc::TCP_KEEPIDLE, "TCP_KEEPIDLE")]
);
names!(
    MSG_FLAGS = [
        (libc::MSG_OOB, "MSG_OOB"),
        (libc::MSG_PEEK, "MSG_PEEK"),
        (libc::MSG_DONTROUTE, "MSG_DONTROUTE"),
        (libc::MSG_DONTWAIT, "MSG_DONTWAIT"),
        (libc::MSG_WAITALL, "MSG_WAITALL"),
        (libc::MSG_NOSIGNAL, "MSG_NOSIGNAL"),
        (libc::MSG_EOR, "MSG_EOR"),
        (libc::MSG_TRUNC, "MSG_TRUNC"),
        (libc::MSG_CTRUNC, "MSG_CTRUNC"),
    ]
);
names!(WAIT_FLAGS = [(libc::WNOHANG, "WNOHANG"), (libc::WUNTRACED, "WUNTRACED")]);
names!(
    SIG_HOWS = [(libc::SIG_BLOCK, "SIG_BLOCK"), (libc::SIG_UNBLOCK, "SIG_UNBLOCK"), (libc::SIG_SETMASK, "SIG_SETMASK")]
);
names!(HOWS = [(libc::SHUT_RD, "SHUT_RD"), (libc::SHUT_WR, "SHUT_WR"), (libc::SHUT_RDWR, "SHUT_RDWR")]);

impl Line {
    /// `[lnp PID] name(`, for a call that returned `ret` (errno is saved until [`Line::write`]).
    #[cold]
    #[inline(never)] // shared by every traced call
    pub(crate) fn new(name: &str, ret: Ret) -> Line {
        let mut line = Line::prefix(matches!(ret, Ret::Err(_) | Ret::Null(_)));
        line.push(name.as_bytes());
        line.push(b"(");
        line
    }

    /// `[lnp PID] ` (errno is saved until [`Line::write`]).
    fn prefix(failed: bool) -> Line {
        let mut line = Line { buf: [0; LINE_MAX], len: 0, args: 0, failed, saved_errno: os::errno() };
        line.push(b"[lnp ");
        // SAFETY: getpid has no preconditions (and is async-signal-safe).
        line.int(i64::from(unsafe { libc::getpid() }));
        line.push(b"] ");
        line
    }

    /// Write `[lnp PID] signal SIGCHLD -> NAME`, a signal about to run its
    /// handler (async-signal-safe: a stack buffer and one `write(2)`); errno
    /// is left as it was.
    #[cold]
    #[inline(never)]
    pub(crate) fn delivery(signo: c_int, handler: &[u8]) {
        let mut line = Line::prefix(false);
        line.push(b"signal ");
        line.signal(signo);
        line.push(b" -> ");
        line.push(handler);
        line.write();
    }

    /// Append the next argument. Inlined into the call site, so only the
    /// formatter of `arg`'s variant is referenced there.
    ///
    /// # Safety
    /// Every pointer in `arg` must be NULL or valid as its variant says.
    #[inline(always)] // the match is decided at the call site: see trace_call!
    pub(crate) unsafe fn arg(&mut self, arg: Arg) {
        self.separate();
        // SAFETY: the caller's contract.
        unsafe { self.put(arg) };
    }

    /// Append `) = result` (`) ...` for a call traced as it starts). Inlined
    /// into the call site like [`Line::arg`], so only the formatting of the
    /// kinds of result the call has is linked.
    ///
    /// # Safety
    /// A [`Ret::Shown`] argument must be valid as its variant says.
    #[inline(always)] // the match is decided at the call site where it can be: see trace_call!
    pub(crate) unsafe fn result(&mut self, ret: Ret) {
        match ret {
            Ret::Val(v) => self.value(v),
            Ret::Err(e) => self.failure(e),
            Ret::Shown(a) => {
                self.push(b") = ");
                // SAFETY: the caller's contract.
                unsafe { self.put(a) };
            }
            Ret::Null(e) => self.null(e),
            Ret::Started => self.push(b") ..."),
        }
    }

    /// Append `) = NULL`, and ` ENAME (text)` if errno says why.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn null(&mut self, e: c_int) {
        self.push(b") = NULL");
        if e != 0 {
            self.push(b" ");
            self.errno(e);
        }
    }

    /// Append `) = value`.
    #[inline(never)] // shared by every traced call
    fn value(&mut self, v: i64) {
        self.push(b") = ");
        self.int(v);
    }

    /// Append `) = -1 ENAME (text)`.
    #[inline(never)] // shared by every traced call
    fn failure(&mut self, e: c_int) {
        self.push(b") = -1 ");
        self.errno(e);
    }

    /// After a successful call's result, append ` ` and `arg` (the data a read returned).
    ///
    /// # Safety
    /// As for [`Line::arg`].
    #[inline(always)] // as Line::arg
    pub(crate) unsafe fn tail(&mut self, arg: Arg) {
        if !self.failed {
            self.push(b" ");
            // SAFETY: the caller's contract.
            unsafe { self.put(arg) };
        }
    }

    /// Append one argument's text.
    ///
    /// # Safety
    /// As for [`Line::arg`].
    #[inline(always)] // as Line::arg
    unsafe fn put(&mut self, arg: Arg) {
        match arg {
            Arg::Int(v) => self.int(v),
            // SAFETY: the caller vouches for the address.
            Arg::Addr(sa, len) => unsafe { self.addr(sa, len) },
            // SAFETY: the caller vouches for the address and its length pointer.
            Arg::AddrOut(sa, lenp) => unsafe { self.addr_out(sa, lenp) },
            Arg::Family(f) => self.named(FAMILIES.list(), f),
            Arg::Type(t) => self.socket_type(t),
            Arg::Proto(p) => self.named(PROTOS.list(), p),
            Arg::Level(l) => self.named(LEVELS.list(), l),
            Arg::Opt(level, opt) => self.option(level, opt),
            Arg::MsgFlags(f) => self.flags(MSG_FLAGS.list(), f),
            Arg::Signal(s) => self.signal(s),
            Arg::Handler(h) => self.handler(h),
            Arg::WaitOpts(o) => self.flags(WAIT_FLAGS.list(), o),
            Arg::How(h) => self.named(HOWS.list(), h),
            // SAFETY: the caller vouches for the bytes.
            Arg::Data(p, n) => unsafe { self.data(p, n) },
            // SAFETY: the caller vouches for the string.
            Arg::Str(s) => unsafe { self.c_str(s) },
            Arg::Out => self.push(b"..."),
            Arg::SigHow(h) => self.named(SIG_HOWS.list(), h),
            Arg::Stream(fp) => self.stream(fp),
            Arg::Ptr(p) => self.pointer(p),
            Arg::Func(f) => self.function(f),
        }
    }

    /// Append a C stdio stream: `stdin`, `stdout`, `stderr`, else its address.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn stream(&mut self, fp: *mut libc::FILE) {
        if fp == os::c_stdin() {
            self.push(b"stdin");
        } else if fp == os::c_stdout() {
            self.push(b"stdout");
        } else if fp == os::c_stderr() {
            self.push(b"stderr");
        } else {
            self.pointer(fp.cast_const().cast());
        }
    }

    /// Append an address in hex (NULL → `NULL`).
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn pointer(&mut self, p: *const libc::c_void) {
        if p.is_null() {
            self.push(b"NULL");
        } else {
            self.push(crate::symname::hex(p as usize).as_bytes());
        }
    }

    /// Append a function's name (`0x...` in a stripped program; NULL → `NULL`).
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn function(&mut self, f: usize) {
        if f == 0 {
            self.push(b"NULL");
        } else {
            self.push(crate::symname::name_or_hex(f).as_bytes());
        }
    }

    /// Append `, ` before every argument but the first.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn separate(&mut self) {
        if self.args > 0 {
            self.push(b", ");
        }
        self.args += 1;
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
    fn named(&mut self, names: NameList, value: c_int) {
        match names.name_of(value) {
            Some(n) => self.push(n),
            None => self.int(i64::from(value)),
        }
    }

    /// Append the names of the bits of `value` joined by `|` (0 → "0"; unknown bits as a number).
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn flags(&mut self, names: NameList, value: c_int) {
        let mut rest = value;
        let mut first = true;
        for (bit, n) in names.entries() {
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

    /// Append a socket type with its flags: `SOCK_STREAM|SOCK_CLOEXEC`.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn socket_type(&mut self, t: c_int) {
        let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        self.named(TYPES.list(), t & !flags);
        if t & flags != 0 {
            self.push(b"|");
            self.flags(TYPE_FLAGS.list(), t & flags);
        }
    }

    /// Append the name of socket option `opt` of `level`.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn option(&mut self, level: c_int, opt: c_int) {
        let names = match level {
            libc::SOL_SOCKET => SOCKET_OPTS.list(),
            libc::IPPROTO_IP => IP_OPTS.list(),
            libc::IPPROTO_IPV6 => IPV6_OPTS.list(),
            libc::IPPROTO_TCP => TCP_OPTS.list(),
            _ => NameList::EMPTY,
        };
        self.named(names, opt);
    }

    /// Append a signal's name: `SIGCHLD` (the number if glibc has no name).
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn signal(&mut self, s: c_int) {
        // SAFETY: sigabbrev_np only indexes a static table.
        let abbrev = c_bytes(unsafe { sigabbrev_np(s) });
        if abbrev.is_empty() {
            self.int(i64::from(s));
        } else {
            self.push(b"SIG");
            self.push(abbrev);
        }
    }

    /// Append a signal handler: `SIG_DFL`, `SIG_IGN`, `SIG_ERR` or the function's name.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn handler(&mut self, h: libc::sighandler_t) {
        match h {
            libc::SIG_DFL => self.push(b"SIG_DFL"),
            libc::SIG_IGN => self.push(b"SIG_IGN"),
            libc::SIG_ERR => self.push(b"SIG_ERR"),
            _ => self.push(crate::symname::name_or_hex(h).as_bytes()),
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

    /// Append a preview of the `n` bytes at `p` (NULL → `NULL`).
    ///
    /// # Safety
    /// `p` must be NULL or valid for reads of `n` bytes.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    unsafe fn data(&mut self, p: *const u8, n: usize) {
        if p.is_null() {
            self.push(b"NULL");
        } else {
            // SAFETY: the caller vouches for n readable bytes (only PREVIEW + 1 are looked at).
            let bytes = unsafe { std::slice::from_raw_parts(p, n.min(PREVIEW + 1)) };
            self.preview(bytes);
        }
    }

    /// Append a C string, quoted as a preview (NULL → `NULL`).
    ///
    /// # Safety
    /// `s` must be NULL or a NUL-terminated string.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    unsafe fn c_str(&mut self, s: *const c_char) {
        if s.is_null() {
            self.push(b"NULL");
        } else {
            // SAFETY: the caller vouches for a NUL-terminated string.
            let bytes = unsafe { std::ffi::CStr::from_ptr(s) }.to_bytes();
            self.preview(bytes);
        }
    }

    /// Append `"..."` with the bytes escaped as C would write them, cut at [`PREVIEW`].
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    fn preview(&mut self, bytes: &[u8]) {
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

    /// Append an address the call wrote, its length behind `lenp`; `...` if the call failed.
    ///
    /// # Safety
    /// `lenp` must be NULL or valid; after success, `sa` valid for reads of `*lenp` bytes.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
    unsafe fn addr_out(&mut self, sa: *const sockaddr, lenp: *const socklen_t) {
        if self.failed {
            self.push(b"...");
            return;
        }
        // SAFETY: the caller vouches for the length pointer (NULL allowed).
        let len = if lenp.is_null() { 0 } else { unsafe { *lenp } };
        // SAFETY: the kernel wrote at most the buffer's length.
        unsafe { self.addr(sa, len) }
    }

    /// Append the address as `sock_ntop` prints it.
    ///
    /// # Safety
    /// `sa` must be NULL or valid for reads of `len` bytes.
    #[inline(never)] // one copy: the tracer is off the fast path, and programs stay small
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

    /// End the line ("..." if it was cut, then the newline), write it with
    /// one `write(2)` and give the caller its errno back.
    #[inline(never)] // shared by every traced call
    pub(crate) fn write(mut self) {
        if self.len >= LINE_MAX - 1 {
            self.len = LINE_MAX - 4;
            self.push(b"...");
        }
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b'\n';
            self.len += 1;
        }
        let out = OUT_FD.load(Ordering::Relaxed);
        // SAFETY: the line's bytes are initialised; a short or failed write loses only the trace.
        unsafe { libc::write(out, self.buf.as_ptr().cast(), self.len) };
        os::set_errno(self.saved_errno);
    }
}
