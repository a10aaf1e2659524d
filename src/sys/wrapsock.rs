//! "Our socket wrapper functions" (lnp.h group H, UNP lib/wrapsock.c).

use libc::{c_int, c_ulong, c_void, size_t, socklen_t, ssize_t};

use crate::error;
use crate::os::{self, cvt};
use crate::trace::{Pointer, trace_call};

unsafe extern "C" {
    /// glibc's sockatmark(3) (the libc crate lacks it).
    fn sockatmark(fd: c_int) -> c_int;
}

#[cfg(lnp_inet6_rth)]
unsafe extern "C" {
    // glibc's RFC 3542 routing-header functions (declared only under _GNU_SOURCE; not in the libc crate).
    fn inet6_rth_space(r#type: c_int, segments: c_int) -> socklen_t;
    fn inet6_rth_init(bp: *mut c_void, bp_len: socklen_t, r#type: c_int, segments: c_int) -> *mut c_void;
    fn inet6_rth_add(bp: *mut c_void, addr: *const libc::in6_addr) -> c_int;
    fn inet6_rth_reverse(r#in: *const c_void, out: *mut c_void) -> c_int;
    fn inet6_rth_segments(bp: *const c_void) -> c_int;
    fn inet6_rth_getaddr(bp: *const c_void, index: c_int) -> *mut libc::in6_addr;
}

/// `accept(2)`, retried on EPROTO/ECONNABORTED; other errors (EINTR too) print "accept error: ..." and exit(1).
///
/// # Returns
/// The connected descriptor (without close-on-exec).
///
/// # Safety
/// `sa` and `salenptr` must be NULL or valid as for `accept(2)`.
#[unsafe(export_name = "lnp_rs_Accept")]
pub unsafe extern "C" fn Accept(fd: c_int, sa: *mut libc::sockaddr, salenptr: *mut socklen_t) -> c_int {
    loop {
        // SAFETY: the caller guarantees the address buffer and its length.
        let r = cvt(unsafe { libc::accept(fd, sa, salenptr) });
        trace_call!(SOCK, "Accept", &r, [Int(fd.into()), AddrOut(sa, salenptr), Out]);
        match r {
            Ok(n) => return n,
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPROTO | libc::ECONNABORTED)) => continue,
            Err(e) => error::sys_exit(&e, c"accept error"),
        }
    }
}

/// `bind(2)`, or print "bind error: <reason>" and exit(1).
///
/// # Safety
/// `sa` must be valid for reads of `salen` bytes.
#[unsafe(export_name = "lnp_rs_Bind")]
pub unsafe extern "C" fn Bind(fd: c_int, sa: *const libc::sockaddr, salen: socklen_t) {
    // SAFETY: the caller guarantees the address.
    let r = cvt(unsafe { libc::bind(fd, sa, salen) });
    trace_call!(SOCK, "Bind", &r, [Int(fd.into()), Addr(sa, salen), Int(salen.into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"bind error");
    }
}

/// `connect(2)`, or print "connect error: <reason>" and exit(1).
///
/// # Safety
/// `sa` must be valid for reads of `salen` bytes.
#[unsafe(export_name = "lnp_rs_Connect")]
pub unsafe extern "C" fn Connect(fd: c_int, sa: *const libc::sockaddr, salen: socklen_t) {
    // SAFETY: the caller guarantees the address.
    let r = cvt(unsafe { libc::connect(fd, sa, salen) });
    trace_call!(SOCK, "Connect", &r, [Int(fd.into()), Addr(sa, salen), Int(salen.into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"connect error");
    }
}

/// `getpeername(2)`, or print "getpeername error: <reason>" and exit(1).
///
/// # Safety
/// `sa` and `salenptr` must be valid as for `getpeername(2)`.
#[unsafe(export_name = "lnp_rs_Getpeername")]
pub unsafe extern "C" fn Getpeername(fd: c_int, sa: *mut libc::sockaddr, salenptr: *mut socklen_t) {
    // SAFETY: the caller guarantees the buffer and its length.
    let r = cvt(unsafe { libc::getpeername(fd, sa, salenptr) });
    trace_call!(SOCK, "Getpeername", &r, [Int(fd.into()), AddrOut(sa, salenptr), Out]);
    if let Err(e) = r {
        error::sys_exit(&e, c"getpeername error");
    }
}

/// `getsockname(2)`, or print "getsockname error: <reason>" and exit(1).
///
/// # Safety
/// `sa` and `salenptr` must be valid as for `getsockname(2)`.
#[unsafe(export_name = "lnp_rs_Getsockname")]
pub unsafe extern "C" fn Getsockname(fd: c_int, sa: *mut libc::sockaddr, salenptr: *mut socklen_t) {
    // SAFETY: the caller guarantees the buffer and its length.
    let r = cvt(unsafe { libc::getsockname(fd, sa, salenptr) });
    trace_call!(SOCK, "Getsockname", &r, [Int(fd.into()), AddrOut(sa, salenptr), Out]);
    if let Err(e) = r {
        error::sys_exit(&e, c"getsockname error");
    }
}

/// `getsockopt(2)`, or print "getsockopt error: <reason>" and exit(1).
///
/// # Safety
/// `optval` and `optlenptr` must be valid as for `getsockopt(2)`.
#[unsafe(export_name = "lnp_rs_Getsockopt")]
pub unsafe extern "C" fn Getsockopt(
    fd: c_int,
    level: c_int,
    optname: c_int,
    optval: *mut c_void,
    optlenptr: *mut socklen_t,
) {
    // SAFETY: the caller guarantees the option buffer and its length.
    let r = cvt(unsafe { libc::getsockopt(fd, level, optname, optval, optlenptr) });
    trace_call!(SOCK, "Getsockopt", &r, [Int(fd.into()), Level(level), Opt(level, optname), Out, Out]);
    if let Err(e) = r {
        error::sys_exit(&e, c"getsockopt error");
    }
}

/// `inet6_rth_space(3)`; a negative result prints "inet6_rth_space error" and exits(1).
///
/// glibc returns 0 on error, so the check never fires (as in the book).
///
/// # Returns
/// The size in bytes of a routing header with `segments` addresses.
#[cfg(lnp_inet6_rth)]
#[unsafe(export_name = "lnp_rs_Inet6_rth_space")]
pub extern "C" fn Inet6_rth_space(r#type: c_int, segments: c_int) -> c_int {
    // SAFETY: integer arguments only.
    let ret = unsafe { inet6_rth_space(r#type, segments) } as c_int;
    trace_call!(NAMES, "Inet6_rth_space", &ret, [Int(r#type.into()), Int(segments.into())]);
    if ret < 0 {
        error::quit(c"inet6_rth_space error");
    }
    ret
}

/// `inet6_rth_init(3)`, or print "inet6_rth_init error" and exit(1).
///
/// # Returns
/// `rthbuf`, initialised as an empty routing header.
///
/// # Safety
/// `rthbuf` must be valid for writes of `rthlen` bytes.
#[cfg(lnp_inet6_rth)]
#[unsafe(export_name = "lnp_rs_Inet6_rth_init")]
pub unsafe extern "C" fn Inet6_rth_init(
    rthbuf: *mut c_void,
    rthlen: socklen_t,
    r#type: c_int,
    segments: c_int,
) -> *mut c_void {
    // SAFETY: the caller guarantees the buffer of rthlen bytes.
    let ret = unsafe { inet6_rth_init(rthbuf, rthlen, r#type, segments) };
    trace_call!(
        NAMES,
        "Inet6_rth_init",
        &Pointer(ret),
        [Ptr(rthbuf), Int(rthlen.into()), Int(r#type.into()), Int(segments.into())]
    );
    if ret.is_null() {
        error::quit(c"inet6_rth_init error");
    }
    ret
}

/// `inet6_rth_add(3)`, or print "inet6_rth_add error" and exit(1).
///
/// # Safety
/// `rthbuf` must be a routing header made by `Inet6_rth_init`; `addr` a valid address.
#[cfg(lnp_inet6_rth)]
#[unsafe(export_name = "lnp_rs_Inet6_rth_add")]
pub unsafe extern "C" fn Inet6_rth_add(rthbuf: *mut c_void, addr: *const libc::in6_addr) {
    // SAFETY: the caller guarantees the header and the address.
    let r = unsafe { inet6_rth_add(rthbuf, addr) };
    trace_call!(NAMES, "Inet6_rth_add", &r, [Ptr(rthbuf), Ptr(addr.cast())]);
    if r < 0 {
        error::quit(c"inet6_rth_add error");
    }
}

/// `inet6_rth_reverse(3)`, or print "inet6_rth_reverse error" and exit(1).
///
/// # Safety
/// `in` must be a routing header and `out` large enough for its reversal.
#[cfg(lnp_inet6_rth)]
#[unsafe(export_name = "lnp_rs_Inet6_rth_reverse")]
pub unsafe extern "C" fn Inet6_rth_reverse(r#in: *const c_void, out: *mut c_void) {
    // SAFETY: the caller guarantees both buffers.
    let r = unsafe { inet6_rth_reverse(r#in, out) };
    trace_call!(NAMES, "Inet6_rth_reverse", &r, [Ptr(r#in), Ptr(out)]);
    if r < 0 {
        error::quit(c"inet6_rth_reverse error");
    }
}

/// `inet6_rth_segments(3)`, or print "inet6_rth_segments error" and exit(1).
///
/// # Returns
/// The number of addresses in the routing header.
///
/// # Safety
/// `rthbuf` must be a routing header.
#[cfg(lnp_inet6_rth)]
#[unsafe(export_name = "lnp_rs_Inet6_rth_segments")]
pub unsafe extern "C" fn Inet6_rth_segments(rthbuf: *const c_void) -> c_int {
    // SAFETY: the caller guarantees the header.
    let ret = unsafe { inet6_rth_segments(rthbuf) };
    trace_call!(NAMES, "Inet6_rth_segments", &ret, [Ptr(rthbuf)]);
    if ret < 0 {
        error::quit(c"inet6_rth_segments error");
    }
    ret
}

/// `inet6_rth_getaddr(3)`, or print "inet6_rth_getaddr error" and exit(1).
///
/// # Returns
/// A pointer to address `idx` inside the routing header.
///
/// # Safety
/// `rthbuf` must be a routing header.
#[cfg(lnp_inet6_rth)]
#[unsafe(export_name = "lnp_rs_Inet6_rth_getaddr")]
pub unsafe extern "C" fn Inet6_rth_getaddr(rthbuf: *const c_void, idx: c_int) -> *mut libc::in6_addr {
    // SAFETY: the caller guarantees the header.
    let ret = unsafe { inet6_rth_getaddr(rthbuf, idx) };
    trace_call!(NAMES, "Inet6_rth_getaddr", &Pointer(ret.cast()), [Ptr(rthbuf), Int(idx.into())]);
    if ret.is_null() {
        error::quit(c"inet6_rth_getaddr error");
    }
    ret
}

/// BSD's `struct kevent`, which Linux lacks: only pointers to it exist.
#[allow(non_camel_case_types)]
#[cfg(lnp_kqueue)]
pub struct kevent {
    _opaque: [u8; 0],
}

/// BSD kqueue stub: print "kqueue error: Function not implemented" and exit(1).
#[cfg(lnp_kqueue)]
#[unsafe(export_name = "lnp_rs_Kqueue")]
pub extern "C" fn Kqueue() -> c_int {
    os::set_errno(libc::ENOSYS);
    trace_call!(MUX, "Kqueue", &-1, []);
    error::sys_exit_errno(c"kqueue error")
}

/// BSD kevent stub: print "kevent error: Function not implemented" and exit(1).
#[cfg(lnp_kqueue)]
#[unsafe(export_name = "lnp_rs_Kevent")]
pub extern "C" fn Kevent(
    kq: c_int,
    changelist: *const kevent,
    nchanges: c_int,
    eventlist: *mut kevent,
    nevents: c_int,
    timeout: *const libc::timespec,
) -> c_int {
    let _ = (kq, changelist, nchanges, eventlist, nevents, timeout);
    os::set_errno(libc::ENOSYS);
    trace_call!(MUX, "Kevent", &-1, [Int(kq.into()), Out, Int(nchanges.into()), Out, Int(nevents.into()), Out]);
    error::sys_exit_errno(c"kevent error")
}

/// `listen(2)` with `backlog` replaced by $LISTENQ if set, or print "listen error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Listen")]
pub extern "C" fn Listen(fd: c_int, backlog: c_int) {
    let backlog = crate::sock::listen_backlog(backlog);
    // SAFETY: integer arguments only.
    let r = cvt(unsafe { libc::listen(fd, backlog) });
    trace_call!(SOCK, "Listen", &r, [Int(fd.into()), Int(backlog.into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"listen error");
    }
}

/// `poll(2)`, or print "poll error: <reason>" and exit(1).
///
/// # Returns
/// The number of ready descriptors (0 on timeout).
///
/// # Safety
/// `fdarray` must be valid for `nfds` entries.
#[cfg(lnp_poll)]
#[unsafe(export_name = "lnp_rs_Poll")]
pub unsafe extern "C" fn Poll(fdarray: *mut libc::pollfd, nfds: c_ulong, timeout: c_int) -> c_int {
    // SAFETY: the caller guarantees the array.
    let r = cvt(unsafe { libc::poll(fdarray, nfds, timeout) });
    trace_call!(MUX, "Poll", &r, [Out, Int(nfds as i64), Int(timeout.into())]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"poll error"))
}

/// `recv(2)`, or print "recv error: <reason>" and exit(1).
///
/// # Returns
/// The byte count (0 at end of file).
///
/// # Safety
/// `ptr` must be valid for writes of `nbytes` bytes.
#[unsafe(export_name = "lnp_rs_Recv")]
pub unsafe extern "C" fn Recv(fd: c_int, ptr: *mut c_void, nbytes: size_t, flags: c_int) -> ssize_t {
    // SAFETY: the caller guarantees the buffer; the kernel checks it.
    let r = cvt(unsafe { libc::recv(fd, ptr, nbytes, flags) });
    trace_call!(
        IO,
        "Recv",
        &r,
        [Int(fd.into()), Out, Int(nbytes as i64), MsgFlags(flags)],
        Data(ptr.cast(), r.as_ref().map_or(0, |&n| n as usize))
    );
    r.unwrap_or_else(|e| error::sys_exit(&e, c"recv error"))
}

/// `recvfrom(2)`, or print "recvfrom error: <reason>" and exit(1).
///
/// # Returns
/// The byte count.
///
/// # Safety
/// `ptr` must be valid for writes of `nbytes` bytes; `sa` and `salenptr` as for `recvfrom(2)`.
#[unsafe(export_name = "lnp_rs_Recvfrom")]
pub unsafe extern "C" fn Recvfrom(
    fd: c_int,
    ptr: *mut c_void,
    nbytes: size_t,
    flags: c_int,
    sa: *mut libc::sockaddr,
    salenptr: *mut socklen_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffers; the kernel checks them.
    let r = cvt(unsafe { libc::recvfrom(fd, ptr, nbytes, flags, sa, salenptr) });
    trace_call!(
        IO,
        "Recvfrom",
        &r,
        [Int(fd.into()), Out, Int(nbytes as i64), MsgFlags(flags), AddrOut(sa, salenptr), Out],
        Data(ptr.cast(), r.as_ref().map_or(0, |&n| n as usize))
    );
    r.unwrap_or_else(|e| error::sys_exit(&e, c"recvfrom error"))
}

/// `recvmsg(2)`, or print "recvmsg error: <reason>" and exit(1).
///
/// # Returns
/// The byte count.
///
/// # Safety
/// `msg` must be a valid `struct msghdr` as for `recvmsg(2)`.
#[unsafe(export_name = "lnp_rs_Recvmsg")]
pub unsafe extern "C" fn Recvmsg(fd: c_int, msg: *mut libc::msghdr, flags: c_int) -> ssize_t {
    // SAFETY: the caller guarantees the message header and its buffers.
    let r = cvt(unsafe { libc::recvmsg(fd, msg, flags) });
    trace_call!(IO, "Recvmsg", &r, [Int(fd.into()), Out, MsgFlags(flags)]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"recvmsg error"))
}

/// `select(2)`, or print "select error: <reason>" and exit(1); `EINTR` is fatal too.
///
/// # Returns
/// The number of ready descriptors (0 on timeout).
///
/// # Safety
/// Each set and `timeout` must be NULL or valid, as for `select(2)`.
#[unsafe(export_name = "lnp_rs_Select")]
pub unsafe extern "C" fn Select(
    nfds: c_int,
    readfds: *mut libc::fd_set,
    writefds: *mut libc::fd_set,
    exceptfds: *mut libc::fd_set,
    timeout: *mut libc::timeval,
) -> c_int {
    // SAFETY: the caller guarantees the sets and the timeout.
    let r = cvt(unsafe { libc::select(nfds, readfds, writefds, exceptfds, timeout) });
    trace_call!(MUX, "Select", &r, [Int(nfds.into()), Out, Out, Out, Out]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"select error"))
}

/// `send(2)` of all `nbytes`, else (short sends too) print "send error: <reason>" and exit(1).
///
/// # Safety
/// `ptr` must be valid for reads of `nbytes` bytes.
#[unsafe(export_name = "lnp_rs_Send")]
pub unsafe extern "C" fn Send(fd: c_int, ptr: *const c_void, nbytes: size_t, flags: c_int) {
    // SAFETY: the caller guarantees the buffer; the kernel checks it.
    let n = unsafe { libc::send(fd, ptr, nbytes, flags) };
    trace_call!(IO, "Send", &n, [Int(fd.into()), Data(ptr.cast(), nbytes), Int(nbytes as i64), MsgFlags(flags)]);
    if n != nbytes as ssize_t {
        error::sys_exit_errno(c"send error");
    }
}

/// `sendto(2)` of all `nbytes`, else (short sends too) print "sendto error: <reason>" and exit(1).
///
/// # Safety
/// `ptr` must be valid for reads of `nbytes` bytes and `sa` for `salen` bytes.
#[unsafe(export_name = "lnp_rs_Sendto")]
pub unsafe extern "C" fn Sendto(
    fd: c_int,
    ptr: *const c_void,
    nbytes: size_t,
    flags: c_int,
    sa: *const libc::sockaddr,
    salen: socklen_t,
) {
    // SAFETY: the caller guarantees the buffer and the address.
    let n = unsafe { libc::sendto(fd, ptr, nbytes, flags, sa, salen) };
    trace_call!(
        IO,
        "Sendto",
        &n,
        [
            Int(fd.into()),
            Data(ptr.cast(), nbytes),
            Int(nbytes as i64),
            MsgFlags(flags),
            Addr(sa, salen),
            Int(salen.into())
        ]
    );
    if n != nbytes as ssize_t {
        error::sys_exit_errno(c"sendto error");
    }
}

/// `sendmsg(2)` of every byte of the iovecs, else print "sendmsg error: <reason>" and exit(1).
///
/// # Safety
/// `msg` must be a valid `struct msghdr` whose `msg_iov` holds `msg_iovlen` entries.
#[unsafe(export_name = "lnp_rs_Sendmsg")]
pub unsafe extern "C" fn Sendmsg(fd: c_int, msg: *const libc::msghdr, flags: c_int) {
    // SAFETY: the caller guarantees the header and its iovec array, as the C original reads them.
    let nbytes = unsafe {
        let hdr = &*msg;
        (0..hdr.msg_iovlen).fold(0usize, |sum, i| sum.wrapping_add((*hdr.msg_iov.add(i)).iov_len))
    };
    // SAFETY: as above; the kernel checks the buffers.
    let n = unsafe { libc::sendmsg(fd, msg, flags) };
    trace_call!(IO, "Sendmsg", &n, [Int(fd.into()), Ptr(msg.cast()), MsgFlags(flags)]);
    if n != nbytes as ssize_t {
        error::sys_exit_errno(c"sendmsg error");
    }
}

/// `setsockopt(2)`, or print "setsockopt error: <reason>" and exit(1).
///
/// # Safety
/// `optval` must be valid for reads of `optlen` bytes.
#[unsafe(export_name = "lnp_rs_Setsockopt")]
pub unsafe extern "C" fn Setsockopt(fd: c_int, level: c_int, optname: c_int, optval: *const c_void, optlen: socklen_t) {
    // SAFETY: the caller guarantees the option value.
    let r = cvt(unsafe { libc::setsockopt(fd, level, optname, optval, optlen) });
    trace_call!(SOCK, "Setsockopt", &r, [Int(fd.into()), Level(level), Opt(level, optname), Out, Int(optlen.into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"setsockopt error");
    }
}

/// `shutdown(2)`, or print "shutdown error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Shutdown")]
pub extern "C" fn Shutdown(fd: c_int, how: c_int) {
    // SAFETY: integer arguments only.
    let r = cvt(unsafe { libc::shutdown(fd, how) });
    trace_call!(SOCK, "Shutdown", &r, [Int(fd.into()), How(how)]);
    if let Err(e) = r {
        error::sys_exit(&e, c"shutdown error");
    }
}

/// `sockatmark(3)`, or print "sockatmark error: <reason>" and exit(1).
///
/// # Returns
/// 1 if the socket is at the out-of-band mark, else 0.
#[unsafe(export_name = "lnp_rs_Sockatmark")]
pub extern "C" fn Sockatmark(fd: c_int) -> c_int {
    // SAFETY: integer argument only.
    let r = cvt(unsafe { sockatmark(fd) });
    trace_call!(SOCK, "Sockatmark", &r, [Int(fd.into())]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"sockatmark error"))
}

/// `socket(2)`, or print "socket error: <reason>" and exit(1) (book §1.2).
///
/// # Returns
/// The new descriptor (without close-on-exec).
#[unsafe(export_name = "lnp_rs_Socket")]
pub extern "C" fn Socket(family: c_int, r#type: c_int, protocol: c_int) -> c_int {
    // SAFETY: integer arguments only.
    let r = cvt(unsafe { libc::socket(family, r#type, protocol) });
    trace_call!(SOCK, "Socket", &r, [Family(family), Type(r#type), Proto(protocol)]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"socket error"))
}

/// `socketpair(2)`, or print "socketpair error: <reason>" and exit(1).
///
/// # Safety
/// `fd` must be valid for writing two ints.
#[unsafe(export_name = "lnp_rs_Socketpair")]
pub unsafe extern "C" fn Socketpair(family: c_int, r#type: c_int, protocol: c_int, fd: *mut c_int) {
    // SAFETY: the caller guarantees room for two descriptors.
    let r = cvt(unsafe { libc::socketpair(family, r#type, protocol, fd) });
    // SAFETY: after a successful socketpair the two ints are written.
    let ends = r.as_ref().map_or([0, 0], |_| unsafe { [*fd, *fd.add(1)] });
    trace_call!(
        SOCK,
        "Socketpair",
        &r,
        [Family(family), Type(r#type), Proto(protocol), Int(ends[0].into()), Int(ends[1].into())]
    );
    if let Err(e) = r {
        error::sys_exit(&e, c"socketpair error");
    }
}
