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
use std::os::fd::{AsFd, BorrowedFd};

use libc::{c_int, c_uint};

use crate::addr::SockAddr;
use crate::os;

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
    out_interface(fd.as_fd())
}

/// `mcast_set_loop`: whether this host receives its own multicast.
///
/// # Errors
/// The `setsockopt(2)` error.
pub fn set_loop(fd: impl AsFd, on: bool) -> io::Result<()> {
    set_loop_flag(fd.as_fd(), c_int::from(on))
}

/// `mcast_get_loop`.
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn get_loop(fd: impl AsFd) -> io::Result<bool> {
    Ok(loop_flag(fd.as_fd())? != 0)
}

/// `mcast_set_ttl`: the TTL (IPv4) or hop limit (IPv6) of outgoing multicast.
///
/// # Errors
/// The `setsockopt(2)` error.
pub fn set_ttl(fd: impl AsFd, ttl: u8) -> io::Result<()> {
    set_hops(fd.as_fd(), c_int::from(ttl))
}

/// `mcast_get_ttl`.
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn get_ttl(fd: impl AsFd) -> io::Result<u8> {
    u8::try_from(hops(fd.as_fd())?).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

// The cores of the interface, loopback and TTL functions, shared with the C
// `mcast_get_if`, `mcast_get_loop`, ... (crate::sys::mcast): they take the C
// values (any int), which the functions above narrow to Rust types.

/// The IP version of a socket's multicast options, `AF_INET` or `AF_INET6`;
/// `EAFNOSUPPORT` for any other socket and for a descriptor that is not a socket, as in libunp.
fn ip_family(fd: BorrowedFd<'_>) -> io::Result<c_int> {
    match os::getsockname(fd).map(|addr| addr.family()) {
        Ok(family @ (libc::AF_INET | libc::AF_INET6)) => Ok(family),
        _ => Err(io::Error::from_raw_os_error(libc::EAFNOSUPPORT)),
    }
}

/// The outgoing multicast interface as an index, 0 when none is chosen.
///
/// IPv6 reads `IPV6_MULTICAST_IF`. For IPv4 Linux reports the interface's
/// *address*: 0.0.0.0 (nothing chosen, or chosen by index alone) gives 0,
/// another the index of the interface that owns it (`EADDRNOTAVAIL` if none does).
pub(crate) fn out_interface(fd: BorrowedFd<'_>) -> io::Result<u32> {
    if ip_family(fd)? == libc::AF_INET6 {
        return os::getsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF, 0 as c_uint);
    }
    let addr = os::getsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_IF, libc::in_addr { s_addr: 0 })?;
    if addr.s_addr == libc::INADDR_ANY {
        return Ok(0);
    }
    let owns = |node: &os::ifaddrs::Node<'_>| {
        let sin = node.addr.filter(|a| a.family() == libc::AF_INET)?;
        // sin_addr: bytes 4..8 of a sockaddr_in, in network order like s_addr.
        sin.as_bytes().get(4..8).map(|b| b == addr.s_addr.to_ne_bytes())
    };
    let owner = os::ifaddrs::IfAddrs::new()?
        .iter()
        .find(|node| owns(node) == Some(true))
        .map(|node| os::ifaddrs::index(node.name));
    match owner {
        Some(index) if index > 0 => Ok(index),
        _ => Err(io::Error::from_raw_os_error(libc::EADDRNOTAVAIL)),
    }
}

/// `value` as C converts it to a `u_char`: its low byte.
fn low_byte(value: c_int) -> u8 {
    value.to_le_bytes()[0]
}

/// The multicast loopback flag, `IP_MULTICAST_LOOP` (a `u_char`) or `IPV6_MULTICAST_LOOP` (a `u_int`).
pub(crate) fn loop_flag(fd: BorrowedFd<'_>) -> io::Result<c_int> {
    if ip_family(fd)? == libc::AF_INET {
        os::getsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP, 0u8).map(c_int::from)
    } else {
        os::getsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP, 0 as c_uint)
            .map(|v| c_int::from_ne_bytes(v.to_ne_bytes()))
    }
}

/// Set the multicast loopback flag (the IPv4 option takes `onoff` as a `u_char`, the IPv6 one as a `u_int`).
pub(crate) fn set_loop_flag(fd: BorrowedFd<'_>, onoff: c_int) -> io::Result<()> {
    if ip_family(fd)? == libc::AF_INET {
        os::setsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP, &low_byte(onoff))
    } else {
        os::setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP, &c_uint::from_ne_bytes(onoff.to_ne_bytes()))
    }
}

/// The multicast TTL, `IP_MULTICAST_TTL` (a `u_char`), or hop limit, `IPV6_MULTICAST_HOPS` (an `int`).
pub(crate) fn hops(fd: BorrowedFd<'_>) -> io::Result<c_int> {
    if ip_family(fd)? == libc::AF_INET {
        os::getsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_TTL, 0u8).map(c_int::from)
    } else {
        os::getsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS, 0 as c_int)
    }
}

/// Set the multicast TTL (IPv4, as a `u_char`) or hop limit (IPv6, an `int`: -1 is the route's default).
pub(crate) fn set_hops(fd: BorrowedFd<'_>, val: c_int) -> io::Result<()> {
    if ip_family(fd)? == libc::AF_INET {
        os::setsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_TTL, &low_byte(val))
    } else {
        os::setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS, &val)
    }
}
