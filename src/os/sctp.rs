//! The SCTP calls of `crate::sctp_api`, behind safe signatures over the
//! library's lksctp-compatible C functions.

use std::io;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::ptr;

use libc::c_int;

use super::cvt;
use super::sockaddr::SockAddr;
use crate::sctp::kernel::{sctp_assoc_t, sctp_event_subscribe, sctp_initmsg, sctp_sndrcvinfo};
use crate::sys;

/// Kernel structures for which all-zero bytes are a valid value.
pub(crate) trait Zeroable: Copy {
    /// The all-zero value.
    fn zeroed() -> Self {
        // SAFETY: implemented only for plain C structures of integers.
        unsafe { mem::zeroed() }
    }
}
impl Zeroable for sctp_sndrcvinfo {}
impl Zeroable for sctp_event_subscribe {}
impl Zeroable for sctp_initmsg {}

/// `sctp_sendmsg`'s trailing arguments: ppid, flags, stream, time to live, context.
pub(crate) type SendArgs = (u32, u32, u16, u32, u32);

/// `sctp_sendmsg`: the bytes sent.
pub(crate) fn sendmsg(fd: BorrowedFd<'_>, msg: &[u8], to: Option<&SockAddr>, args: SendArgs) -> io::Result<usize> {
    let mut to = to.copied();
    let (top, tolen) = match to.as_mut() {
        Some(a) => (a.as_mut_ptr(), a.len()),
        None => (ptr::null_mut(), 0),
    };
    let (ppid, flags, stream, ttl, context) = args;
    // SAFETY: `msg` is valid for its length; `top` is NULL or a copy valid for `tolen` bytes.
    let n = cvt(unsafe {
        sys::sctp_sendmsg(fd.as_raw_fd(), msg.as_ptr().cast(), msg.len(), top, tolen, ppid, flags, stream, ttl, context)
    })?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// `sctp_recvmsg`: the byte count, the sender, the `sctp_sndrcvinfo` and `msg_flags`.
pub(crate) fn recvmsg(fd: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<(usize, SockAddr, sctp_sndrcvinfo, c_int)> {
    let mut from = SockAddr::empty();
    let mut fromlen = SockAddr::capacity();
    let mut sinfo = sctp_sndrcvinfo::zeroed();
    let mut flags: c_int = 0;
    // SAFETY: every pointer refers to `buf` (with its length) or to a live local.
    let n = cvt(unsafe {
        sys::sctp_recvmsg(
            fd.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            from.as_mut_ptr(),
            &raw mut fromlen,
            &raw mut sinfo,
            &raw mut flags,
        )
    })?;
    from.set_len(fromlen);
    Ok((usize::try_from(n).unwrap_or(0), from, sinfo, flags))
}

/// `setsockopt(fd, IPPROTO_SCTP, opt, value)`.
pub(crate) fn set_option<T: Zeroable>(fd: BorrowedFd<'_>, opt: c_int, value: &T) -> io::Result<()> {
    let len = super::socklen_of::<T>();
    // SAFETY: `value` is a live plain structure of `len` bytes.
    cvt(unsafe { libc::setsockopt(fd.as_raw_fd(), libc::IPPROTO_SCTP, opt, ptr::from_ref(value).cast(), len) })
        .map(drop)
}

/// `sctp_bindx` over `count` addresses packed in `list`.
pub(crate) fn bindx(fd: BorrowedFd<'_>, list: &mut [u8], count: c_int, flags: c_int) -> io::Result<()> {
    // SAFETY: `list` holds `count` packed addresses (the library reads them by their families).
    cvt(unsafe { sys::sctp_bindx(fd.as_raw_fd(), list.as_mut_ptr().cast(), count, flags) }).map(drop)
}

/// `sctp_connectx` over `count` addresses packed in `list`: the association id.
pub(crate) fn connectx(fd: BorrowedFd<'_>, list: &mut [u8], count: c_int) -> io::Result<sctp_assoc_t> {
    let mut id: sctp_assoc_t = 0;
    // SAFETY: `list` holds `count` packed addresses; `id` is a valid out-pointer.
    cvt(unsafe { sys::sctp_connectx(fd.as_raw_fd(), list.as_mut_ptr().cast(), count, &raw mut id) })?;
    Ok(id)
}

/// `sctp_peeloff`: the new one-to-one socket.
pub(crate) fn peeloff(fd: BorrowedFd<'_>, assoc_id: sctp_assoc_t) -> io::Result<OwnedFd> {
    let new = cvt(sys::sctp_peeloff(fd.as_raw_fd(), assoc_id))?;
    // SAFETY: a fresh descriptor that nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// `sctp_address_to_associd` (0 if unknown).
pub(crate) fn address_to_associd(fd: BorrowedFd<'_>, peer: &SockAddr) -> sctp_assoc_t {
    let mut peer = *peer;
    let len = peer.len();
    // SAFETY: the copy is valid for `len` bytes.
    unsafe { sys::sctp_address_to_associd(fd.as_raw_fd(), peer.as_mut_ptr(), len) }
}

/// `sctp_get_no_strms` (exits with the book's message if `getsockopt` fails).
pub(crate) fn get_no_strms(fd: BorrowedFd<'_>, peer: &SockAddr) -> c_int {
    let mut peer = *peer;
    let len = peer.len();
    // SAFETY: the copy is valid for `len` bytes.
    unsafe { sys::sctp_get_no_strms(fd.as_raw_fd(), peer.as_mut_ptr(), len) }
}

type GetAddrs = unsafe extern "C" fn(c_int, sctp_assoc_t, *mut *mut libc::sockaddr) -> c_int;
type FreeAddrs = unsafe extern "C" fn(*mut libc::sockaddr) -> c_int;

/// The addresses `get` returns (packed, each as long as its family says), freed with `free`.
fn addr_list(fd: BorrowedFd<'_>, id: sctp_assoc_t, get: GetAddrs, free: FreeAddrs) -> io::Result<Vec<SockAddr>> {
    let mut list: *mut libc::sockaddr = ptr::null_mut();
    // SAFETY: `list` is a valid out-pointer.
    let n = cvt(unsafe { get(fd.as_raw_fd(), id, &raw mut list) })?;
    let mut out = Vec::new();
    let mut p = list.cast::<u8>().cast_const();
    for _ in 0..n {
        // SAFETY: the library returned `n` packed addresses; the family says each one's size.
        let family = c_int::from(unsafe { ptr::read_unaligned(p.cast::<libc::sa_family_t>()) });
        let size = match family {
            libc::AF_INET => super::socklen_of::<libc::sockaddr_in>(),
            libc::AF_INET6 => super::socklen_of::<libc::sockaddr_in6>(),
            _ => break,
        };
        // SAFETY: `size` bytes of this address are in the list.
        out.push(unsafe { SockAddr::from_raw(p.cast(), size) });
        // SAFETY: stays within the list (or one past its end).
        p = unsafe { p.add(size as usize) };
    }
    if !list.is_null() {
        // SAFETY: the list came from the matching get function.
        unsafe { free(list) };
    }
    Ok(out)
}

/// `sctp_getpaddrs`.
pub(crate) fn getpaddrs(fd: BorrowedFd<'_>, id: sctp_assoc_t) -> io::Result<Vec<SockAddr>> {
    addr_list(fd, id, sys::sctp_getpaddrs, sys::sctp_freepaddrs)
}

/// `sctp_getladdrs`.
pub(crate) fn getladdrs(fd: BorrowedFd<'_>, id: sctp_assoc_t) -> io::Result<Vec<SockAddr>> {
    addr_list(fd, id, sys::sctp_getladdrs, sys::sctp_freeladdrs)
}

/// `sctpstr_cli(stdin, fd, to)`.
pub(crate) fn sctpstr_cli(fd: BorrowedFd<'_>, to: &SockAddr) {
    let mut to = *to;
    let len = to.len();
    // SAFETY: glibc's stdin stream; the copy is valid for `len` bytes.
    unsafe { sys::sctpstr_cli(super::c_stdin(), fd.as_raw_fd(), to.as_mut_ptr(), len) }
}

/// `sctpstr_cli_echoall(stdin, fd, to)`.
pub(crate) fn sctpstr_cli_echoall(fd: BorrowedFd<'_>, to: &SockAddr) {
    let mut to = *to;
    let len = to.len();
    // SAFETY: glibc's stdin stream; the copy is valid for `len` bytes.
    unsafe { sys::sctpstr_cli_echoall(super::c_stdin(), fd.as_raw_fd(), to.as_mut_ptr(), len) }
}
