//! Socket-address helpers: `sock_ntop`, `sock_ntop_host`, `sock_get_port`,
//! `sock_cmp_addr`, `sock_cmp_port`, `sock_set_addr`, `sock_set_port`,
//! `sock_set_wild`, `sock_bind_wild`, `sockfd_to_family`, `family_to_level`
//! and their wrappers (UNP §3.8, lib/sock_*.c).

use std::cell::UnsafeCell;
use std::io;
use std::mem::{self, size_of};

use libc::{c_char, c_int, c_void, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage, sockaddr_un, socklen_t};

use crate::error;
use crate::os::{self, cvt};
use crate::trace::{Returned, trace_call};

/// Size of the `sock_ntop`/`sock_ntop_host` result buffers (libunp's `str[128]`).
pub(crate) const NTOP_LEN: usize = 128;
/// Offset of `sun_path` in `struct sockaddr_un`.
const SUN_PATH_OFF: usize = mem::offset_of!(sockaddr_un, sun_path);

unsafe extern "C" {
    /// glibc's `inet_ntop` (the libc crate lacks it).
    pub(crate) fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: socklen_t) -> *const c_char;
    /// glibc's `inet_pton` (the libc crate lacks it).
    pub(crate) fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
}

thread_local! {
    static NTOP_BUF: UnsafeCell<[u8; NTOP_LEN]> = const { UnsafeCell::new([0; NTOP_LEN]) };
    static NTOP_HOST_BUF: UnsafeCell<[u8; NTOP_LEN]> = const { UnsafeCell::new([0; NTOP_LEN]) };
}

/// Copy at most `salen` bytes of `*sa` into a zeroed `sockaddr_storage`, so
/// nothing past what the caller vouched for is ever read.
///
/// # Safety
/// `sa` must be null or valid for reads of `min(salen, sizeof(sockaddr_storage))` bytes.
pub unsafe fn copy_sockaddr(sa: *const sockaddr, salen: socklen_t) -> Option<sockaddr_storage> {
    if sa.is_null() {
        return None;
    }
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: sockaddr_storage = unsafe { mem::zeroed() };
    let len = (salen as usize).min(size_of::<sockaddr_storage>());
    // SAFETY: the caller vouches for `len` readable bytes; ss has room for them.
    unsafe { std::ptr::copy_nonoverlapping(sa.cast::<u8>(), (&raw mut ss).cast::<u8>(), len) };
    Some(ss)
}

/// View a `sockaddr_storage` as the structure of its family.
fn view<T>(ss: &sockaddr_storage) -> &T {
    const { assert!(size_of::<T>() <= size_of::<sockaddr_storage>()) };
    // SAFETY: T is a sockaddr type no larger than the storage, and the storage is aligned for all of them.
    unsafe { &*(ss as *const sockaddr_storage).cast::<T>() }
}

/// glibc `inet_ntop` text of the address in `ss` (AF_INET or AF_INET6), written to `out`.
fn ntop_into(ss: &sockaddr_storage, out: &mut [u8]) -> io::Result<usize> {
    let src: *const c_void = match c_int::from(ss.ss_family) {
        libc::AF_INET => (&raw const view::<sockaddr_in>(ss).sin_addr).cast(),
        _ => (&raw const view::<sockaddr_in6>(ss).sin6_addr).cast(),
    };
    // SAFETY: src points to an address of the family; out is writable for its length.
    let p = unsafe { inet_ntop(c_int::from(ss.ss_family), src, out.as_mut_ptr().cast(), out.len() as socklen_t) };
    if p.is_null() {
        return Err(io::Error::last_os_error());
    }
    Ok(out.iter().position(|&b| b == 0).unwrap_or(out.len()))
}

/// The `sun_path` of an `AF_UNIX` address: the bytes up to the first NUL, within
/// `salen` and the 108-byte field; `None` for an unnamed or abstract socket.
fn unix_path(ss: &sockaddr_storage, salen: socklen_t) -> Option<&[u8]> {
    let sun: &sockaddr_un = view(ss);
    let reach = (salen as usize).saturating_sub(SUN_PATH_OFF).min(sun.sun_path.len());
    // SAFETY: c_char and u8 have the same layout; `reach` is within sun_path.
    let path = unsafe { std::slice::from_raw_parts(sun.sun_path.as_ptr().cast::<u8>(), reach) };
    let path = path.split(|&b| b == 0).next().unwrap_or(path);
    if path.is_empty() { None } else { Some(path) }
}

/// Write the text of `sock_ntop` (with `port`) or `sock_ntop_host` (without) into
/// `buf` as a NUL-terminated string; returns the offset where the text starts
/// (1 for `sock_ntop` of an IPv6 address with port 0, as in libunp).
///
/// Written with C's snprintf and iterator copies rather than core::fmt and
/// fallible slice indexing: no panic path, so programs calling sock_ntop do not link
/// std's panic and backtrace code (README, Performance).
fn format_sockaddr(
    ss: &sockaddr_storage,
    salen: socklen_t,
    with_port: bool,
    buf: &mut [u8; NTOP_LEN],
) -> io::Result<usize> {
    let family = c_int::from(ss.ss_family);
    let mut start = 0;
    match family {
        libc::AF_INET => {
            let n = ntop_into(ss, &mut buf[..])?;
            let port = u16::from_be(view::<sockaddr_in>(ss).sin_port);
            if with_port && port != 0 {
                put_port(buf, n, b":", port);
            }
        }
        libc::AF_INET6 => {
            let port = u16::from_be(view::<sockaddr_in6>(ss).sin6_port);
            if with_port {
                buf[0] = b'[';
                let n = 1 + ntop_into(ss, &mut buf[1..])?;
                if port != 0 {
                    put_port(buf, n, b"]:", port);
                } else {
                    start = 1;
                }
            } else {
                ntop_into(ss, &mut buf[..])?;
            }
        }
        libc::AF_UNIX => put(buf, unix_path(ss, salen).unwrap_or(b"(no pathname bound)")),
        _ => {
            let name = if with_port { c"sock_ntop" } else { c"sock_ntop_host" };
            // SAFETY: buf holds NTOP_LEN bytes; the format takes a string and two ints.
            unsafe {
                libc::snprintf(
                    buf.as_mut_ptr().cast(),
                    NTOP_LEN,
                    c"%s: unknown AF_xxx: %d, len %d".as_ptr(),
                    name.as_ptr(),
                    family,
                    salen as c_int,
                )
            };
        }
    }
    buf[NTOP_LEN - 1] = 0;
    Ok(start)
}

/// Copy `text` to the start of `buf`, cut to fit, NUL-terminated.
fn put(buf: &mut [u8; NTOP_LEN], text: &[u8]) {
    let n = buf.iter_mut().take(NTOP_LEN - 1).zip(text).map(|(dst, &b)| *dst = b).count();
    if let Some(end) = buf.get_mut(n) {
        *end = 0;
    }
}

/// Write `prefix` and the decimal `port` (what `snprintf("]:%d")` would give) into
/// `buf` at offset `at`, cut to fit, NUL-terminated. Iterators only: no panic path,
/// and faster than a call to snprintf.
fn put_port(buf: &mut [u8; NTOP_LEN], at: usize, prefix: &[u8], port: u16) {
    let mut digits = [0u8; 5];
    let mut v = port;
    let mut len = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
        len += 1;
        if v == 0 {
            break;
        }
    }
    let text = prefix.iter().chain(digits.iter().skip(digits.len().saturating_sub(len)));
    let n = buf.iter_mut().take(NTOP_LEN - 1).skip(at).zip(text).map(|(dst, &b)| *dst = b).count();
    if let Some(end) = buf.get_mut(at.saturating_add(n)) {
        *end = 0;
    }
}

/// Fill a per-thread buffer with the text and return a pointer to it, or NULL
/// with `errno` set (null `sa` → `EINVAL`; `inet_ntop` failure → its errno).
///
/// # Safety
/// As for [`copy_sockaddr`].
unsafe fn ntop_common(
    sa: *const sockaddr,
    salen: socklen_t,
    with_port: bool,
    key: &'static std::thread::LocalKey<UnsafeCell<[u8; NTOP_LEN]>>,
) -> *mut c_char {
    // SAFETY: the caller's contract is copy_sockaddr's.
    let Some(ss) = (unsafe { copy_sockaddr(sa, salen) }) else {
        os::set_errno(libc::EINVAL);
        return std::ptr::null_mut();
    };
    // try_with, not with: no panic path (it fails only while the thread's locals are destroyed)
    let Ok(buf) = key.try_with(UnsafeCell::get) else {
        os::set_errno(libc::ENOMEM);
        return std::ptr::null_mut();
    };
    // SAFETY: the buffer belongs to this thread; no reference to it outlives this call.
    let bufref = unsafe { &mut *buf };
    match format_sockaddr(&ss, salen, with_port, bufref) {
        // SAFETY: start is 0 or 1, inside the buffer.
        Ok(start) => unsafe { buf.cast::<c_char>().add(start) },
        Err(e) => os::fail(&e, std::ptr::null_mut()),
    }
}

/// `sock_ntop`'s text of `sa` written into `buf` (NUL-terminated), for the tracer:
/// the offset where the text starts, or `None` for NULL or an unprintable address.
///
/// # Safety
/// As for [`copy_sockaddr`].
pub(crate) unsafe fn ntop_text(sa: *const sockaddr, salen: socklen_t, buf: &mut [u8; NTOP_LEN]) -> Option<usize> {
    // SAFETY: the caller's contract is copy_sockaddr's.
    let ss = unsafe { copy_sockaddr(sa, salen) }?;
    format_sockaddr(&ss, salen, true, buf).ok()
}

/// Text form of a socket address: `a.b.c.d:port`, `[v6addr]:port`, a Unix path (UNP §3.8).
///
/// The port is left out when it is 0 (and then the IPv6 brackets too). The text lives in a
/// 128-byte buffer private to the calling thread, overwritten by the next call.
///
/// # Returns
/// The text, or NULL with `errno` set if `inet_ntop` fails (or `EINVAL` if `sa` is NULL).
///
/// # Safety
/// `sa` must be NULL or valid for reads of `salen` bytes (bytes past `salen` are never read).
///
/// # Example
/// ```
/// use std::ffi::CStr;
/// // SAFETY: all-zero bytes are a valid sockaddr_in6.
/// let mut sin6: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
/// sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
/// sin6.sin6_addr.s6_addr[15] = 1; // ::1
/// sin6.sin6_port = 9877u16.to_be();
/// let len = std::mem::size_of_val(&sin6) as libc::socklen_t;
/// // SAFETY: a complete address of `len` bytes; the result is NUL-terminated.
/// let text = unsafe { CStr::from_ptr(lnp::sys::sock_ntop((&raw const sin6).cast(), len)) };
/// assert_eq!(text.to_str(), Ok("[::1]:9877"));
/// ```
#[unsafe(export_name = "lnp_rs_sock_ntop")]
pub unsafe extern "C" fn sock_ntop(sa: *const sockaddr, salen: socklen_t) -> *mut c_char {
    // SAFETY: the caller's contract is ntop_common's.
    let p = unsafe { ntop_common(sa, salen, true, &NTOP_BUF) };
    trace_call!(NAMES, "sock_ntop", &Returned(Str(p)), [Addr(sa, salen), Int(salen.into())]);
    p
}

/// Text form of a socket address's host part, without the port (UNP §3.8).
///
/// Uses its own 128-byte per-thread buffer, separate from `sock_ntop`'s.
///
/// # Returns
/// The text, or NULL with `errno` set if `inet_ntop` fails (or `EINVAL` if `sa` is NULL).
///
/// # Safety
/// As for `sock_ntop`.
#[unsafe(export_name = "lnp_rs_sock_ntop_host")]
pub unsafe extern "C" fn sock_ntop_host(sa: *const sockaddr, salen: socklen_t) -> *mut c_char {
    // SAFETY: the caller's contract is ntop_common's.
    let p = unsafe { ntop_common(sa, salen, false, &NTOP_HOST_BUF) };
    trace_call!(NAMES, "sock_ntop_host", &Returned(Str(p)), [Addr(sa, salen), Int(salen.into())]);
    p
}

/// Family of the address at `sa`, or -1 for NULL.
///
/// # Safety
/// `sa` must be NULL or point to at least a `sa_family_t`.
unsafe fn family_of(sa: *const sockaddr) -> c_int {
    if sa.is_null() {
        return -1;
    }
    // SAFETY: the caller vouches for the family field; C callers may hand in any alignment.
    c_int::from(unsafe { std::ptr::read_unaligned(&raw const (*sa).sa_family) })
}

/// The port of an IPv4 or IPv6 socket address, in network byte order (UNP §3.8).
///
/// # Returns
/// The port as stored in `sin_port`/`sin6_port`, or -1 for other families (or NULL).
///
/// # Safety
/// `sa` must be NULL or valid for reads of `salen` bytes.
#[unsafe(export_name = "lnp_rs_sock_get_port")]
pub unsafe extern "C" fn sock_get_port(sa: *const sockaddr, salen: socklen_t) -> c_int {
    // SAFETY: the caller's contract is sock_get_port's.
    let r = unsafe { get_port(sa, salen) };
    trace_call!(NAMES, "sock_get_port", &Returned(Int(r.into())), [Addr(sa, salen), Int(salen.into())]);
    r
}

/// The body of `sock_get_port` without its trace line (for `sock_get_port` itself and the library's own calls).
///
/// # Safety
/// As for `sock_get_port`.
pub(crate) unsafe fn get_port(sa: *const sockaddr, salen: socklen_t) -> c_int {
    // SAFETY: the caller's contract is copy_sockaddr's.
    let Some(ss) = (unsafe { copy_sockaddr(sa, salen) }) else { return -1 };
    match c_int::from(ss.ss_family) {
        libc::AF_INET => c_int::from(view::<sockaddr_in>(&ss).sin_port),
        libc::AF_INET6 => c_int::from(view::<sockaddr_in6>(&ss).sin6_port),
        _ => -1,
    }
}

/// Compare the address parts of two socket addresses (UNP §3.8).
///
/// At most `salen` bytes of each address are read (the rest counts as zero),
/// so a short buffer is never read past its end.
///
/// # Returns
/// 0 if equal, non-zero if not (memcmp/strcmp sign), -1 for different or unsupported families.
///
/// # Safety
/// `sa1` and `sa2` must be NULL or valid for reads of `salen` bytes.
#[unsafe(export_name = "lnp_rs_sock_cmp_addr")]
pub unsafe extern "C" fn sock_cmp_addr(sa1: *const sockaddr, sa2: *const sockaddr, salen: socklen_t) -> c_int {
    // SAFETY: the caller's contract is sock_cmp_addr's.
    let r = unsafe { cmp_addr(sa1, sa2, salen) };
    trace_call!(
        NAMES,
        "sock_cmp_addr",
        &Returned(Int(r.into())),
        [Addr(sa1, salen), Addr(sa2, salen), Int(salen.into())]
    );
    r
}

/// The body of `sock_cmp_addr` without its trace line (for `sock_cmp_addr` itself and the library's own calls).
///
/// # Safety
/// As for `sock_cmp_addr`.
pub(crate) unsafe fn cmp_addr(sa1: *const sockaddr, sa2: *const sockaddr, salen: socklen_t) -> c_int {
    // SAFETY: the caller's contract is copy_sockaddr's.
    let (Some(s1), Some(s2)) = (unsafe { copy_sockaddr(sa1, salen) }, unsafe { copy_sockaddr(sa2, salen) }) else {
        return -1;
    };
    if s1.ss_family != s2.ss_family {
        return -1;
    }
    let (a, b): (&[u8], &[u8]) = match c_int::from(s1.ss_family) {
        libc::AF_INET => (as_bytes(&view::<sockaddr_in>(&s1).sin_addr), as_bytes(&view::<sockaddr_in>(&s2).sin_addr)),
        libc::AF_INET6 => {
            (as_bytes(&view::<sockaddr_in6>(&s1).sin6_addr), as_bytes(&view::<sockaddr_in6>(&s2).sin6_addr))
        }
        libc::AF_UNIX => {
            let (p, q) = (as_bytes(&view::<sockaddr_un>(&s1).sun_path), as_bytes(&view::<sockaddr_un>(&s2).sun_path));
            (
                &p[..p.iter().position(|&c| c == 0).unwrap_or(p.len())],
                &q[..q.iter().position(|&c| c == 0).unwrap_or(q.len())],
            )
        }
        _ => return -1,
    };
    match a.cmp(b) {
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Greater => 1,
    }
}

/// The bytes of a plain-data value.
fn as_bytes<T>(v: &T) -> &[u8] {
    // SAFETY: any initialised plain-data value may be viewed as bytes.
    unsafe { std::slice::from_raw_parts((v as *const T).cast::<u8>(), size_of::<T>()) }
}

/// Compare the ports of two socket addresses (UNP §3.8).
///
/// At most `salen` bytes of each address are read, as in `sock_cmp_addr`.
///
/// # Returns
/// 1 if equal, 0 if different (the opposite of `sock_cmp_addr`), -1 for different or
/// unsupported families.
///
/// # Safety
/// As for `sock_cmp_addr`.
#[unsafe(export_name = "lnp_rs_sock_cmp_port")]
pub unsafe extern "C" fn sock_cmp_port(sa1: *const sockaddr, sa2: *const sockaddr, salen: socklen_t) -> c_int {
    // SAFETY: the caller's contract is sock_cmp_port's.
    let r = unsafe { cmp_port(sa1, sa2, salen) };
    trace_call!(
        NAMES,
        "sock_cmp_port",
        &Returned(Int(r.into())),
        [Addr(sa1, salen), Addr(sa2, salen), Int(salen.into())]
    );
    r
}

/// The body of `sock_cmp_port` without its trace line (for `sock_cmp_port` itself and the library's own calls).
///
/// # Safety
/// As for `sock_cmp_port`.
pub(crate) unsafe fn cmp_port(sa1: *const sockaddr, sa2: *const sockaddr, salen: socklen_t) -> c_int {
    // SAFETY: the caller's contract is copy_sockaddr's.
    let (Some(s1), Some(s2)) = (unsafe { copy_sockaddr(sa1, salen) }, unsafe { copy_sockaddr(sa2, salen) }) else {
        return -1;
    };
    if s1.ss_family != s2.ss_family {
        return -1;
    }
    match c_int::from(s1.ss_family) {
        libc::AF_INET => c_int::from(view::<sockaddr_in>(&s1).sin_port == view::<sockaddr_in>(&s2).sin_port),
        libc::AF_INET6 => c_int::from(view::<sockaddr_in6>(&s1).sin6_port == view::<sockaddr_in6>(&s2).sin6_port),
        _ => -1,
    }
}

/// Store an address (4 bytes for IPv4, 16 for IPv6) into a socket address (UNP §3.8).
///
/// Other families: nothing happens.
///
/// # Safety
/// `sa` must be NULL or a complete address of the family it names; `addr` must be valid
/// for reads of that family's address size.
#[unsafe(export_name = "lnp_rs_sock_set_addr")]
pub unsafe extern "C" fn sock_set_addr(sa: *mut sockaddr, salen: socklen_t, addr: *const c_void) {
    // SAFETY: the caller's contract is sock_set_addr's.
    unsafe { set_addr(sa, salen, addr) };
    trace_call!(NAMES, "sock_set_addr", &(), [Addr(sa, salen), Int(salen.into()), Ptr(addr)]);
}

/// The body of `sock_set_addr` without its trace line (for `sock_set_addr` itself and the library's own calls).
///
/// # Safety
/// As for `sock_set_addr`.
pub(crate) unsafe fn set_addr(sa: *mut sockaddr, salen: socklen_t, addr: *const c_void) {
    let _ = salen;
    // SAFETY: the caller vouches for the family field.
    let family = unsafe { family_of(sa) };
    match family {
        // SAFETY: sa is a complete sockaddr_in; addr holds 4 bytes.
        libc::AF_INET => unsafe {
            let dst = &raw mut (*sa.cast::<sockaddr_in>()).sin_addr;
            std::ptr::copy_nonoverlapping(addr.cast::<u8>(), dst.cast::<u8>(), 4);
        },
        // SAFETY: sa is a complete sockaddr_in6; addr holds 16 bytes.
        libc::AF_INET6 => unsafe {
            let dst = &raw mut (*sa.cast::<sockaddr_in6>()).sin6_addr;
            std::ptr::copy_nonoverlapping(addr.cast::<u8>(), dst.cast::<u8>(), 16);
        },
        _ => {}
    }
}

/// Store a port, already in network byte order, into a socket address (UNP §3.8).
///
/// Other families: nothing happens.
///
/// # Safety
/// `sa` must be NULL or a complete address of the family it names.
#[unsafe(export_name = "lnp_rs_sock_set_port")]
pub unsafe extern "C" fn sock_set_port(sa: *mut sockaddr, salen: socklen_t, port: c_int) {
    // SAFETY: the caller's contract is sock_set_port's.
    unsafe { set_port(sa, salen, port) };
    trace_call!(NAMES, "sock_set_port", &(), [Addr(sa, salen), Int(salen.into()), Int(port.into())]);
}

/// The body of `sock_set_port` without its trace line (for `sock_set_port` itself and the library's own calls).
///
/// # Safety
/// As for `sock_set_port`.
pub(crate) unsafe fn set_port(sa: *mut sockaddr, salen: socklen_t, port: c_int) {
    let _ = salen;
    // SAFETY: the caller vouches for the family field.
    let family = unsafe { family_of(sa) };
    match family {
        // SAFETY: sa is a complete sockaddr_in.
        libc::AF_INET => unsafe { (*sa.cast::<sockaddr_in>()).sin_port = port as u16 },
        // SAFETY: sa is a complete sockaddr_in6.
        libc::AF_INET6 => unsafe { (*sa.cast::<sockaddr_in6>()).sin6_port = port as u16 },
        _ => {}
    }
}

/// Set the wildcard address (`INADDR_ANY` or `in6addr_any`) in a socket address (UNP §3.8).
///
/// # Safety
/// As for `sock_set_port`.
#[unsafe(export_name = "lnp_rs_sock_set_wild")]
pub unsafe extern "C" fn sock_set_wild(sa: *mut sockaddr, salen: socklen_t) {
    // SAFETY: the caller's contract is sock_set_wild's.
    unsafe { set_wild(sa, salen) };
    trace_call!(NAMES, "sock_set_wild", &(), [Addr(sa, salen), Int(salen.into())]);
}

/// The body of `sock_set_wild` without its trace line (for `sock_set_wild` itself and the library's own calls).
///
/// # Safety
/// As for `sock_set_wild`.
pub(crate) unsafe fn set_wild(sa: *mut sockaddr, salen: socklen_t) {
    let any = [0u8; 16]; // INADDR_ANY and in6addr_any are all zero bytes
    // SAFETY: the caller's contract; `any` holds 16 readable bytes.
    unsafe { set_addr(sa, salen, any.as_ptr().cast()) }
}

/// Bind a socket to the wildcard address and an ephemeral port (UNP §3.8).
///
/// # Returns
/// The port in network byte order; -1 if `bind` or `getsockname` fails (errno set) or the
/// family is neither `AF_INET` nor `AF_INET6` (errno untouched).
#[unsafe(export_name = "lnp_rs_sock_bind_wild")]
pub extern "C" fn sock_bind_wild(sockfd: c_int, family: c_int) -> c_int {
    let port = if family != libc::AF_INET && family != libc::AF_INET6 {
        -1 // errno untouched, as in libunp
    } else {
        match crate::sys::borrow_fd(sockfd)
            .ok_or_else(|| io::Error::from_raw_os_error(libc::EBADF))
            .and_then(|fd| crate::sock::bind_wild(fd, family))
        {
            Ok(port) => c_int::from(port.to_be()),
            Err(e) => os::fail(&e, -1),
        }
    };
    trace_call!(SOCK, "sock_bind_wild", &Returned(Int(port.into())), [Int(sockfd.into()), Family(family)]);
    port
}

/// The address family of a socket, from `getsockname` (UNP §4.10).
///
/// # Returns
/// The family (`AF_INET`, ...), or -1 with `errno` set by `getsockname`.
#[unsafe(export_name = "lnp_rs_sockfd_to_family")]
pub extern "C" fn sockfd_to_family(sockfd: c_int) -> c_int {
    let r = fd_family(sockfd);
    trace_call!(SOCK, "sockfd_to_family", &r, [Int(sockfd.into())]);
    r
}

/// The body of `sockfd_to_family` without its trace line (for `sockfd_to_family` itself and the library's own calls).
pub(crate) fn fd_family(sockfd: c_int) -> c_int {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: sockaddr_storage = unsafe { mem::zeroed() };
    let mut len = size_of::<sockaddr_storage>() as socklen_t;
    // SAFETY: ss is writable for `len` bytes.
    match cvt(unsafe { libc::getsockname(sockfd, (&raw mut ss).cast(), &mut len) }) {
        Ok(_) => c_int::from(ss.ss_family),
        Err(e) => os::fail(&e, -1),
    }
}

/// The socket-option level of an address family: `IPPROTO_IP` or `IPPROTO_IPV6` (UNP §21).
///
/// # Returns
/// The level, or -1 with `errno = EAFNOSUPPORT` for other families.
#[unsafe(export_name = "lnp_rs_family_to_level")]
pub extern "C" fn family_to_level(family: c_int) -> c_int {
    let r = crate::sock::option_level(family).unwrap_or_else(|e| os::fail(&e, -1));
    trace_call!(SOCK, "family_to_level", &r, [Family(family)]);
    r
}

/// `family_to_level`, or print "family_to_level error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Family_to_level")]
pub extern "C" fn Family_to_level(family: c_int) -> c_int {
    let level = family_to_level(family);
    if level < 0 {
        error::sys_exit_errno(c"family_to_level error");
    }
    level
}

/// `sock_bind_wild`, or print "sock_bind_wild error: <reason>" and exit(1).
///
/// # Returns
/// The bound port in network byte order.
#[unsafe(export_name = "lnp_rs_Sock_bind_wild")]
pub extern "C" fn Sock_bind_wild(sockfd: c_int, family: c_int) -> c_int {
    let port = sock_bind_wild(sockfd, family);
    if port < 0 {
        error::sys_exit_errno(c"sock_bind_wild error");
    }
    port
}

/// `sock_ntop`, or print "sock_ntop error: <reason>" and exit(1).
///
/// # Safety
/// As for `sock_ntop`.
#[unsafe(export_name = "lnp_rs_Sock_ntop")]
pub unsafe extern "C" fn Sock_ntop(sa: *const sockaddr, salen: socklen_t) -> *mut c_char {
    // SAFETY: the caller's contract is sock_ntop's.
    let p = unsafe { sock_ntop(sa, salen) };
    if p.is_null() {
        error::sys_exit_errno(c"sock_ntop error");
    }
    p
}

/// `sock_ntop_host`, or print "sock_ntop_host error: <reason>" and exit(1).
///
/// # Safety
/// As for `sock_ntop_host`.
#[unsafe(export_name = "lnp_rs_Sock_ntop_host")]
pub unsafe extern "C" fn Sock_ntop_host(sa: *const sockaddr, salen: socklen_t) -> *mut c_char {
    // SAFETY: the caller's contract is sock_ntop_host's.
    let p = unsafe { sock_ntop_host(sa, salen) };
    if p.is_null() {
        error::sys_exit_errno(c"sock_ntop_host error");
    }
    p
}

/// `sockfd_to_family`, or print "sockfd_to_family error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Sockfd_to_family")]
pub extern "C" fn Sockfd_to_family(sockfd: c_int) -> c_int {
    let family = sockfd_to_family(sockfd);
    if family < 0 {
        error::sys_exit_errno(c"sockfd_to_family error");
    }
    family
}
