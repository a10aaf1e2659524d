//! Multicast: joining and leaving groups (any-source and source-specific),
//! blocking sources, and the interface, loopback and TTL settings, for IPv4
//! and IPv6 alike (the library's `mcast_*` functions).
//!
//! [`leave`], [`leave_source_group`], [`block_source`] and [`unblock_source`]
//! name no interface, as in the book: for IPv6 that matches a join on any
//! interface; for IPv4 Linux takes the interface of the route to the group.
//!
//! ```
//! use lnp::{mcast, sock, SockAddr};
//! let fd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0)?;
//! mcast::set_ttl(&fd, 3)?;
//! assert_eq!(mcast::get_ttl(&fd)?, 3);
//! mcast::set_loop(&fd, false)?;
//! assert!(!mcast::get_loop(&fd)?);
//! # Ok::<(), std::io::Error>(())
//! ```

use std::ffi::CString;
use std::io;
use std::os::fd::{AsFd, AsRawFd};

use libc::{c_int, c_uint};

use crate::addr::SockAddr;
use crate::os::{self, cvt};
use crate::sys;

/// The interface for a join or for outgoing multicast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interface<'a> {
    /// Let the kernel choose (or reset the choice, for [`set_if`]).
    Any,
    /// The interface with this index.
    Index(u32),
    /// The interface with this name (`"lo"`, `"eth0"`, ...).
    Name(&'a str),
}

/// The `(ifname, ifindex)` pair the C functions take; the `CString` keeps the name alive.
fn c_interface(ifc: Interface<'_>) -> io::Result<(Option<CString>, c_uint)> {
    match ifc {
        Interface::Any => Ok((None, 0)),
        Interface::Index(i) => Ok((None, i)),
        Interface::Name(name) => {
            CString::new(name).map(|n| (Some(n), 0)).map_err(|_| io::Error::from_raw_os_error(libc::ENXIO))
        }
    }
}

fn unit(ret: c_int) -> io::Result<()> {
    cvt(ret).map(drop)
}

/// `mcast_join`: join the any-source group `grp` on `ifc`.
///
/// # Errors
/// `ENXIO` for an interface name with a NUL byte or unknown, `EINVAL` for an address that is not
/// multicast, or the `setsockopt(2)` error (`EADDRINUSE` if already joined, ...).
pub fn join(fd: impl AsFd, grp: &SockAddr, ifc: Interface<'_>) -> io::Result<()> {
    let (name, index) = c_interface(ifc)?;
    os::mcast_join(fd.as_fd(), grp, name.as_deref(), index)
}

/// `mcast_leave`: leave the any-source group `grp`.
///
/// # Errors
/// The `setsockopt(2)` error (`EADDRNOTAVAIL` if not joined, ...).
pub fn leave(fd: impl AsFd, grp: &SockAddr) -> io::Result<()> {
    os::mcast_leave(fd.as_fd(), grp)
}

/// `mcast_join_source_group`: receive `grp` only from `src`, on `ifc`.
///
/// # Errors
/// As for [`join`].
pub fn join_source_group(fd: impl AsFd, src: &SockAddr, grp: &SockAddr, ifc: Interface<'_>) -> io::Result<()> {
    let (name, index) = c_interface(ifc)?;
    os::mcast_join_source_group(fd.as_fd(), src, grp, name.as_deref(), index)
}

/// `mcast_leave_source_group`: leave the source-specific group (`src`, `grp`).
///
/// # Errors
/// As for [`leave`].
pub fn leave_source_group(fd: impl AsFd, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    os::mcast_leave_source_group(fd.as_fd(), src, grp)
}

/// `mcast_block_source`: stop receiving `grp` from `src` (after an any-source join).
///
/// # Errors
/// The `setsockopt(2)` error (`EADDRNOTAVAIL` without a join, ...).
pub fn block_source(fd: impl AsFd, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    os::mcast_block_source(fd.as_fd(), src, grp)
}

/// `mcast_unblock_source`: receive `grp` from `src` again.
///
/// # Errors
/// As for [`block_source`].
pub fn unblock_source(fd: impl AsFd, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    os::mcast_unblock_source(fd.as_fd(), src, grp)
}

/// `mcast_set_if`: the interface for outgoing multicast (`Interface::Any` resets it).
///
/// # Errors
/// `ENXIO` for an unknown interface name, or the `setsockopt(2)` error.
pub fn set_if(fd: impl AsFd, ifc: Interface<'_>) -> io::Result<()> {
    let (name, index) = c_interface(ifc)?;
    os::mcast_set_if(fd.as_fd(), name.as_deref(), index)
}

/// `mcast_get_if`: the index of the outgoing interface (0: none chosen).
///
/// # Errors
/// The `getsockopt(2)` error (`EAFNOSUPPORT` for a socket that is not IPv4 or IPv6).
pub fn get_if(fd: impl AsFd) -> io::Result<u32> {
    u32::try_from(cvt(sys::mcast::get_if_core(fd.as_fd().as_raw_fd()))?)
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

/// `mcast_set_loop`: whether this host receives its own multicast.
///
/// # Errors
/// The `setsockopt(2)` error.
pub fn set_loop(fd: impl AsFd, on: bool) -> io::Result<()> {
    unit(sys::mcast::set_loop_core(fd.as_fd().as_raw_fd(), c_int::from(on)))
}

/// `mcast_get_loop`.
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn get_loop(fd: impl AsFd) -> io::Result<bool> {
    Ok(cvt(sys::mcast::get_loop_core(fd.as_fd().as_raw_fd()))? != 0)
}

/// `mcast_set_ttl`: the TTL (IPv4) or hop limit (IPv6) of outgoing multicast.
///
/// # Errors
/// The `setsockopt(2)` error.
pub fn set_ttl(fd: impl AsFd, ttl: u8) -> io::Result<()> {
    unit(sys::mcast::set_ttl_core(fd.as_fd().as_raw_fd(), c_int::from(ttl)))
}

/// `mcast_get_ttl`.
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn get_ttl(fd: impl AsFd) -> io::Result<u8> {
    u8::try_from(cvt(sys::mcast::get_ttl_core(fd.as_fd().as_raw_fd()))?)
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}
