//! Safe signatures over the C functions of [`crate::sys`] that take pointers,
//! for the safe modules that share their code (`advio`): addresses come as
//! [`SockAddr`], buffers as slices.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

use libc::{c_int, c_uint};

use super::cvt;
use super::sockaddr::SockAddr;
use crate::sys;

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
