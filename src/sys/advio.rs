//! `recvfrom_flags` (UNP §22.2, advio/recvfromflags.c), ported to Linux's
//! `IP_PKTINFO` / `IPV6_PKTINFO`, and its wrapper `Recvfrom_flags`.

use std::io;
use std::mem::size_of;

use libc::{c_int, c_uint, c_void, size_t, socklen_t, ssize_t};

use crate::error;
use crate::os::{cvt, fail};
use crate::trace::trace_call;

/// Destination address and arrival interface of a datagram, filled by recvfrom_flags.
///
/// This is lnp.h's structure, not Linux's `struct in_pktinfo`: never cast one to the other.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct lnp_in_pktinfo {
    /// Destination IPv4 address of the datagram (0.0.0.0 if unknown).
    pub ipi_addr: libc::in_addr,
    /// Index of the interface it arrived on (0 if unknown).
    pub ipi_ifindex: c_int,
}

const _: () = assert!(size_of::<lnp_in_pktinfo>() == 8);

/// Linux's `struct in6_pktinfo` (`<netinet/in.h>`; the libc crate lacks it).
#[repr(C)]
#[derive(Clone, Copy)]
struct In6Pktinfo {
    ipi6_addr: libc::in6_addr,
    ipi6_ifindex: c_uint,
}

/// The control buffer: the original's `CMSG_SPACE(4) + CMSG_SPACE(8)` bytes,
/// room for one `in_pktinfo` or `in6_pktinfo` message, aligned for `cmsghdr`.
#[repr(C, align(8))]
struct Control([u8; 48]);

/// What one `recvmsg` told: byte count, peer address length, `msg_flags`,
/// and the control messages it carried.
pub(crate) struct Received {
    /// Bytes of data.
    pub(crate) n: usize,
    /// Length of the peer address stored.
    pub(crate) namelen: socklen_t,
    /// `msg_flags` (`MSG_TRUNC`, `MSG_CTRUNC`, ...).
    pub(crate) flags: c_int,
    /// Destination and interface, when a pktinfo message came.
    pub(crate) pktinfo: Option<lnp_in_pktinfo>,
    /// The first control message that is not a pktinfo one: (len, level, type).
    pub(crate) unknown: Option<(usize, c_int, c_int)>,
}

/// `recvmsg(fd, flags)` into `len` bytes at `ptr` and `namelen` bytes at
/// `name`, decoding `IP_PKTINFO` / `IPV6_PKTINFO` control messages.
///
/// # Safety
/// `ptr` must be writable for `len` bytes and `name` (unless NULL) for `namelen`.
pub(crate) unsafe fn recv_pktinfo(
    fd: c_int,
    ptr: *mut c_void,
    len: usize,
    flags: c_int,
    name: *mut libc::sockaddr,
    namelen: socklen_t,
) -> io::Result<Received> {
    let mut control = Control([0; 48]);
    let mut iov = libc::iovec { iov_base: ptr, iov_len: len };
    // SAFETY: all-zero bytes are a valid msghdr.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_name = name.cast();
    msg.msg_namelen = if name.is_null() { 0 } else { namelen };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast();
    msg.msg_controllen = control.0.len();
    // SAFETY: every pointer in `msg` is valid for the lengths it carries (caller for ptr/name).
    let n = cvt(unsafe { libc::recvmsg(fd, &mut msg, flags) })?;
    let mut got =
        Received { n: n as usize, namelen: msg.msg_namelen, flags: msg.msg_flags, pktinfo: None, unknown: None };
    if msg.msg_controllen < size_of::<libc::cmsghdr>() || msg.msg_flags & libc::MSG_CTRUNC != 0 {
        return Ok(got);
    }
    let mut info = lnp_in_pktinfo { ipi_addr: libc::in_addr { s_addr: 0 }, ipi_ifindex: 0 };
    // SAFETY: `msg` describes `control`, which the kernel filled with msg_controllen bytes.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    while !cmsg.is_null() {
        // SAFETY: CMSG_FIRSTHDR/CMSG_NXTHDR return headers inside `control`.
        let hdr = unsafe { std::ptr::read_unaligned(cmsg) };
        // SAFETY: the data of a message follows its header inside `control`.
        let data = unsafe { libc::CMSG_DATA(cmsg) };
        let data_len = (hdr.cmsg_len as usize).saturating_sub(data as usize - cmsg as usize);
        if hdr.cmsg_level == libc::IPPROTO_IP
            && hdr.cmsg_type == libc::IP_PKTINFO
            && data_len >= size_of::<libc::in_pktinfo>()
        {
            // SAFETY: an IP_PKTINFO message carries a struct in_pktinfo (length checked).
            let pi = unsafe { std::ptr::read_unaligned(data.cast::<libc::in_pktinfo>()) };
            info.ipi_addr = pi.ipi_addr;
            info.ipi_ifindex = pi.ipi_ifindex;
            got.pktinfo = Some(info);
        } else if hdr.cmsg_level == libc::IPPROTO_IPV6
            && hdr.cmsg_type == libc::IPV6_PKTINFO
            && data_len >= size_of::<In6Pktinfo>()
        {
            // SAFETY: an IPV6_PKTINFO message carries a struct in6_pktinfo (length checked).
            let pi = unsafe { std::ptr::read_unaligned(data.cast::<In6Pktinfo>()) };
            info.ipi_ifindex = pi.ipi6_ifindex as c_int;
            let a = pi.ipi6_addr.s6_addr;
            if a[..10].iter().all(|&b| b == 0) && a[10] == 0xff && a[11] == 0xff {
                info.ipi_addr.s_addr = u32::from_ne_bytes([a[12], a[13], a[14], a[15]]);
            }
            got.pktinfo = Some(info);
        } else {
            got.unknown = Some((hdr.cmsg_len as usize, hdr.cmsg_level, hdr.cmsg_type));
            break;
        }
        // SAFETY: `cmsg` is a header inside the buffer `msg` describes.
        cmsg = unsafe { libc::CMSG_NXTHDR(&msg, cmsg) };
    }
    Ok(got)
}

/// recvfrom plus msg_flags and, via IP_PKTINFO/IPV6_PKTINFO, destination and interface (UNP §22.2).
///
/// `*flagsp` reports `MSG_TRUNC` and `MSG_CTRUNC`; `*pktp` receives the
/// datagram's destination address and arrival interface.
///
/// `*flagsp` holds the `recvmsg` flags on entry and `msg_flags` on return.
/// The caller enables the control messages itself: `IP_PKTINFO` (IPv4) or
/// `IPV6_RECVPKTINFO` (IPv6). For IPv6, `ipi_addr` is filled only for an
/// IPv4-mapped destination. Any other control message ends the process with
/// `unknown ancillary data, len = %d, level = %d, type = %d` (as in UNP).
///
/// # Returns
/// The number of bytes received, or -1 with errno from `recvmsg`.
///
/// # Safety
/// `ptr` must be writable for `nbytes` bytes; `flagsp` and `salenptr` are
/// NULL (read as 0, nothing stored) or valid; `sa` is NULL or writable for
/// `*salenptr` bytes; `pktp` is NULL or writable.
#[unsafe(export_name = "lnp_rs_recvfrom_flags")]
pub unsafe extern "C" fn recvfrom_flags(
    fd: c_int,
    ptr: *mut c_void,
    nbytes: size_t,
    flagsp: *mut c_int,
    sa: *mut libc::sockaddr,
    salenptr: *mut socklen_t,
    pktp: *mut lnp_in_pktinfo,
) -> ssize_t {
    // SAFETY: the caller's contract is recvfrom_flags's.
    let r = unsafe { recvfrom_flags_core(fd, ptr, nbytes, flagsp, sa, salenptr, pktp) };
    trace_call!(
        IO,
        "recvfrom_flags",
        &r,
        [Int(fd.into()), Out, Int(nbytes as i64), Out, AddrOut(sa, salenptr), Out, Out],
        Data(ptr.cast_const().cast(), usize::try_from(r).unwrap_or(0))
    );
    r
}

/// The body of `recvfrom_flags` without its trace line (`recvfrom_flags` traces what it returns).
///
/// # Safety
/// As for `recvfrom_flags`.
unsafe fn recvfrom_flags_core(
    fd: c_int,
    ptr: *mut c_void,
    nbytes: size_t,
    flagsp: *mut c_int,
    sa: *mut libc::sockaddr,
    salenptr: *mut socklen_t,
    pktp: *mut lnp_in_pktinfo,
) -> ssize_t {
    // SAFETY: flagsp and salenptr are NULL or valid (caller).
    let (flags, salen) = unsafe { (flagsp.as_ref().copied().unwrap_or(0), salenptr.as_ref().copied().unwrap_or(0)) };
    // SAFETY: the caller vouches for ptr/nbytes and sa/*salenptr.
    let got = match unsafe { recv_pktinfo(fd, ptr, nbytes, flags, sa, salen) } {
        Ok(got) => got,
        Err(e) => return fail(&e, -1),
    };
    // SAFETY: the out-pointers are NULL or valid (caller).
    unsafe {
        if let Some(p) = salenptr.as_mut() {
            *p = got.namelen;
        }
        if let Some(p) = pktp.as_mut() {
            *p = got.pktinfo.unwrap_or(lnp_in_pktinfo { ipi_addr: libc::in_addr { s_addr: 0 }, ipi_ifindex: 0 });
        }
        if let Some(p) = flagsp.as_mut() {
            *p = got.flags;
        }
    }
    if let (Some((len, level, kind)), false) = (got.unknown, pktp.is_null()) {
        // SAFETY: a format with three %d and three int arguments.
        unsafe {
            error::lnp_rs_err_quit(
                c"unknown ancillary data, len = %d, level = %d, type = %d".as_ptr(),
                len as c_int,
                level,
                kind,
            )
        }
    }
    got.n as ssize_t
}

/// `recvfrom_flags`, or print "recvfrom_flags error" (no errno text) and exit(1).
///
/// # Returns
/// The number of bytes received.
///
/// # Safety
/// As for [`recvfrom_flags`].
#[unsafe(export_name = "lnp_rs_Recvfrom_flags")]
pub unsafe extern "C" fn Recvfrom_flags(
    fd: c_int,
    ptr: *mut c_void,
    nbytes: size_t,
    flagsp: *mut c_int,
    sa: *mut libc::sockaddr,
    salenptr: *mut socklen_t,
    pktp: *mut lnp_in_pktinfo,
) -> ssize_t {
    // SAFETY: forwarded caller contract.
    let n = unsafe { recvfrom_flags(fd, ptr, nbytes, flagsp, sa, salenptr, pktp) };
    if n < 0 {
        error::quit(c"recvfrom_flags error");
    }
    n
}
