//! SCTP, natively (no libsctp): one-to-many and one-to-one sockets, messages
//! with stream numbers, multihoming, peel-off, and the helpers of the book's
//! chapter 10 programs. Every function calls the library's lksctp-compatible
//! C function of the same name (`sctp_sendmsg`, `sctp_recvmsg`, ...).
//!
//! The kernel must have SCTP: elsewhere [`socket`] fails with
//! `ESOCKTNOSUPPORT` (one-to-many) or `EPROTONOSUPPORT` (one-to-one).
//!
//! ```no_run
//! use lnp::{sctp_api as sctp, OrDie};
//! let fd = sctp::socket(libc::AF_INET, libc::SOCK_SEQPACKET).or_die("socket error");
//! sctp::subscribe_data_io_events(&fd).or_die("setsockopt error");
//! let mut buf = [0u8; 1024];
//! let msg = sctp::recvmsg(&fd, &mut buf).or_die("sctp_recvmsg error");
//! println!("{} bytes on stream {} from {}", msg.len, msg.sinfo.sinfo_stream, msg.from);
//! ```

use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsFd, OwnedFd};

use libc::c_int;

use crate::addr::SockAddr;
use crate::os::{self, Zeroable};
use crate::sctp::kernel;

pub use crate::sctp::kernel::{sctp_assoc_t, sctp_event_subscribe, sctp_initmsg, sctp_sndrcvinfo};

/// `MSG_NOTIFICATION` (0x8000): the message is an SCTP event notification, not data.
/// (Private so that cbindgen keeps it out of lnp.h.)
const MSG_NOTIFICATION: c_int = 0x8000;

/// A constant of `<linux/sctp.h>` (bindgen makes them `u32`) as the `int` the calls take.
#[allow(clippy::cast_possible_wrap)] // the option numbers and flags are small positive values
const fn kernel_int(value: u32) -> c_int {
    value as c_int
}

/// `socket(family, type, IPPROTO_SCTP)`: `SOCK_SEQPACKET` for one-to-many,
/// `SOCK_STREAM` for one-to-one.
///
/// # Errors
/// `ESOCKTNOSUPPORT` or `EPROTONOSUPPORT` on a kernel without SCTP, or another `socket(2)` error.
pub fn socket(family: c_int, r#type: c_int) -> io::Result<OwnedFd> {
    crate::sock::socket(family, r#type, libc::IPPROTO_SCTP)
}

/// Options of one outgoing message (the trailing arguments of `sctp_sendmsg`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SendOptions {
    /// Payload protocol identifier (passed unchanged).
    pub ppid: u32,
    /// `SCTP_UNORDERED`, `SCTP_EOF`, `SCTP_ABORT`, `SCTP_ADDR_OVER`, ...
    pub flags: u32,
    /// The stream number.
    pub stream: u16,
    /// Lifetime in milliseconds (0: no limit).
    pub timetolive: u32,
    /// Returned in a send-failure notification.
    pub context: u32,
}

impl SendOptions {
    /// Default options on stream `stream`.
    #[must_use]
    pub fn stream(stream: u16) -> SendOptions {
        SendOptions { stream, ..SendOptions::default() }
    }
}

/// `sctp_sendmsg`: send `msg` to `to` (None on a connected one-to-one socket).
///
/// With `SCTP_EOF` (the book's `MSG_EOF`) in `opts.flags` and data, it sends
/// the data and then an empty EOF message, as the book's `Sctp_sendmsg` (and
/// BSD's single call) does: Linux refuses data with `SCTP_EOF`. If the
/// association is already gone when the EOF follows (the peer closed it on
/// receiving the data), that is success.
///
/// # Returns
/// The bytes sent.
///
/// # Errors
/// The `sendmsg(2)` error.
pub fn sendmsg(fd: impl AsFd, msg: &[u8], to: Option<&SockAddr>, opts: SendOptions) -> io::Result<usize> {
    let fd = fd.as_fd();
    let eof_after = opts.flags & kernel::SCTP_EOF != 0 && !msg.is_empty();
    let first = if eof_after { opts.flags & !kernel::SCTP_EOF } else { opts.flags };
    let n = os::sendmsg(fd, msg, to, (opts.ppid, first, opts.stream, opts.timetolive, opts.context))?;
    if eof_after {
        if let Err(e) = os::sendmsg(fd, &[], to, (opts.ppid, opts.flags, opts.stream, opts.timetolive, opts.context)) {
            // EINVAL with no association left for `to`: closed, as SCTP_EOF asked.
            let gone =
                e.raw_os_error() == Some(libc::EINVAL) && to.is_some_and(|to| address_to_associd(fd, to).is_none());
            if !gone {
                return Err(e);
            }
        }
    }
    Ok(n)
}

/// One message received with [`recvmsg`].
#[derive(Clone, Copy)]
pub struct Message {
    /// Bytes stored in the buffer.
    pub len: usize,
    /// The sender's address.
    pub from: SockAddr,
    /// Stream, ppid, association id, ... (filled when the socket subscribed to
    /// data I/O events, see [`subscribe_data_io_events`]).
    pub sinfo: sctp_sndrcvinfo,
    /// `msg_flags`: `MSG_NOTIFICATION` (0x8000, see [`Message::is_notification`]), `MSG_EOR`, ...
    pub flags: c_int,
}

impl Message {
    /// True if this is an event notification rather than user data.
    #[must_use]
    pub fn is_notification(&self) -> bool {
        self.flags & MSG_NOTIFICATION != 0
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("len", &self.len)
            .field("from", &self.from)
            .field("stream", &self.sinfo.sinfo_stream)
            .field("assoc_id", &self.sinfo.sinfo_assoc_id)
            .field("flags", &self.flags)
            .finish()
    }
}

/// `sctp_recvmsg`: receive one message (or notification) into `buf`.
///
/// # Errors
/// The `recvmsg(2)` error.
pub fn recvmsg(fd: impl AsFd, buf: &mut [u8]) -> io::Result<Message> {
    let (len, from, sinfo, flags) = os::recvmsg(fd.as_fd(), buf)?;
    Ok(Message { len, from, sinfo, flags })
}

/// Subscribe to the `sctp_sndrcvinfo` of every received message (`SCTP_EVENTS`
/// with `sctp_data_io_event = 1`), as the book's programs do first.
///
/// # Errors
/// The `setsockopt(2)` error.
pub fn subscribe_data_io_events(fd: impl AsFd) -> io::Result<()> {
    let mut events = sctp_event_subscribe::zeroed();
    events.sctp_data_io_event = 1;
    set_option(fd, kernel_int(crate::sctp::kernel::SCTP_EVENTS), &events)
}

/// Ask for `ostreams` outbound streams on new associations (`SCTP_INITMSG`).
///
/// # Errors
/// The `setsockopt(2)` error.
pub fn set_outbound_streams(fd: impl AsFd, ostreams: u16) -> io::Result<()> {
    let mut init = sctp_initmsg::zeroed();
    init.sinit_num_ostreams = ostreams;
    set_option(fd, kernel_int(crate::sctp::kernel::SCTP_INITMSG), &init)
}

fn set_option<T: Zeroable>(fd: impl AsFd, opt: c_int, value: &T) -> io::Result<()> {
    os::set_option(fd.as_fd(), opt, value)
}

/// Pack addresses back to back (16 bytes per IPv4, 28 per IPv6), as
/// `sctp_bindx` and `sctp_connectx` want them.
fn packed(addrs: &[SocketAddr]) -> Vec<u8> {
    let mut out = Vec::new();
    for &a in addrs {
        out.extend_from_slice(SockAddr::from(a).as_bytes());
    }
    out
}

/// What [`bindx`] does with the addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bindx {
    /// `SCTP_BINDX_ADD_ADDR`: bind these addresses too.
    Add,
    /// `SCTP_BINDX_REM_ADDR`: stop using these addresses.
    Remove,
}

/// `sctp_bindx`: add or remove local addresses of a socket (multihoming).
///
/// # Errors
/// `EINVAL` for an empty or too long list, or the `setsockopt(2)` error.
pub fn bindx(fd: impl AsFd, addrs: &[SocketAddr], op: Bindx) -> io::Result<()> {
    let flags = match op {
        Bindx::Add => kernel_int(crate::sctp::kernel::SCTP_BINDX_ADD_ADDR),
        Bindx::Remove => kernel_int(crate::sctp::kernel::SCTP_BINDX_REM_ADDR),
    };
    let mut list = packed(addrs);
    let count = c_int::try_from(addrs.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    os::bindx(fd.as_fd(), &mut list, count, flags)
}

/// `sctp_connectx`: set up an association with a peer known by several addresses.
///
/// # Returns
/// The association id.
///
/// # Errors
/// `EINVAL` for an empty or too long list, or the `setsockopt(2)`/`connect` error.
pub fn connectx(fd: impl AsFd, addrs: &[SocketAddr]) -> io::Result<sctp_assoc_t> {
    let mut list = packed(addrs);
    let count = c_int::try_from(addrs.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    os::connectx(fd.as_fd(), &mut list, count)
}

/// `sctp_peeloff`: branch association `assoc_id` off into its own one-to-one socket.
///
/// # Errors
/// The `getsockopt(SCTP_SOCKOPT_PEELOFF)` error (`EINVAL` for an unknown association, ...).
pub fn peeloff(fd: impl AsFd, assoc_id: sctp_assoc_t) -> io::Result<OwnedFd> {
    os::peeloff(fd.as_fd(), assoc_id)
}

/// `sctp_address_to_associd`: the association whose peer has address `peer` (None if unknown).
pub fn address_to_associd(fd: impl AsFd, peer: &SockAddr) -> Option<sctp_assoc_t> {
    let id = os::address_to_associd(fd.as_fd(), peer);
    (id != 0).then_some(id)
}

/// `sctp_get_no_strms`: the number of outbound streams of the association
/// with `peer`. As in the book, a failing `getsockopt` prints `getsockopt
/// error: ...` and exits.
pub fn get_no_strms(fd: impl AsFd, peer: &SockAddr) -> u16 {
    u16::try_from(os::get_no_strms(fd.as_fd(), peer)).unwrap_or(0)
}

/// `sctp_getpaddrs`: the peer's addresses of association `id` (0 on a one-to-one socket).
///
/// # Errors
/// The `getsockopt(2)` error (`ENOTCONN`, `EINVAL` for an unknown association, ...).
pub fn getpaddrs(fd: impl AsFd, id: sctp_assoc_t) -> io::Result<Vec<SockAddr>> {
    os::getpaddrs(fd.as_fd(), id)
}

/// `sctp_getladdrs`: the local addresses of association `id` (0: all bound addresses).
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn getladdrs(fd: impl AsFd, id: sctp_assoc_t) -> io::Result<Vec<SockAddr>> {
    os::getladdrs(fd.as_fd(), id)
}

/// `sctpstr_cli(stdin, fd, to)`: send each line `[stream]text` of standard
/// input on that stream and print the echo (book Figure 10.4).
pub fn str_cli(fd: impl AsFd, to: &SockAddr) {
    os::sctpstr_cli(fd.as_fd(), to);
}

/// `sctpstr_cli_echoall(stdin, fd, to)`: send each line of standard input on
/// every stream and print the echoes (book Figure 10.7).
pub fn str_cli_echoall(fd: impl AsFd, to: &SockAddr) {
    os::sctpstr_cli_echoall(fd.as_fd(), to);
}
