//! IPv4 and IPv6 source routes (UNP §27.3, ipopts/sourceroute.c, §27.6
//! ipopts/sourceroute6.c).
//!
//! `inet_srcrt_init` and `inet_srcrt_add` build an `IP_OPTIONS` value in one
//! process-global buffer, as in UNP. `inet_srcrt_print` reads the option in
//! Linux's `getsockopt(IP_OPTIONS)` layout, which differs from BSD's.

use std::sync::Mutex;

use libc::{c_char, c_int, c_void};

use crate::os;
use crate::trace::{Returned, trace_call};

/// Size of the option buffer: NOP, code, length, pointer, 10 addresses.
const SRCRT_BUFSIZE: usize = 44;
/// At most this many addresses fit.
const SRCRT_MAXADDRS: usize = 10;

/// The option being built: its buffer (malloc'd, never freed) and the address count.
struct Build {
    buf: *mut u8,
    count: usize,
}

// SAFETY: the pointer is only an address of a malloc'd buffer owned by the C caller.
unsafe impl Send for Build {}

static BUILD: Mutex<Build> = Mutex::new(Build { buf: std::ptr::null_mut(), count: 0 });

/// Lock the build state (a poisoned lock cannot happen with panic=abort, but is tolerated).
fn build() -> std::sync::MutexGuard<'static, Build> {
    BUILD.lock().unwrap_or_else(|p| p.into_inner())
}

/// Append one IPv4 address (resolved with Host_serv) to the source route being built (UNP §27.3).
///
/// More than 10 addresses: "too many source routes with: HOST" and exit(1);
/// an unresolvable host ends in `Host_serv`'s message.
///
/// # Returns
/// The option's total size for `setsockopt(IP_OPTIONS)` (length byte + 1 for
/// the leading NOP), or -1 with `EINVAL` if `inet_srcrt_init` was never called
/// (UNP would crash).
///
/// # Safety
/// `hostptr` must be a NUL-terminated string; the buffer `inet_srcrt_init`
/// returned must still be allocated.
#[unsafe(export_name = "lnp_rs_inet_srcrt_add")]
pub unsafe extern "C" fn inet_srcrt_add(hostptr: *mut c_char) -> c_int {
    // SAFETY: the caller's contract is inet_srcrt_add's.
    let r = unsafe { srcrt_add_core(hostptr) };
    trace_call!(NAMES, "inet_srcrt_add", &r, [Str(hostptr)]);
    r
}

/// The body of `inet_srcrt_add` without its trace line (`inet_srcrt_add` traces what it returns).
///
/// # Safety
/// As for `inet_srcrt_add`.
unsafe fn srcrt_add_core(hostptr: *mut c_char) -> c_int {
    let mut st = build();
    if st.buf.is_null() {
        os::set_errno(libc::EINVAL);
        return -1;
    }
    if st.count >= SRCRT_MAXADDRS {
        // SAFETY: one %s with a C string argument.
        unsafe { crate::error::lnp_rs_err_quit(c"too many source routes with: %s".as_ptr(), hostptr) }
    }
    // SAFETY: `hostptr` is a C string (caller); NULL service is allowed.
    let ai = unsafe { crate::sys::Host_serv(hostptr, std::ptr::null(), libc::AF_INET, 0) };
    // SAFETY: Host_serv returned a non-NULL list whose first entry is AF_INET.
    let addr = unsafe { (*(*ai).ai_addr.cast::<libc::sockaddr_in>()).sin_addr.s_addr };
    // SAFETY: `ai` came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(ai) };
    let at = 4 + 4 * st.count;
    // SAFETY: `buf` has SRCRT_BUFSIZE bytes and at + 4 <= 4 + 4 * 10 = 44.
    unsafe { std::ptr::copy_nonoverlapping(addr.to_ne_bytes().as_ptr(), st.buf.add(at), 4) };
    st.count += 1;
    let len = 3 + 4 * st.count;
    // SAFETY: byte 2 of the buffer is the option length.
    unsafe { *st.buf.add(2) = len as u8 };
    (len + 1) as c_int
}

/// Start a new IPv4 source-route option: strict (type != 0) or loose (UNP §27.3).
///
/// The code byte is `IPOPT_SSRR` for `type != 0`, else `IPOPT_LSRR`.
///
/// # Returns
/// A new zeroed 44-byte malloc'd buffer ("malloc error" and exit(1) if none): NOP, code, length (set by
/// `inet_srcrt_add`), pointer 4. The previous buffer is not freed (as in UNP).
#[unsafe(export_name = "lnp_rs_inet_srcrt_init")]
pub extern "C" fn inet_srcrt_init(r#type: c_int) -> *mut u8 {
    // Malloc and zeroing as one calloc, called from here: the leak checkers'
    // suppressions (tests/hard) name this function as the allocator's caller.
    // SAFETY: calloc takes plain sizes.
    let buf = unsafe { libc::calloc(1, SRCRT_BUFSIZE) }.cast::<u8>();
    if buf.is_null() {
        crate::error::sys_exit_errno(c"malloc error");
    }
    // SAFETY: calloc returned SRCRT_BUFSIZE zeroed writable bytes.
    unsafe {
        *buf = libc::IPOPT_NOP;
        *buf.add(1) = if r#type != 0 { libc::IPOPT_SSRR } else { libc::IPOPT_LSRR };
        *buf.add(3) = 4;
    }
    let mut st = build();
    st.buf = buf;
    st.count = 0;
    trace_call!(NAMES, "inet_srcrt_init", &Returned(Ptr(buf.cast())), [Int(r#type.into())]);
    buf
}

/// Print `text` on C's stdout.
fn put(text: &std::ffi::CStr) {
    // SAFETY: a NUL-terminated string and glibc's stdout.
    unsafe { libc::fputs(text.as_ptr(), os::c_stdout()) };
}

/// Print one address with `Inet_ntop` and a trailing space.
///
/// # Safety
/// `addr` points to an address of `family`.
unsafe fn put_addr(family: c_int, addr: *const c_void) {
    let mut text = [0 as c_char; 64];
    // SAFETY: `addr` is an address of `family` (caller); `text` has room for any.
    let s = unsafe { crate::sys::Inet_ntop(family, addr, text.as_mut_ptr(), text.len()) };
    // SAFETY: "%s " with the C string Inet_ntop returned.
    unsafe { libc::printf(c"%s ".as_ptr(), s) };
}

/// Print a received IPv4 source-route option in Linux's IP_OPTIONS layout (UNP §27.3).
///
/// Linux returns the option itself (no 4-byte first-hop prefix as on BSD,
/// the first hop restored in the list): leading NOPs are skipped, then
/// "received LSRR: " or "received SSRR: " and each of the (length − 3) / 4
/// addresses followed by a space and, at the end, a newline. Another option
/// type prints "received option type N". `len` is ignored, as in UNP.
///
/// # Safety
/// `ptr` must point to a complete option (NOPs, code, length, pointer and the
/// addresses its length byte announces). NULL prints nothing.
#[unsafe(export_name = "lnp_rs_inet_srcrt_print")]
pub unsafe extern "C" fn inet_srcrt_print(ptr: *mut u8, len: c_int) {
    // SAFETY: the caller's contract is inet_srcrt_print's.
    unsafe { srcrt_print_core(ptr, len) };
    trace_call!(NAMES, "inet_srcrt_print", &(), [Ptr(ptr.cast()), Int(len.into())]);
}

/// The body of `inet_srcrt_print` without its trace line (`inet_srcrt_print` traces what it returns).
///
/// # Safety
/// As for `inet_srcrt_print`.
unsafe fn srcrt_print_core(ptr: *mut u8, len: c_int) {
    let _ = len;
    if ptr.is_null() {
        return;
    }
    let mut p = ptr.cast_const();
    // SAFETY: the option's bytes are readable (caller); we stop at its code byte.
    unsafe {
        while *p == libc::IPOPT_NOP {
            p = p.add(1);
        }
        let code = *p;
        if code == libc::IPOPT_LSRR {
            put(c"received LSRR: ");
        } else if code == libc::IPOPT_SSRR {
            put(c"received SSRR: ");
        } else {
            libc::printf(c"received option type %d\n".as_ptr(), c_int::from(code));
            return;
        }
        let optlen = usize::from(*p.add(1));
        let count = optlen.saturating_sub(3) / 4;
        let addrs = p.add(3);
        for i in 0..count {
            put_addr(libc::AF_INET, addrs.add(4 * i).cast());
        }
    }
    put(c"\n");
}

/// Print the addresses of an IPv6 routing header (UNP §27.6).
///
/// Prints "received source route: " and each address with a trailing space,
/// then a newline.
///
/// Uses `Inet6_rth_segments` (whose failure prints "inet6_rth_segments error"
/// and exits before anything is printed) and `Inet6_rth_getaddr`.
///
/// # Safety
/// `ptr` must point to a routing header as built by `inet6_rth_init`/`add`.
#[unsafe(export_name = "lnp_rs_inet6_srcrt_print")]
pub unsafe extern "C" fn inet6_srcrt_print(ptr: *mut c_void) {
    // SAFETY: the caller's contract is inet6_srcrt_print's.
    unsafe { srcrt6_print_core(ptr) };
    trace_call!(NAMES, "inet6_srcrt_print", &(), [Ptr(ptr)]);
}

/// The body of `inet6_srcrt_print` without its trace line (for `inet6_srcrt_print` itself and the library's own calls).
///
/// # Safety
/// As for `inet6_srcrt_print`.
pub(crate) unsafe fn srcrt6_print_core(ptr: *mut c_void) {
    // SAFETY: `ptr` is a routing header (caller).
    let segments = unsafe { crate::sys::Inet6_rth_segments(ptr) };
    put(c"received source route: ");
    for i in 0..segments {
        // SAFETY: `i` is below the segment count; Inet6_rth_getaddr exits on NULL.
        unsafe { put_addr(libc::AF_INET6, crate::sys::Inet6_rth_getaddr(ptr, i).cast()) };
    }
    put(c"\n");
}
