//! Advanced I/O: `recvfrom_flags` (destination address and interface of a
//! datagram), the out-of-band heartbeat, and the Internet checksum.
//!
//! ```
//! // RFC 1071's example words 0001 f203 f4f5 f6f7 (in network byte order).
//! let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
//! assert_eq!(u16::from_be(lnp::advio::checksum(&data)), !0xddf2);
//! ```

use std::io;
use std::net::Ipv4Addr;
use std::os::fd::{AsFd, AsRawFd};
use std::time::Duration;

use libc::c_int;

use crate::addr::SockAddr;
use crate::os;
use crate::sys;

/// Where a datagram arrived, from an `IP_PKTINFO` / `IPV6_PKTINFO` control message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PktInfo {
    /// The datagram's destination IPv4 address (unspecified for a native IPv6 one).
    pub dst: Ipv4Addr,
    /// The index of the receiving interface.
    pub ifindex: u32,
}

/// One datagram received with [`recvfrom_flags`].
#[derive(Clone, Copy, Debug)]
pub struct Received {
    /// Bytes stored in the buffer.
    pub len: usize,
    /// `msg_flags` (`MSG_TRUNC`, `MSG_CTRUNC`, ...).
    pub flags: c_int,
    /// The sender's address.
    pub from: SockAddr,
    /// Destination and interface, if the socket enabled `IP_PKTINFO` (IPv4) or
    /// `IPV6_RECVPKTINFO` (IPv6) and the kernel sent them.
    pub pktinfo: Option<PktInfo>,
}

/// `recvfrom_flags`: receive one datagram with its flags and, when enabled,
/// its destination address and arrival interface.
///
/// As in the book, a control message other than the packet information ends
/// the process with `unknown ancillary data, len = ..., level = ..., type = ...`.
///
/// # Errors
/// The `recvmsg(2)` error.
pub fn recvfrom_flags(fd: impl AsFd, buf: &mut [u8], flags: c_int) -> io::Result<Received> {
    let got = os::recvfrom_flags(fd.as_fd(), buf, flags)?;
    let pktinfo = (got.ifindex != 0).then(|| PktInfo { dst: Ipv4Addr::from(got.dst), ifindex: got.ifindex });
    Ok(Received { len: got.len, flags: got.flags, from: got.from, pktinfo })
}

/// Whole seconds and a count, as the heartbeat functions take them.
fn beat(every: Duration, max_missed: u32) -> io::Result<(c_int, c_int)> {
    Ok((crate::sock::whole_secs(every)?, c_int::try_from(max_missed).unwrap_or(c_int::MAX)))
}

/// `heartbeat_cli`: probe the server over `fd` with an urgent byte every
/// `every` (whole seconds); after `max_missed` unanswered probes the library
/// prints `server is unreachable` and exits. Installs SIGURG and SIGALRM handlers.
///
/// # Errors
/// `InvalidInput` if `every` is not a whole number of seconds (`alarm` counts seconds).
pub fn heartbeat_cli(fd: impl AsFd, every: Duration, max_missed: u32) -> io::Result<()> {
    let (nsec, max) = beat(every, max_missed)?;
    sys::heartbeat::heartbeat_cli_core(fd.as_fd().as_raw_fd(), nsec, max);
    Ok(())
}

/// `heartbeat_serv`: answer the client's urgent probes on `fd`; after
/// `max_missed` silent periods of `every` the library prints `no probes from
/// client` and exits. Installs SIGURG and SIGALRM handlers.
///
/// # Errors
/// As for [`heartbeat_cli`].
pub fn heartbeat_serv(fd: impl AsFd, every: Duration, max_missed: u32) -> io::Result<()> {
    let (nsec, max) = beat(every, max_missed)?;
    sys::heartbeat::heartbeat_serv_core(fd.as_fd().as_raw_fd(), nsec, max);
    Ok(())
}

/// `in_cksum`: the Internet checksum (RFC 1071) of `data`, in the byte order
/// of the words as they lie in memory, ready to store in a header field.
#[must_use]
pub fn checksum(data: &[u8]) -> u16 {
    sys::internet_checksum(data)
}
