//! Name and address conversion on top of `getaddrinfo`: `host_serv`,
//! `tcp_connect`, `tcp_listen`, `udp_client`, `udp_connect`, `udp_server`,
//! `my_addrs` and their wrappers (UNP §11.11–11.16, lib/host_serv.c,
//! lib/tcp_connect.c, lib/tcp_listen.c, lib/udp_*.c, lib/my_addrs.c).

use std::{mem, ptr};

use libc::{addrinfo, c_char, c_int, sockaddr, socklen_t};

use crate::consts::LISTENQ;
use crate::error::{self, lnp_rs_err_quit, lnp_rs_err_sys};
use crate::trace::{Returned, trace_call};

unsafe extern "C" {
    /// glibc's `gethostbyname` (the libc crate lacks it).
    fn gethostbyname(name: *const c_char) -> *mut libc::hostent;
}

/// `getaddrinfo(host, serv)` with the given hints.
///
/// # Returns
/// The list (release it with `freeaddrinfo`), or getaddrinfo's error code.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string.
pub unsafe fn resolve(
    host: *const c_char,
    serv: *const c_char,
    flags: c_int,
    family: c_int,
    socktype: c_int,
) -> Result<*mut addrinfo, c_int> {
    // SAFETY: all-zero bytes are a valid addrinfo (null pointers).
    let mut hints: addrinfo = unsafe { mem::zeroed() };
    hints.ai_flags = flags;
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    let mut res = ptr::null_mut();
    // SAFETY: the strings are the caller's; hints and res are valid.
    let n = unsafe { libc::getaddrinfo(host, serv, &hints, &mut res) };
    if n != 0 { Err(n) } else { Ok(res) }
}

/// The entries of an addrinfo list, in order.
///
/// # Safety
/// `res` must be NULL or a list from `getaddrinfo`, not freed while iterating.
unsafe fn entries<'a>(res: *mut addrinfo) -> impl Iterator<Item = &'a addrinfo> {
    // SAFETY: each ai_next is NULL or the next valid entry.
    std::iter::successors(unsafe { res.as_ref() }, |ai| unsafe { ai.ai_next.as_ref() })
}

/// `getaddrinfo` with `AI_CANONNAME`, the given family and socket type (UNP §11.11).
///
/// # Returns
/// The list of addresses (release it with `freeaddrinfo`), or NULL on any error (the
/// getaddrinfo code is lost; `host == NULL` always fails on glibc).
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_host_serv")]
pub unsafe extern "C" fn host_serv(
    host: *const c_char,
    serv: *const c_char,
    family: c_int,
    socktype: c_int,
) -> *mut addrinfo {
    // SAFETY: the caller's contract is resolve's.
    let res = unsafe { resolve(host, serv, libc::AI_CANONNAME, family, socktype) }.unwrap_or(ptr::null_mut());
    trace_call!(NAMES, "host_serv", &Returned(Ptr(res.cast())), [Str(host), Str(serv), Family(family), Type(socktype)]);
    res
}

/// Create a socket for `ai` and `connect` it; the descriptor, or -1 if either call failed
/// (the socket is then closed, `errno` kept from the failure).
pub(crate) fn socket_and_connect(ai: &addrinfo) -> c_int {
    // SAFETY: integer arguments only.
    let fd = unsafe { libc::socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol) };
    if fd < 0 {
        return -1;
    }
    // SAFETY: ai_addr holds ai_addrlen bytes, from getaddrinfo.
    if unsafe { libc::connect(fd, ai.ai_addr, ai.ai_addrlen) } == 0 {
        return fd;
    }
    let saved = crate::os::errno();
    crate::sys::Close(fd);
    crate::os::set_errno(saved);
    -1
}

/// Resolve and connect (`SOCK_STREAM` or `SOCK_DGRAM`) for `tcp_connect`/`udp_connect`;
/// `what` names the function in the messages.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string.
unsafe fn connect_any(host: *const c_char, serv: *const c_char, socktype: c_int, what: &std::ffi::CStr) -> c_int {
    // SAFETY: the caller's contract is resolve's.
    let res = match unsafe { resolve(host, serv, 0, libc::AF_UNSPEC, socktype) } {
        Ok(res) => res,
        // SAFETY: "%s error for %s, %s: %s" with four string arguments (NULL prints "(null)").
        Err(n) => unsafe {
            lnp_rs_err_quit(c"%s error for %s, %s: %s".as_ptr(), what.as_ptr(), host, serv, libc::gai_strerror(n))
        },
    };
    // SAFETY: res is a fresh list from getaddrinfo.
    let fd = unsafe { entries(res) }.map(socket_and_connect).find(|&fd| fd >= 0);
    let Some(fd) = fd else {
        // SAFETY: as above, with three string arguments; errno is the last failure's.
        unsafe { lnp_rs_err_sys(c"%s error for %s, %s".as_ptr(), what.as_ptr(), host, serv) }
    };
    // SAFETY: res came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(res) };
    fd
}

/// Create a TCP socket connected to `host`, `serv`, trying every address in turn (UNP §11.12).
///
/// Prints "tcp_connect error for host, serv: <reason>" and exits(1) on failure.
///
/// # Returns
/// The connected descriptor.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_tcp_connect")]
pub unsafe extern "C" fn tcp_connect(host: *const c_char, serv: *const c_char) -> c_int {
    // SAFETY: the caller's contract is connect_any's.
    let fd = unsafe { connect_any(host, serv, libc::SOCK_STREAM, c"tcp_connect") };
    trace_call!(NAMES, "tcp_connect", &fd, [Str(host), Str(serv)]);
    fd
}

/// Create a socket for `ai` and `bind` it (`SO_REUSEADDR` first if `reuse`); the
/// descriptor, or -1 if either call failed (the socket is then closed).
pub(crate) fn socket_and_bind(ai: &addrinfo, reuse: bool) -> c_int {
    // SAFETY: integer arguments only.
    let fd = unsafe { libc::socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol) };
    if fd < 0 {
        return -1;
    }
    if reuse {
        let on: c_int = 1;
        // SAFETY: `on` is an int of the given size.
        unsafe {
            crate::sys::Setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_REUSEADDR,
                (&raw const on).cast(),
                mem::size_of::<c_int>() as socklen_t,
            )
        };
    }
    // SAFETY: ai_addr holds ai_addrlen bytes, from getaddrinfo.
    if unsafe { libc::bind(fd, ai.ai_addr, ai.ai_addrlen) } == 0 {
        return fd;
    }
    let saved = crate::os::errno();
    crate::sys::Close(fd);
    crate::os::set_errno(saved);
    -1
}

/// Resolve passively and bind the first address that works, for `tcp_listen`/`udp_server`.
///
/// # Returns
/// The descriptor and the length of the address bound.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string.
unsafe fn bind_any(
    host: *const c_char,
    serv: *const c_char,
    socktype: c_int,
    what: &std::ffi::CStr,
) -> (c_int, socklen_t) {
    // SAFETY: the caller's contract is resolve's.
    let res = match unsafe { resolve(host, serv, libc::AI_PASSIVE, libc::AF_UNSPEC, socktype) } {
        Ok(res) => res,
        // SAFETY: "%s error for %s, %s: %s" with four string arguments (NULL prints "(null)").
        Err(n) => unsafe {
            lnp_rs_err_quit(c"%s error for %s, %s: %s".as_ptr(), what.as_ptr(), host, serv, libc::gai_strerror(n))
        },
    };
    let reuse = socktype == libc::SOCK_STREAM;
    // SAFETY: res is a fresh list from getaddrinfo.
    let found = unsafe { entries(res) }.find_map(|ai| {
        let fd = socket_and_bind(ai, reuse);
        (fd >= 0).then_some((fd, ai.ai_addrlen))
    });
    let Some(found) = found else {
        // SAFETY: as above, with three string arguments; errno is the last failure's.
        unsafe { lnp_rs_err_sys(c"%s error for %s, %s".as_ptr(), what.as_ptr(), host, serv) }
    };
    // SAFETY: res came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(res) };
    found
}

/// Create a listening TCP socket bound to `host`, `serv` (host NULL: the wildcard) (UNP §11.13).
///
/// Sets `SO_REUSEADDR`, listens with `LISTENQ` (the `LISTENQ` environment variable overrides it),
/// stores the address length through `addrlenp` if it is not NULL. Prints
/// "tcp_listen error for host, serv: <reason>" and exits(1) on failure.
///
/// # Returns
/// The listening descriptor.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string; `addrlenp` NULL or valid.
#[unsafe(export_name = "lnp_rs_tcp_listen")]
pub unsafe extern "C" fn tcp_listen(host: *const c_char, serv: *const c_char, addrlenp: *mut socklen_t) -> c_int {
    // SAFETY: the caller's contract is bind_any's.
    let (fd, len) = unsafe { bind_any(host, serv, libc::SOCK_STREAM, c"tcp_listen") };
    crate::sys::Listen(fd, LISTENQ);
    trace_call!(NAMES, "tcp_listen", &fd, [Str(host), Str(serv), Out]);
    if !addrlenp.is_null() {
        // SAFETY: the caller vouches for addrlenp.
        unsafe { *addrlenp = len };
    }
    fd
}

/// Create an unconnected UDP socket for `host`, `serv` and return the server's address (UNP §11.14).
///
/// `*saptr` gets a `malloc`ed copy of the address (the caller frees it), `*lenp` its length.
/// Prints "udp_client error for host, serv: <reason>" and exits(1) on failure.
///
/// # Returns
/// The descriptor.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string; `saptr` and `lenp` valid
/// for writes (or NULL, then nothing is stored there).
#[unsafe(export_name = "lnp_rs_udp_client")]
pub unsafe extern "C" fn udp_client(
    host: *const c_char,
    serv: *const c_char,
    saptr: *mut *mut sockaddr,
    lenp: *mut socklen_t,
) -> c_int {
    // SAFETY: the caller's contract is resolve's.
    let res = match unsafe { resolve(host, serv, 0, libc::AF_UNSPEC, libc::SOCK_DGRAM) } {
        Ok(res) => res,
        // SAFETY: a format with three string arguments (NULL prints "(null)").
        Err(n) => unsafe {
            lnp_rs_err_quit(c"udp_client error for %s, %s: %s".as_ptr(), host, serv, libc::gai_strerror(n))
        },
    };
    // SAFETY: res is a fresh list from getaddrinfo; socket takes integers only.
    let found = unsafe { entries(res) }.find_map(|ai| {
        // SAFETY: integer arguments only.
        let fd = unsafe { libc::socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol) };
        (fd >= 0).then_some((fd, ai))
    });
    let Some((fd, ai)) = found else {
        // SAFETY: a format with two string arguments; errno is the last failure's.
        unsafe { lnp_rs_err_sys(c"udp_client error for %s, %s".as_ptr(), host, serv) }
    };
    let len = ai.ai_addrlen;
    // SAFETY: malloc takes a plain size (not `Malloc`: the program did not call it, so no trace line).
    let copy = unsafe { libc::malloc(len as usize) }.cast::<sockaddr>();
    if copy.is_null() {
        error::sys_exit_errno(c"malloc error");
    }
    trace_call!(NAMES, "udp_client", &fd, [Str(host), Str(serv), Addr(ai.ai_addr, len), Int(len.into())]);
    // SAFETY: copy holds len bytes; ai_addr holds len bytes from getaddrinfo; the out
    // pointers are the caller's.
    unsafe {
        ptr::copy_nonoverlapping(ai.ai_addr.cast::<u8>(), copy.cast::<u8>(), len as usize);
        if !saptr.is_null() {
            *saptr = copy;
        }
        if !lenp.is_null() {
            *lenp = len;
        }
        libc::freeaddrinfo(res);
    }
    fd
}

/// Create a UDP socket connected to `host`, `serv` (UNP §11.15).
///
/// Prints "udp_connect error for host, serv: <reason>" and exits(1) on failure.
///
/// # Returns
/// The connected descriptor.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_udp_connect")]
pub unsafe extern "C" fn udp_connect(host: *const c_char, serv: *const c_char) -> c_int {
    // SAFETY: the caller's contract is connect_any's.
    let fd = unsafe { connect_any(host, serv, libc::SOCK_DGRAM, c"udp_connect") };
    trace_call!(NAMES, "udp_connect", &Returned(Int(fd.into())), [Str(host), Str(serv)]);
    fd
}

/// Create a UDP socket bound to `host`, `serv` (host NULL: the wildcard) (UNP §11.16).
///
/// Stores the address length through `addrlenp` if it is not NULL. Prints
/// "udp_server error for host, serv: <reason>" and exits(1) on failure.
///
/// # Returns
/// The bound descriptor.
///
/// # Safety
/// `host` and `serv` must each be NULL or a NUL-terminated string; `addrlenp` NULL or valid.
#[unsafe(export_name = "lnp_rs_udp_server")]
pub unsafe extern "C" fn udp_server(host: *const c_char, serv: *const c_char, addrlenp: *mut socklen_t) -> c_int {
    // SAFETY: the caller's contract is bind_any's.
    let (fd, len) = unsafe { bind_any(host, serv, libc::SOCK_DGRAM, c"udp_server") };
    trace_call!(NAMES, "udp_server", &fd, [Str(host), Str(serv), Out]);
    if !addrlenp.is_null() {
        // SAFETY: the caller vouches for addrlenp.
        unsafe { *addrlenp = len };
    }
    fd
}

/// The addresses of this host: `gethostbyname` of the `uname` node name (UNP §17.6).
///
/// # Returns
/// glibc's `h_addr_list` (static storage, overwritten by the next lookup) with `*addrtype`
/// set to the family, or NULL if either call fails.
///
/// # Safety
/// `addrtype` must be valid for an int write.
#[unsafe(export_name = "lnp_rs_my_addrs")]
pub unsafe extern "C" fn my_addrs(addrtype: *mut c_int) -> *mut *mut c_char {
    // SAFETY: all-zero bytes are a valid utsname.
    let mut myname: libc::utsname = unsafe { mem::zeroed() };
    // SAFETY: myname is writable.
    let list = if unsafe { libc::uname(&mut myname) } < 0 {
        ptr::null_mut()
    } else {
        // SAFETY: nodename is NUL-terminated by uname.
        let hptr = unsafe { gethostbyname(myname.nodename.as_ptr()) };
        if hptr.is_null() {
            ptr::null_mut()
        } else {
            // SAFETY: hptr points to glibc's static hostent; addrtype is the caller's.
            unsafe {
                if !addrtype.is_null() {
                    *addrtype = (*hptr).h_addrtype;
                }
                (*hptr).h_addr_list
            }
        }
    };
    trace_call!(NAMES, "my_addrs", &Returned(Ptr(list.cast())), [Out]);
    list
}

/// `getaddrinfo` like `host_serv`, or print "host_serv error for host, serv: <reason>" and exit(1).
///
/// A NULL `host` prints as "(no hostname)", a NULL `serv` as "(no service name)".
///
/// # Returns
/// The list of addresses (release it with `freeaddrinfo`).
///
/// # Safety
/// As for `host_serv`.
#[unsafe(export_name = "lnp_rs_Host_serv")]
pub unsafe extern "C" fn Host_serv(
    host: *const c_char,
    serv: *const c_char,
    family: c_int,
    socktype: c_int,
) -> *mut addrinfo {
    // SAFETY: the caller's contract is resolve's.
    let r = unsafe { resolve(host, serv, libc::AI_CANONNAME, family, socktype) };
    trace_call!(
        NAMES,
        "Host_serv",
        &Returned(Ptr(r.map_or(ptr::null_mut(), |res| res).cast())),
        [Str(host), Str(serv), Family(family), Type(socktype)]
    );
    match r {
        Ok(res) => res,
        Err(n) => {
            let h = if host.is_null() { c"(no hostname)".as_ptr() } else { host };
            let s = if serv.is_null() { c"(no service name)".as_ptr() } else { serv };
            // SAFETY: a format with three string arguments.
            unsafe { lnp_rs_err_quit(c"host_serv error for %s, %s: %s".as_ptr(), h, s, libc::gai_strerror(n)) }
        }
    }
}

/// `my_addrs`, or print "my_addrs error: <reason>" and exit(1).
///
/// # Safety
/// As for `my_addrs`.
#[unsafe(export_name = "lnp_rs_My_addrs")]
pub unsafe extern "C" fn My_addrs(pfamily: *mut c_int) -> *mut *mut c_char {
    // SAFETY: the caller's contract is my_addrs's.
    let pptr = unsafe { my_addrs(pfamily) };
    if pptr.is_null() {
        error::sys_exit_errno(c"my_addrs error");
    }
    pptr
}

/// `tcp_connect` (which never returns an error).
///
/// # Safety
/// As for `tcp_connect`.
#[unsafe(export_name = "lnp_rs_Tcp_connect")]
pub unsafe extern "C" fn Tcp_connect(host: *const c_char, serv: *const c_char) -> c_int {
    // SAFETY: the caller's contract is tcp_connect's.
    unsafe { tcp_connect(host, serv) }
}

/// `tcp_listen` (which never returns an error).
///
/// # Safety
/// As for `tcp_listen`.
#[unsafe(export_name = "lnp_rs_Tcp_listen")]
pub unsafe extern "C" fn Tcp_listen(host: *const c_char, serv: *const c_char, addrlenp: *mut socklen_t) -> c_int {
    // SAFETY: the caller's contract is tcp_listen's.
    unsafe { tcp_listen(host, serv, addrlenp) }
}

/// `udp_client` (which never returns an error).
///
/// # Safety
/// As for `udp_client`.
#[unsafe(export_name = "lnp_rs_Udp_client")]
pub unsafe extern "C" fn Udp_client(
    host: *const c_char,
    serv: *const c_char,
    saptr: *mut *mut sockaddr,
    lenptr: *mut socklen_t,
) -> c_int {
    // SAFETY: the caller's contract is udp_client's.
    unsafe { udp_client(host, serv, saptr, lenptr) }
}

/// `udp_connect` (which never returns an error).
///
/// A negative result would print "udp_connect error for host, serv: <reason>" and exit(1),
/// but `udp_connect` already exits on every failure.
///
/// # Safety
/// As for `udp_connect`.
#[unsafe(export_name = "lnp_rs_Udp_connect")]
pub unsafe extern "C" fn Udp_connect(host: *const c_char, serv: *const c_char) -> c_int {
    // SAFETY: the caller's contract is udp_connect's.
    let n = unsafe { udp_connect(host, serv) };
    if n < 0 {
        // SAFETY: a format with three string arguments.
        unsafe { lnp_rs_err_quit(c"udp_connect error for %s, %s: %s".as_ptr(), host, serv, libc::gai_strerror(-n)) }
    }
    n
}

/// `udp_server` (which never returns an error).
///
/// # Safety
/// As for `udp_server`.
#[unsafe(export_name = "lnp_rs_Udp_server")]
pub unsafe extern "C" fn Udp_server(host: *const c_char, serv: *const c_char, addrlenp: *mut socklen_t) -> c_int {
    // SAFETY: the caller's contract is udp_server's.
    unsafe { udp_server(host, serv, addrlenp) }
}
