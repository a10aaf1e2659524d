//! The libsctp functions that only `<netinet/sctp.h>` declares (not lnp.h,
//! the book's header): `sctp_sendv`, `sctp_recvv`, `sctp_peeloff_flags` and
//! `sctp_getaddrlen`, with libsctp's signatures and behaviour, implemented
//! without it. The rest of libsctp's API is in [`super::sctp`].

use std::io;
use std::mem::size_of;
use std::ptr;

use libc::{c_int, c_uint, c_void, iovec, sa_family_t, sockaddr, socklen_t};

use crate::os::fail;
use crate::sctp;
use crate::sctp::kernel::{sctp_assoc_t, sctp_nxtinfo, sctp_rcvinfo};
use crate::sctp::sendv::{self, SCTP_RECVV_NOINFO, SCTP_RECVV_NXTINFO, SCTP_RECVV_RCVINFO, SCTP_RECVV_RN};
use crate::trace::trace_call;

/// Send one SCTP message from several buffers with RFC 6458 send information (libsctp's sctp_sendv).
///
/// The message goes to the first of the `addrcnt` packed addresses at
/// `addrs` (`addrs` NULL or `addrcnt` 0: the socket's association); the
/// others are further addresses of the association it sets up
/// (`SCTP_DSTADDRV4`/`SCTP_DSTADDRV6`). `info` is of type `infotype`:
/// `SCTP_SENDV_NOINFO` (NULL, 0), `SCTP_SENDV_SNDINFO`, `SCTP_SENDV_PRINFO`,
/// `SCTP_SENDV_AUTHINFO` or `SCTP_SENDV_SPA` (a `struct sctp_sendv_spa`
/// whose `sendv_flags` say which members to send). `flags` are the
/// `sendmsg` flags (RFC 6458; libsctp ignores them).
///
/// # Returns
/// The byte count sent, or -1 with `errno` set: `EINVAL` for a negative
/// count, an address family other than `AF_INET`/`AF_INET6`, an unknown
/// `infotype` or an `infolen` too short for it (libsctp returns `-EINVAL`
/// there without setting `errno`).
///
/// # Safety
/// `iov` must hold `iovcnt` valid buffers; `addrs` NULL or `addrcnt` packed
/// addresses; `info` NULL or readable for `infolen` bytes.
#[unsafe(export_name = "lnp_rs_sctp_sendv")]
pub unsafe extern "C" fn sctp_sendv(
    s: c_int,
    iov: *const iovec,
    iovcnt: c_int,
    addrs: *mut sockaddr,
    addrcnt: c_int,
    info: *mut c_void,
    infolen: socklen_t,
    infotype: c_uint,
    flags: c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let n = match unsafe { sendv::sendv(s, iov, iovcnt, addrs, addrcnt, info, infolen, infotype, flags) } {
        Ok(n) => n as c_int,
        Err(e) => fail(&e, -1),
    };
    trace_call!(
        SCTP,
        "sctp_sendv",
        &n,
        [
            Int(s.into()),
            Ptr(iov.cast()),
            Int(iovcnt.into()),
            Ptr(addrs.cast()),
            Int(addrcnt.into()),
            Ptr(info),
            Int(infolen.into()),
            Int(infotype.into()),
            MsgFlags(flags)
        ]
    );
    n
}

/// Receive one SCTP message into several buffers with its RFC 6458 receive information (libsctp's sctp_recvv).
///
/// The sender goes to `from`/`*fromlen`; `*flags` gives the `recvmsg`
/// flags and receives the message's (`MSG_NOTIFICATION`, `MSG_EOR`, ...).
/// If `info`, `infolen` and `infotype` are all non-NULL, `*infotype` says
/// what was stored at `info`: a `struct sctp_rcvinfo` (`SCTP_RECVV_RCVINFO`,
/// socket option `SCTP_RECVRCVINFO` on), a `struct sctp_nxtinfo`
/// (`SCTP_RECVV_NXTINFO`, `SCTP_RECVNXTINFO` on), a `struct sctp_recvv_rn`
/// (`SCTP_RECVV_RN`, both) or nothing (`SCTP_RECVV_NOINFO`); `*infolen`
/// becomes the size stored, and is left alone when nothing is. What does not
/// fit in the incoming `*infolen` is not stored.
///
/// # Returns
/// The byte count, or -1 with `errno` set.
///
/// # Safety
/// `iov` must hold `iovlen` valid buffers; `from` NULL or writable for
/// `*fromlen` bytes; `info` writable for `*infolen` bytes; every other
/// pointer NULL or valid.
#[unsafe(export_name = "lnp_rs_sctp_recvv")]
pub unsafe extern "C" fn sctp_recvv(
    s: c_int,
    iov: *const iovec,
    iovlen: c_int,
    from: *mut sockaddr,
    fromlen: *mut socklen_t,
    info: *mut c_void,
    infolen: *mut socklen_t,
    infotype: *mut c_uint,
    flags: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let n = unsafe { recvv_core(s, iov, iovlen, from, fromlen, info, infolen, infotype, flags) };
    trace_call!(
        SCTP,
        "sctp_recvv",
        &n,
        [Int(s.into()), Out, Int(iovlen.into()), AddrOut(from, fromlen), Out, Out, Out, Out]
    );
    n
}

/// `sctp_recvv` without its trace line.
///
/// # Safety
/// As for `sctp_recvv`.
#[allow(clippy::too_many_arguments)] // libsctp's signature
unsafe fn recvv_core(
    s: c_int,
    iov: *const iovec,
    iovlen: c_int,
    from: *mut sockaddr,
    fromlen: *mut socklen_t,
    info: *mut c_void,
    infolen: *mut socklen_t,
    infotype: *mut c_uint,
    flags: *mut c_int,
) -> c_int {
    // SAFETY: NULL or valid, by contract.
    let (from, namelen) = match unsafe { fromlen.as_ref() } {
        Some(&len) if !from.is_null() => (from, len),
        _ => (ptr::null_mut(), 0),
    };
    // SAFETY: NULL or valid, by contract.
    let flags_in = unsafe { flags.as_ref() }.copied().unwrap_or(0);
    // SAFETY: forwarded from the caller.
    let got = match unsafe { sendv::recvv(s, iov, iovlen, from, namelen, flags_in) } {
        Ok(got) => got,
        Err(e) => return fail(&e, -1),
    };
    // SAFETY: non-NULL pointers are the caller's valid out-parameters.
    unsafe {
        if !fromlen.is_null() {
            *fromlen = got.received.fromlen;
        }
        if !flags.is_null() {
            *flags = got.received.flags;
        }
        if !info.is_null() && !infolen.is_null() && !infotype.is_null() {
            let (kind, stored) = store_info(info, *infolen as usize, got.rcvinfo, got.nxtinfo);
            *infotype = kind;
            if kind != SCTP_RECVV_NOINFO {
                *infolen = stored as socklen_t;
            }
        }
    }
    got.received.len as c_int
}

/// Store what fits of the receive information at `info` (room for `room`
/// bytes), in `struct sctp_recvv_rn` order, as libsctp does.
///
/// # Returns
/// The `SCTP_RECVV_*` type stored and its size.
///
/// # Safety
/// `info` must be writable for `room` bytes.
unsafe fn store_info(
    info: *mut c_void,
    room: usize,
    rcvinfo: Option<sctp_rcvinfo>,
    nxtinfo: Option<sctp_nxtinfo>,
) -> (c_uint, usize) {
    let rcv = size_of::<sctp_rcvinfo>();
    let nxt = size_of::<sctp_nxtinfo>();
    match (rcvinfo, nxtinfo) {
        (Some(r), n) if room >= rcv => {
            // SAFETY: `rcv` bytes fit (checked); unaligned, as the caller's buffer may be any bytes.
            unsafe { ptr::write_unaligned(info.cast::<sctp_rcvinfo>(), r) };
            match n {
                Some(n) if room >= rcv + nxt => {
                    // SAFETY: `rcv + nxt` bytes fit (checked).
                    unsafe { ptr::write_unaligned(info.cast::<u8>().add(rcv).cast::<sctp_nxtinfo>(), n) };
                    (SCTP_RECVV_RN, rcv + nxt)
                }
                _ => (SCTP_RECVV_RCVINFO, rcv),
            }
        }
        (None, Some(n)) if room >= nxt => {
            // SAFETY: `nxt` bytes fit (checked).
            unsafe { ptr::write_unaligned(info.cast::<sctp_nxtinfo>(), n) };
            (SCTP_RECVV_NXTINFO, nxt)
        }
        _ => (SCTP_RECVV_NOINFO, 0),
    }
}

/// Branch an association off into a new socket with SOCK_NONBLOCK and/or SOCK_CLOEXEC (libsctp's sctp_peeloff_flags).
///
/// `flags` 0 is `sctp_peeloff`; the kernel refuses flags other than
/// `SOCK_NONBLOCK` and `SOCK_CLOEXEC` with `EINVAL`.
///
/// # Returns
/// The new descriptor, or -1 with `errno` set.
#[unsafe(export_name = "lnp_rs_sctp_peeloff_flags")]
pub extern "C" fn sctp_peeloff_flags(sd: c_int, assoc_id: sctp_assoc_t, flags: c_uint) -> c_int {
    let fd = sctp::peeloff_flags(sd, assoc_id, flags).unwrap_or_else(|e| fail(&e, -1));
    trace_call!(SCTP, "sctp_peeloff_flags", &fd, [Int(sd.into()), Int(assoc_id.into()), Int(flags.into())]);
    fd
}

/// Get the size of the socket address of an address family (libsctp's sctp_getaddrlen).
///
/// # Returns
/// `sizeof(struct sockaddr_in)` for `AF_INET`, `sizeof(struct
/// sockaddr_in6)` for `AF_INET6`, otherwise -1 with `errno` set to
/// `EINVAL` (libsctp leaves `errno` alone).
#[unsafe(export_name = "lnp_rs_sctp_getaddrlen")]
pub extern "C" fn sctp_getaddrlen(family: sa_family_t) -> c_int {
    let len = match c_int::from(family) {
        libc::AF_INET => size_of::<libc::sockaddr_in>() as c_int,
        libc::AF_INET6 => size_of::<libc::sockaddr_in6>() as c_int,
        _ => fail(&io::Error::from_raw_os_error(libc::EINVAL), -1),
    };
    trace_call!(SCTP, "sctp_getaddrlen", &len, [Family(family.into())]);
    len
}
