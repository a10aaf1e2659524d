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

/// The `(ifname, ifindex)` pair the C functions take; a name with a NUL byte is `ENXIO`,
/// as no interface has it.
fn c_interface(ifc: Interface<'_>) -> io::Result<(Option<&[u8]>, u32)> {
    match ifc {
        Interface::Any => Ok((None, 0)),
        Interface::Index(i) => Ok((None, i)),
        Interface::Name(name) if name.contains('\0') => Err(io::Error::from_raw_os_error(libc::ENXIO)),
        Interface::Name(name) => Ok((Some(name.as_bytes()), 0)),
    }
}

/// `mcast_join`: join the any-source group `grp` on `ifc`.
///
/// # Errors
/// `ENXIO` for an interface name with a NUL byte or unknown, `EINVAL` for an address that is not
/// multicast, or the `setsockopt(2)` error (`EADDRINUSE` if already joined, ...).
pub fn join(fd: impl AsFd, grp: &SockAddr, ifc: Interface<'_>) -> io::Result<()> {
    let (name, index) = c_interface(ifc)?;
    group_op(fd.as_fd(), grp, join_index(name, index)?, true)
}

/// `mcast_leave`: leave the any-source group `grp`.
///
/// # Errors
/// The `setsockopt(2)` error (`EADDRNOTAVAIL` if not joined, ...).
pub fn leave(fd: impl AsFd, grp: &SockAddr) -> io::Result<()> {
    group_op(fd.as_fd(), grp, 0, false)
}

/// `mcast_join_source_group`: receive `grp` only from `src`, on `ifc`.
///
/// # Errors
/// As for [`join`].
pub fn join_source_group(fd: impl AsFd, src: &SockAddr, grp: &SockAddr, ifc: Interface<'_>) -> io::Result<()> {
    let (name, index) = c_interface(ifc)?;
    source_op(fd.as_fd(), libc::MCAST_JOIN_SOURCE_GROUP, src, grp, join_index(name, index)?)
}

/// `mcast_leave_source_group`: leave the source-specific group (`src`, `grp`).
///
/// # Errors
/// As for [`leave`].
pub fn leave_source_group(fd: impl AsFd, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    source_op(fd.as_fd(), libc::MCAST_LEAVE_SOURCE_GROUP, src, grp, 0)
}

/// `mcast_block_source`: stop receiving `grp` from `src` (after an any-source join).
///
/// # Errors
/// The `setsockopt(2)` error (`EADDRNOTAVAIL` without a join, ...).
pub fn block_source(fd: impl AsFd, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    source_op(fd.as_fd(), libc::MCAST_BLOCK_SOURCE, src, grp, 0)
}

/// `mcast_unblock_source`: receive `grp` from `src` again.
///
/// # Errors
/// As for [`block_source`].
pub fn unblock_source(fd: impl AsFd, src: &SockAddr, grp: &SockAddr) -> io::Result<()> {
    source_op(fd.as_fd(), libc::MCAST_UNBLOCK_SOURCE, src, grp, 0)
}

/// `mcast_set_if`: the interface for outgoing multicast (`Interface::Any` resets it).
///
/// # Errors
/// `ENXIO` for an unknown interface name, or the `setsockopt(2)` error.
pub fn set_if(fd: impl AsFd, ifc: Interface<'_>) -> io::Result<()> {
    let (name, index) = c_interface(ifc)?;
    set_out_interface(fd.as_fd(), name, index)
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

// The cores, shared with the C `mcast_join`, `mcast_get_loop`, ...
// (crate::sys::mcast): they take the C values (any int, an interface name as
// bytes), which the functions above make from Rust types.

/// The interface index to join on: `index` if non-zero, else the index of
/// `name` (`ENXIO` if there is no such interface), else 0 (the kernel chooses).
pub(crate) fn join_index(name: Option<&[u8]>, index: u32) -> io::Result<u32> {
    match (index, name) {
        (0, None) => Ok(0),
        (0, Some(name)) => match os::ifaddrs::index(name) {
            0 => Err(io::Error::from_raw_os_error(libc::ENXIO)),
            found => Ok(found),
        },
        (index, _) => Ok(index),
    }
}

/// The option level of the group's family; -1 for another family, which the
/// kernel then refuses, as in libunp.
fn group_level(group: &SockAddr) -> c_int {
    crate::sock::option_level(group.family()).unwrap_or(-1)
}

/// `MCAST_JOIN_GROUP` (`join`) or `MCAST_LEAVE_GROUP` of `group` on interface `index`.
pub(crate) fn group_op(fd: BorrowedFd<'_>, group: &SockAddr, index: u32, join: bool) -> io::Result<()> {
    let name = if join { libc::MCAST_JOIN_GROUP } else { libc::MCAST_LEAVE_GROUP };
    os::setsockopt(fd, group_level(group), name, &os::group_req(index, group))
}

/// A `group_source_req` option (`MCAST_JOIN_SOURCE_GROUP`, `MCAST_LEAVE_SOURCE_GROUP`,
/// `MCAST_BLOCK_SOURCE`, `MCAST_UNBLOCK_SOURCE`) for `source` in `group`.
pub(crate) fn source_op(
    fd: BorrowedFd<'_>,
    name: c_int,
    source: &SockAddr,
    group: &SockAddr,
    index: u32,
) -> io::Result<()> {
    os::setsockopt(fd, group_level(group), name, &os::group_source_req(index, source, group))
}

/// Choose the outgoing multicast interface: by index, else by name, else
/// (IPv4 only) reset it to "kernel chooses". IPv4 sets `IP_MULTICAST_IF` to
/// the interface's address (`ENXIO` for an unknown index, `SIOCGIFADDR`'s
/// error for a name), IPv6 `IPV6_MULTICAST_IF` to its index (`ENXIO` for an
/// unknown name, `EINVAL` with neither).
pub(crate) fn set_out_interface(fd: BorrowedFd<'_>, name: Option<&[u8]>, index: u32) -> io::Result<()> {
    let enxio = || io::Error::from_raw_os_error(libc::ENXIO);
    if ip_family(fd)? == libc::AF_INET6 {
        let index = match (index, name) {
            (0, None) => return Err(io::Error::from_raw_os_error(libc::EINVAL)),
            (0, Some(name)) => Some(os::ifaddrs::index(name)).filter(|&i| i > 0).ok_or_else(enxio)?,
            (index, _) => index,
        };
        return os::setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF, &index);
    }
    let addr = match (index, name) {
        (0, None) => libc::in_addr { s_addr: libc::INADDR_ANY },
        (0, Some(name)) => os::ifaddrs::ipv4_addr(fd, name)?,
        (index, _) => os::ifaddrs::ipv4_addr_by_index(fd, index)?,
    };
    os::setsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_IF, &addr)
}

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
