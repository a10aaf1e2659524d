//! Multicast helpers (lnp.h group B, UNP §21.7, lib/mcast_*.c), under the
//! header's `#ifdef MCAST`.
//!
//! Linux has the RFC 3678 protocol-independent options (`MCAST_JOIN_GROUP`,
//! `MCAST_JOIN_SOURCE_GROUP`, `MCAST_BLOCK_SOURCE`, ...), so every join, leave
//! and source filter goes through a `struct group_req` or
//! `struct group_source_req` at the level of the group's family, exactly the
//! path libunp takes where those options exist. The interface, TTL and
//! loopback options have no protocol-independent form and use the IPv4 or
//! IPv6 option chosen by the socket's family.
//!
//! `mcast_get_if` on an IPv4 socket is a placeholder in libunp (it returns -1
//! without setting errno); lnp implements it: see [`mcast_get_if`].
//!
//! The cores are [`crate::mcast`]'s (`group_op`, `source_op`,
//! `set_out_interface`, `loop_flag`, ...), which the safe API runs too: they
//! take a `BorrowedFd`, `SockAddr`s and plain values and return `io::Result`.
//! The `extern "C"` functions only convert arguments and results.

use std::ffi::CStr;
use std::io;
use std::os::fd::BorrowedFd;

use libc::{c_char, c_int, c_uint, socklen_t};

use crate::SockAddr;
use crate::error;
use crate::mcast;
use crate::os::fail;
use crate::trace::trace_call;

/// Run one of [`crate::mcast`]'s cores on a C caller's socket. -1 cannot be
/// lent to it; for -1 the result is the error `bad`, what the core gives for a
/// descriptor that is not open (`EBADF` from the kernel, or `EAFNOSUPPORT`
/// where the core first asks for the socket's family).
fn on_fd<T>(sockfd: c_int, bad: c_int, core: impl FnOnce(BorrowedFd<'_>) -> io::Result<T>) -> io::Result<T> {
    crate::sys::borrow_fd(sockfd).map_or_else(|| Err(io::Error::from_raw_os_error(bad)), core)
}

/// [`on_fd`] for the interface, loopback and TTL cores, which ask for the family first.
fn on_socket<T>(sockfd: c_int, core: impl FnOnce(BorrowedFd<'_>) -> io::Result<T>) -> io::Result<T> {
    on_fd(sockfd, libc::EAFNOSUPPORT, core)
}

/// A caller's group or source address of `len` bytes; more than
/// `sizeof(struct sockaddr_storage)` bytes is `EINVAL`, as in libunp. A NULL
/// address with a non-zero length is `EFAULT` (the original would crash in `memcpy`).
///
/// # Safety
/// When `sa` is not NULL it must be valid for reads of `len` bytes.
unsafe fn addr_arg(sa: *const libc::sockaddr, len: socklen_t) -> io::Result<SockAddr> {
    if len > SockAddr::capacity() {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    if sa.is_null() && len > 0 {
        return Err(io::Error::from_raw_os_error(libc::EFAULT));
    }
    // SAFETY: NULL, or readable for `len` bytes (caller).
    Ok(unsafe { SockAddr::from_raw(sa, len) })
}

/// A caller's interface name as bytes, `None` for NULL.
///
/// # Safety
/// `ifname` is NULL or a NUL-terminated string that outlives the result.
unsafe fn name_arg<'a>(ifname: *const c_char) -> Option<&'a [u8]> {
    // SAFETY: a NUL-terminated string (caller).
    (!ifname.is_null()).then(|| unsafe { CStr::from_ptr(ifname) }.to_bytes())
}

/// Common body of the four `group_source_req` functions.
///
/// # Safety
/// As for [`mcast_join_source_group`].
unsafe fn source_call(
    sockfd: c_int,
    name: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
    ifindex: u32,
) -> c_int {
    // SAFETY: the caller vouches for `grplen` bytes at `grp` and `srclen` at `src`.
    let addrs = unsafe { addr_arg(grp, grplen).and_then(|g| Ok((g, addr_arg(src, srclen)?))) };
    let res = addrs.and_then(|(group, source)| {
        on_fd(sockfd, libc::EBADF, |fd| mcast::source_op(fd, name, &source, &group, ifindex))
    });
    res.map_or_else(|e| fail(&e, -1), |()| 0)
}

/// Leave the any-source group `grp` (UNP §21.7, mcast_leave).
///
/// # Returns
/// 0, or -1 with errno (`EINVAL` if `grplen` exceeds a `sockaddr_storage`).
///
/// # Safety
/// `grp` must be readable for `grplen` bytes.
#[unsafe(export_name = "lnp_rs_mcast_leave")]
pub unsafe extern "C" fn mcast_leave(sockfd: c_int, grp: *const libc::sockaddr, grplen: socklen_t) -> c_int {
    let r = {
        // SAFETY: the caller vouches for `grplen` bytes at `grp`.
        let res = unsafe { addr_arg(grp, grplen) }
            .and_then(|group| on_fd(sockfd, libc::EBADF, |fd| mcast::group_op(fd, &group, 0, false)));
        res.map_or_else(|e| fail(&e, -1), |()| 0)
    };
    trace_call!(MCAST, "mcast_leave", &r, [Int(sockfd.into()), Addr(grp, grplen), Int(grplen.into())]);
    r
}

/// Join the any-source group grp on interface ifindex, else ifname, else the kernel's choice (UNP §21.7).
///
/// # Returns
/// 0, or -1 with errno: `ENXIO` for an unknown `ifname`, `EINVAL` for a
/// `grplen` larger than a `sockaddr_storage`, else the kernel's.
///
/// # Safety
/// `grp` must be readable for `grplen` bytes; `ifname` is NULL or a C string.
#[unsafe(export_name = "lnp_rs_mcast_join")]
pub unsafe extern "C" fn mcast_join(
    sockfd: c_int,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
    ifname: *const c_char,
    ifindex: c_uint,
) -> c_int {
    let r = {
        // SAFETY: the caller's contract covers `ifname`, `grp` and `grplen`.
        let res = unsafe { mcast::join_index(name_arg(ifname), ifindex).and_then(|i| Ok((i, addr_arg(grp, grplen)?))) };
        let res =
            res.and_then(|(index, group)| on_fd(sockfd, libc::EBADF, |fd| mcast::group_op(fd, &group, index, true)));
        res.map_or_else(|e| fail(&e, -1), |()| 0)
    };
    trace_call!(
        MCAST,
        "mcast_join",
        &r,
        [Int(sockfd.into()), Addr(grp, grplen), Int(grplen.into()), Str(ifname), Int(ifindex.into())]
    );
    r
}

/// Leave the source-specific group (`src`, `grp`) (UNP §21.7, mcast_leave_source_group).
///
/// # Returns
/// 0, or -1 with errno.
///
/// # Safety
/// `src` and `grp` must be readable for `srclen` and `grplen` bytes.
#[unsafe(export_name = "lnp_rs_mcast_leave_source_group")]
pub unsafe extern "C" fn mcast_leave_source_group(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
) -> c_int {
    // SAFETY: forwarded caller contract.
    let r = unsafe { source_call(sockfd, libc::MCAST_LEAVE_SOURCE_GROUP, src, srclen, grp, grplen, 0) };
    trace_call!(
        MCAST,
        "mcast_leave_source_group",
        &r,
        [Int(sockfd.into()), Addr(src, srclen), Int(srclen.into()), Addr(grp, grplen), Int(grplen.into())]
    );
    r
}

/// Join the source-specific group (src, grp) on ifindex, else ifname, else the kernel's choice (UNP §21.7).
///
/// # Returns
/// 0, or -1 with errno (`ENXIO` for an unknown `ifname`, checked first).
///
/// # Safety
/// `src` and `grp` must be readable for `srclen` and `grplen` bytes; `ifname`
/// is NULL or a C string.
#[unsafe(export_name = "lnp_rs_mcast_join_source_group")]
pub unsafe extern "C" fn mcast_join_source_group(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
    ifname: *const c_char,
    ifindex: c_uint,
) -> c_int {
    let r = {
        // SAFETY: `ifname` is NULL or a C string (caller).
        match mcast::join_index(unsafe { name_arg(ifname) }, ifindex) {
            // SAFETY: forwarded caller contract.
            Ok(index) => unsafe { source_call(sockfd, libc::MCAST_JOIN_SOURCE_GROUP, src, srclen, grp, grplen, index) },
            Err(e) => fail(&e, -1),
        }
    };
    trace_call!(
        MCAST,
        "mcast_join_source_group",
        &r,
        [
            Int(sockfd.into()),
            Addr(src, srclen),
            Int(srclen.into()),
            Addr(grp, grplen),
            Int(grplen.into()),
            Str(ifname),
            Int(ifindex.into())
        ]
    );
    r
}

/// Block datagrams from src to the already joined any-source group grp (UNP §21.7).
///
/// # Returns
/// 0, or -1 with errno (Linux needs an existing any-source join of `grp`).
///
/// # Safety
/// `src` and `grp` must be readable for `srclen` and `grplen` bytes.
#[unsafe(export_name = "lnp_rs_mcast_block_source")]
pub unsafe extern "C" fn mcast_block_source(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
) -> c_int {
    // SAFETY: forwarded caller contract.
    let r = unsafe { source_call(sockfd, libc::MCAST_BLOCK_SOURCE, src, srclen, grp, grplen, 0) };
    trace_call!(
        MCAST,
        "mcast_block_source",
        &r,
        [Int(sockfd.into()), Addr(src, srclen), Int(srclen.into()), Addr(grp, grplen), Int(grplen.into())]
    );
    r
}

/// Unblock `src` in the group `grp` (UNP §21.7, mcast_unblock_source).
///
/// # Returns
/// 0, or -1 with errno.
///
/// # Safety
/// `src` and `grp` must be readable for `srclen` and `grplen` bytes.
#[unsafe(export_name = "lnp_rs_mcast_unblock_source")]
pub unsafe extern "C" fn mcast_unblock_source(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
) -> c_int {
    // SAFETY: forwarded caller contract.
    let r = unsafe { source_call(sockfd, libc::MCAST_UNBLOCK_SOURCE, src, srclen, grp, grplen, 0) };
    trace_call!(
        MCAST,
        "mcast_unblock_source",
        &r,
        [Int(sockfd.into()), Addr(src, srclen), Int(srclen.into()), Addr(grp, grplen), Int(grplen.into())]
    );
    r
}

/// Return the index of the socket's outgoing multicast interface, 0 if none chosen (UNP §21.7).
///
/// IPv6: `IPV6_MULTICAST_IF`. IPv4 (libunp leaves this case unfinished): Linux
/// reports the interface's *address* for `IP_MULTICAST_IF`; 0.0.0.0 (nothing
/// chosen, or chosen by index alone with `ip_mreqn`) gives 0, otherwise the
/// index of the interface that owns the address.
///
/// # Returns
/// The index (0 if none was chosen), or -1 with errno: `EAFNOSUPPORT` for a
/// socket that is not IPv4 or IPv6 (or not a socket), `EADDRNOTAVAIL` if no
/// interface owns the IPv4 address any more.
#[unsafe(export_name = "lnp_rs_mcast_get_if")]
pub extern "C" fn mcast_get_if(sockfd: c_int) -> c_int {
    let r = match on_socket(sockfd, mcast::out_interface) {
        Ok(index) => index as c_int,
        Err(e) => fail(&e, -1),
    };
    trace_call!(MCAST, "mcast_get_if", &r, [Int(sockfd.into())]);
    r
}

/// Return the multicast loopback flag, IP_MULTICAST_LOOP or IPV6_MULTICAST_LOOP (UNP §21.7).
///
/// # Returns
/// 0 or 1, or -1 with errno (`EAFNOSUPPORT` for other families).
#[unsafe(export_name = "lnp_rs_mcast_get_loop")]
pub extern "C" fn mcast_get_loop(sockfd: c_int) -> c_int {
    let r = on_socket(sockfd, mcast::loop_flag).unwrap_or_else(|e| fail(&e, -1));
    trace_call!(MCAST, "mcast_get_loop", &r, [Int(sockfd.into())]);
    r
}

/// Return the multicast TTL or hop limit, IP_MULTICAST_TTL or IPV6_MULTICAST_HOPS (UNP §21.7).
///
/// # Returns
/// The value, or -1 with errno (`EAFNOSUPPORT` for other families).
#[unsafe(export_name = "lnp_rs_mcast_get_ttl")]
pub extern "C" fn mcast_get_ttl(sockfd: c_int) -> c_int {
    let r = on_socket(sockfd, mcast::hops).unwrap_or_else(|e| fail(&e, -1));
    trace_call!(MCAST, "mcast_get_ttl", &r, [Int(sockfd.into())]);
    r
}

/// Choose the outgoing multicast interface: ifindex, else ifname (IPv4: neither resets it) (UNP §21.7).
///
/// IPv4 sets `IP_MULTICAST_IF` to the interface's address (`SIOCGIFADDR`),
/// IPv6 sets `IPV6_MULTICAST_IF` to its index.
///
/// # Returns
/// 0, or -1 with errno: IPv4 `ENXIO` for an unknown index, the ioctl's error
/// for a name (`ENODEV` unknown, `EADDRNOTAVAIL` no IPv4 address); IPv6
/// `ENXIO` for an unknown name, `EINVAL` with neither; `EAFNOSUPPORT` for
/// other sockets.
///
/// # Safety
/// `ifname` is NULL or a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_mcast_set_if")]
pub unsafe extern "C" fn mcast_set_if(sockfd: c_int, ifname: *const c_char, ifindex: c_uint) -> c_int {
    let r = {
        // SAFETY: `ifname` is NULL or a C string (caller).
        let name = unsafe { name_arg(ifname) };
        on_socket(sockfd, |fd| mcast::set_out_interface(fd, name, ifindex)).map_or_else(|e| fail(&e, -1), |()| 0)
    };
    trace_call!(MCAST, "mcast_set_if", &r, [Int(sockfd.into()), Str(ifname), Int(ifindex.into())]);
    r
}

/// Turn multicast loopback on or off, IP_MULTICAST_LOOP or IPV6_MULTICAST_LOOP (UNP §21.7).
///
/// The IPv4 option takes a u_char, the IPv6 one a u_int.
///
/// # Returns
/// 0, or -1 with errno (`EAFNOSUPPORT` for other families).
#[unsafe(export_name = "lnp_rs_mcast_set_loop")]
pub extern "C" fn mcast_set_loop(sockfd: c_int, onoff: c_int) -> c_int {
    let r = on_socket(sockfd, |fd| mcast::set_loop_flag(fd, onoff)).map_or_else(|e| fail(&e, -1), |()| 0);
    trace_call!(MCAST, "mcast_set_loop", &r, [Int(sockfd.into()), Int(onoff.into())]);
    r
}

/// Set the multicast TTL (IP_MULTICAST_TTL) or hop limit (IPV6_MULTICAST_HOPS) (UNP §21.7).
///
/// The IPv4 option takes a u_char, the IPv6 one an int.
///
/// # Returns
/// 0, or -1 with errno (`EAFNOSUPPORT` for other families).
#[unsafe(export_name = "lnp_rs_mcast_set_ttl")]
pub extern "C" fn mcast_set_ttl(sockfd: c_int, val: c_int) -> c_int {
    let r = on_socket(sockfd, |fd| mcast::set_hops(fd, val)).map_or_else(|e| fail(&e, -1), |()| 0);
    trace_call!(MCAST, "mcast_set_ttl", &r, [Int(sockfd.into()), Int(val.into())]);
    r
}

/// Die with `"<msg>: <strerror(errno)>"` if `rc` is negative, else return it.
fn or_die(rc: c_int, msg: &CStr) -> c_int {
    if rc < 0 {
        error::sys_exit_errno(msg);
    }
    rc
}

/// `mcast_leave`, or print "mcast_leave error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_leave`].
#[unsafe(export_name = "lnp_rs_Mcast_leave")]
pub unsafe extern "C" fn Mcast_leave(sockfd: c_int, grp: *const libc::sockaddr, grplen: socklen_t) {
    // SAFETY: forwarded caller contract.
    or_die(unsafe { mcast_leave(sockfd, grp, grplen) }, c"mcast_leave error");
}

/// `mcast_join`, or print "mcast_join error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_join`].
#[unsafe(export_name = "lnp_rs_Mcast_join")]
pub unsafe extern "C" fn Mcast_join(
    sockfd: c_int,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
    ifname: *const c_char,
    ifindex: c_uint,
) {
    // SAFETY: forwarded caller contract.
    or_die(unsafe { mcast_join(sockfd, grp, grplen, ifname, ifindex) }, c"mcast_join error");
}

/// `mcast_leave_source_group`, or print "mcast_leave_source_group error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_leave_source_group`].
#[unsafe(export_name = "lnp_rs_Mcast_leave_source_group")]
pub unsafe extern "C" fn Mcast_leave_source_group(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
) {
    // SAFETY: forwarded caller contract.
    or_die(unsafe { mcast_leave_source_group(sockfd, src, srclen, grp, grplen) }, c"mcast_leave_source_group error");
}

/// `mcast_join_source_group`, or print "mcast_join_source_group error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_join_source_group`].
#[unsafe(export_name = "lnp_rs_Mcast_join_source_group")]
pub unsafe extern "C" fn Mcast_join_source_group(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
    ifname: *const c_char,
    ifindex: c_uint,
) {
    // SAFETY: forwarded caller contract.
    let rc = unsafe { mcast_join_source_group(sockfd, src, srclen, grp, grplen, ifname, ifindex) };
    or_die(rc, c"mcast_join_source_group error");
}

/// `mcast_block_source`, or print "mcast_block_source error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_block_source`].
#[unsafe(export_name = "lnp_rs_Mcast_block_source")]
pub unsafe extern "C" fn Mcast_block_source(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
) {
    // SAFETY: forwarded caller contract.
    or_die(unsafe { mcast_block_source(sockfd, src, srclen, grp, grplen) }, c"mcast_block_source error");
}

/// `mcast_unblock_source`, or print "mcast_unblock_source error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_unblock_source`].
#[unsafe(export_name = "lnp_rs_Mcast_unblock_source")]
pub unsafe extern "C" fn Mcast_unblock_source(
    sockfd: c_int,
    src: *const libc::sockaddr,
    srclen: socklen_t,
    grp: *const libc::sockaddr,
    grplen: socklen_t,
) {
    // SAFETY: forwarded caller contract.
    or_die(unsafe { mcast_unblock_source(sockfd, src, srclen, grp, grplen) }, c"mcast_unblock_source error");
}

/// `mcast_get_if`, or print "mcast_get_if error: <reason>" and exit(1).
///
/// # Returns
/// The interface index (0 if none was chosen).
#[unsafe(export_name = "lnp_rs_Mcast_get_if")]
pub extern "C" fn Mcast_get_if(sockfd: c_int) -> c_int {
    or_die(mcast_get_if(sockfd), c"mcast_get_if error")
}

/// `mcast_get_loop`, or print "mcast_get_loop error: <reason>" and exit(1).
///
/// # Returns
/// The loopback flag.
#[unsafe(export_name = "lnp_rs_Mcast_get_loop")]
pub extern "C" fn Mcast_get_loop(sockfd: c_int) -> c_int {
    or_die(mcast_get_loop(sockfd), c"mcast_get_loop error")
}

/// `mcast_get_ttl`, or print "mcast_get_ttl error: <reason>" and exit(1).
///
/// # Returns
/// The TTL or hop limit.
#[unsafe(export_name = "lnp_rs_Mcast_get_ttl")]
pub extern "C" fn Mcast_get_ttl(sockfd: c_int) -> c_int {
    or_die(mcast_get_ttl(sockfd), c"mcast_get_ttl error")
}

/// `mcast_set_if`, or print "mcast_set_if error: <reason>" and exit(1).
///
/// # Safety
/// As for [`mcast_set_if`].
#[unsafe(export_name = "lnp_rs_Mcast_set_if")]
pub unsafe extern "C" fn Mcast_set_if(sockfd: c_int, ifname: *const c_char, ifindex: c_uint) {
    // SAFETY: forwarded caller contract.
    or_die(unsafe { mcast_set_if(sockfd, ifname, ifindex) }, c"mcast_set_if error");
}

/// `mcast_set_loop`, or print "mcast_set_loop error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Mcast_set_loop")]
pub extern "C" fn Mcast_set_loop(sockfd: c_int, onoff: c_int) {
    or_die(mcast_set_loop(sockfd, onoff), c"mcast_set_loop error");
}

/// `mcast_set_ttl`, or print "mcast_set_ttl error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Mcast_set_ttl")]
pub extern "C" fn Mcast_set_ttl(sockfd: c_int, val: c_int) {
    or_die(mcast_set_ttl(sockfd, val), c"mcast_set_ttl error");
}
