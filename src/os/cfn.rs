//! Safe signatures over the C functions of [`crate::sys`] that take pointers,
//! for the safe modules that share their code (`mcast`, `advio`): addresses
//! come as [`SockAddr`], names as `CStr`, buffers as slices.

use std::ffi::CStr;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::ptr;

use libc::{c_int, c_uint};

use super::cvt;
use super::sockaddr::SockAddr;
use crate::sys;

/// An interface name pointer for the C functions (NULL for none).
fn name_ptr(name: Option<&CStr>) -> *const libc::c_char {
    name.map_or(ptr::null(), CStr::as_ptr)
}

/// `mcast_join`.
pub(crate) fn mcast_join(fd: BorrowedFd<'_>, grp: &SockAddr, name: Option<&CStr>, index: c_uint) -> io::Result<()> {
    // SAFETY: the address is valid for its length; the name is NULL or a live C string.
    cvt(unsafe { sys::mcast_join(fd.as_raw_fd(), grp.as_ptr(), grp.len(), name_ptr(name), index) }).map(drop)
}

/// `mcast_leave`.
pub(crate) fn mcast_leave(fd: BorrowedFd<'_>, grp: &SockAddr) -> io::Result<()> {
    // SAFETY: the address is valid for its length.
    cvt(unsafe { sys::mcast_leave(fd.as_raw_fd(), grp.as_ptr(), grp.len()) }).map(drop)
}

/// `mcast_join_source_group`.
pub(crate) fn mcast_join_source_group(
    fd: BorrowedFd<'_>,
    src: &SockAddr,
    grp: &SockAddr,
    name: Option<&CStr>,
    index: c_uint,
) -> io::Result<()> {
    // SAFETY: the addresses are valid for their lengths; the name is NULL or a live C string.
    cvt(unsafe {
        sys::mcast_join_source_group(
            fd.as_raw_fd(),
            src.as_ptr(),
            src.len(),
            grp.as_ptr(),
            grp.len(),
            name_ptr(name),
            index,
        )
    })
    .map(drop)
}

/// `mcast_leave_source_group`.
pub(crate) fn mcast_leave_source_group(fd: BorrowedFd<'_>, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    // SAFETY: the addresses are valid for their lengths.
    cvt(unsafe { sys::mcast_leave_source_group(fd.as_raw_fd(), src.as_ptr(), src.len(), grp.as_ptr(), grp.len()) })
        .map(drop)
}

/// `mcast_block_source`.
pub(crate) fn mcast_block_source(fd: BorrowedFd<'_>, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    // SAFETY: the addresses are valid for their lengths.
    cvt(unsafe { sys::mcast_block_source(fd.as_raw_fd(), src.as_ptr(), src.len(), grp.as_ptr(), grp.len()) }).map(drop)
}

/// `mcast_unblock_source`.
pub(crate) fn mcast_unblock_source(fd: BorrowedFd<'_>, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    // SAFETY: the addresses are valid for their lengths.
    cvt(unsafe { sys::mcast_unblock_source(fd.as_raw_fd(), src.as_ptr(), src.len(), grp.as_ptr(), grp.len()) })
        .map(drop)
}

/// `mcast_set_if`.
pub(crate) fn mcast_set_if(fd: BorrowedFd<'_>, name: Option<&CStr>, index: c_uint) -> io::Result<()> {
    // SAFETY: the name is NULL or a live C string.
    cvt(unsafe { sys::mcast_set_if(fd.as_raw_fd(), name_ptr(name), index) }).map(drop)
}

/// What `recvfrom_flags` returns: the byte count, `msg_flags`, the sender and
/// the `IP_PKTINFO` destination and interface (0 when none came).
pub(crate) struct FlagsReceived {
    pub(crate) len: usize,
    pub(crate) flags: c_int,
    pub(crate) from: SockAddr,
    pub(crate) dst: u32,
    pub(crate) ifindex: c_uint,
}

/// `recvfrom_flags` into `buf`.
pub(crate) fn recvfrom_flags(fd: BorrowedFd<'_>, buf: &mut [u8], flags: c_int) -> io::Result<FlagsReceived> {
    let mut flags = flags;
    let mut from = SockAddr::empty();
    let mut len = SockAddr::capacity();
    let mut pkt = sys::lnp_in_pktinfo { ipi_addr: libc::in_addr { s_addr: 0 }, ipi_ifindex: 0 };
    // SAFETY: every pointer refers to a live local or to `buf` with its length.
    let n = cvt(unsafe {
        sys::recvfrom_flags(
            fd.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            &raw mut flags,
            from.as_mut_ptr(),
            &raw mut len,
            &raw mut pkt,
        )
    })?;
    from.set_len(len);
    Ok(FlagsReceived {
        len: usize::try_from(n).unwrap_or(0),
        flags,
        from,
        dst: u32::from_be(pkt.ipi_addr.s_addr),
        ifindex: c_uint::try_from(pkt.ipi_ifindex).unwrap_or(0),
    })
}
