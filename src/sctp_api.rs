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
use std::mem;
use std::net::SocketAddr;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::ptr;

use libc::{c_int, socklen_t};

use crate::addr::SockAddr;
use crate::os::cvt;
use crate::sys;

pub use crate::sctp::kernel::{sctp_assoc_t, sctp_event_subscribe, sctp_initmsg, sctp_sndrcvinfo};

/// `MSG_NOTIFICATION` (0x8000): the message is an SCTP event notification, not data.
/// (Private so that cbindgen keeps it out of lnp.h.)
const MSG_NOTIFICATION: c_int = 0x8000;

/// `socket(family, type, IPPROTO_SCTP)`: `SOCK_SEQPACKET` for one-to-many,
/// `SOCK_STREAM` for one-to-one.
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
    pub fn stream(stream: u16) -> SendOptions {
        SendOptions { stream, ..SendOptions::default() }
    }
}

/// `sctp_sendmsg`: send `msg` to `to` (None on a connected one-to-one socket).
///
/// # Returns
/// The bytes sent.
pub fn sendmsg(fd: impl AsFd, msg: &[u8], to: Option<&SockAddr>, opts: SendOptions) -> io::Result<usize> {
    let mut to = to.copied();
    let (top, tolen) = match to.as_mut() {
        Some(a) => (a.as_mut_ptr(), a.len()),
        None => (ptr::null_mut(), 0),
    };
    // SAFETY: `msg` is valid for its length; `top` is NULL or a copy valid for `tolen` bytes.
    let n = cvt(unsafe {
        sys::sctp_sendmsg(
            fd.as_fd().as_raw_fd(),
            msg.as_ptr().cast(),
            msg.len(),
            top,
            tolen,
            opts.ppid,
            opts.flags,
            opts.stream,
            opts.timetolive,
            opts.context,
        )
    })?;
    Ok(n as usize)
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
pub fn recvmsg(fd: impl AsFd, buf: &mut [u8]) -> io::Result<Message> {
    let mut from = SockAddr::empty();
    let mut fromlen = SockAddr::capacity();
    // SAFETY: plain kernel structure; all-zero is valid.
    let mut sinfo: sctp_sndrcvinfo = unsafe { mem::zeroed() };
    let mut flags: c_int = 0;
    // SAFETY: every pointer refers to `buf` (with its length) or to a live local.
    let n = cvt(unsafe {
        sys::sctp_recvmsg(
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            from.as_mut_ptr(),
            &mut fromlen,
            &mut sinfo,
            &mut flags,
        )
    })?;
    from.set_len(fromlen);
    Ok(Message { len: n as usize, from, sinfo, flags })
}

/// Subscribe to the `sctp_sndrcvinfo` of every received message (`SCTP_EVENTS`
/// with `sctp_data_io_event = 1`), as the book's programs do first.
pub fn subscribe_data_io_events(fd: impl AsFd) -> io::Result<()> {
    // SAFETY: plain kernel structure; all-zero is valid.
    let mut events: sctp_event_subscribe = unsafe { mem::zeroed() };
    events.sctp_data_io_event = 1;
    set_option(fd, crate::sctp::kernel::SCTP_EVENTS as c_int, &events)
}

/// Ask for `ostreams` outbound streams on new associations (`SCTP_INITMSG`).
pub fn set_outbound_streams(fd: impl AsFd, ostreams: u16) -> io::Result<()> {
    // SAFETY: plain kernel structure; all-zero is valid.
    let mut init: sctp_initmsg = unsafe { mem::zeroed() };
    init.sinit_num_ostreams = ostreams;
    set_option(fd, crate::sctp::kernel::SCTP_INITMSG as c_int, &init)
}

fn set_option<T>(fd: impl AsFd, opt: c_int, value: &T) -> io::Result<()> {
    let len = mem::size_of::<T>() as socklen_t;
    // SAFETY: `value` is a live structure of `len` bytes.
    cvt(unsafe { libc::setsockopt(fd.as_fd().as_raw_fd(), libc::IPPROTO_SCTP, opt, ptr::from_ref(value).cast(), len) })
        .map(drop)
}

/// Pack addresses back to back (16 bytes per IPv4, 28 per IPv6), as
/// `sctp_bindx` and `sctp_connectx` want them.
fn packed(addrs: &[SocketAddr]) -> Vec<u8> {
    let mut out = Vec::new();
    for &a in addrs {
        let sa = SockAddr::from(a);
        // SAFETY: the storage holds `len()` initialised bytes.
        out.extend_from_slice(unsafe { std::slice::from_raw_parts(sa.as_ptr().cast::<u8>(), sa.len() as usize) });
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
pub fn bindx(fd: impl AsFd, addrs: &[SocketAddr], op: Bindx) -> io::Result<()> {
    let flags = match op {
        Bindx::Add => crate::sctp::kernel::SCTP_BINDX_ADD_ADDR as c_int,
        Bindx::Remove => crate::sctp::kernel::SCTP_BINDX_REM_ADDR as c_int,
    };
    let mut list = packed(addrs);
    let count = c_int::try_from(addrs.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    // SAFETY: `list` holds `count` packed addresses (8-byte alignment is not needed by the kernel copy).
    cvt(unsafe { sys::sctp_bindx(fd.as_fd().as_raw_fd(), list.as_mut_ptr().cast(), count, flags) }).map(drop)
}

/// `sctp_connectx`: set up an association with a peer known by several addresses.
///
/// # Returns
/// The association id.
pub fn connectx(fd: impl AsFd, addrs: &[SocketAddr]) -> io::Result<sctp_assoc_t> {
    let mut list = packed(addrs);
    let count = c_int::try_from(addrs.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    let mut id: sctp_assoc_t = 0;
    // SAFETY: `list` holds `count` packed addresses; `id` is a valid out-pointer.
    cvt(unsafe { sys::sctp_connectx(fd.as_fd().as_raw_fd(), list.as_mut_ptr().cast(), count, &mut id) })?;
    Ok(id)
}

/// `sctp_peeloff`: branch association `assoc_id` off into its own one-to-one socket.
pub fn peeloff(fd: impl AsFd, assoc_id: sctp_assoc_t) -> io::Result<OwnedFd> {
    let new = cvt(sys::sctp_peeloff(fd.as_fd().as_raw_fd(), assoc_id))?;
    // SAFETY: a fresh descriptor that nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// `sctp_address_to_associd`: the association whose peer has address `peer` (None if unknown).
pub fn address_to_associd(fd: impl AsFd, peer: &SockAddr) -> Option<sctp_assoc_t> {
    let mut peer = *peer;
    let len = peer.len();
    // SAFETY: the copy is valid for `len` bytes.
    let id = unsafe { sys::sctp_address_to_associd(fd.as_fd().as_raw_fd(), peer.as_mut_ptr(), len) };
    (id != 0).then_some(id)
}

/// `sctp_get_no_strms`: the number of outbound streams of the association
/// with `peer`. As in the book, a failing `getsockopt` prints `getsockopt
/// error: ...` and exits.
pub fn get_no_strms(fd: impl AsFd, peer: &SockAddr) -> u16 {
    let mut peer = *peer;
    let len = peer.len();
    // SAFETY: the copy is valid for `len` bytes.
    let n = unsafe { sys::sctp_get_no_strms(fd.as_fd().as_raw_fd(), peer.as_mut_ptr(), len) };
    u16::try_from(n).unwrap_or(0)
}

type GetAddrs = unsafe extern "C" fn(c_int, sctp_assoc_t, *mut *mut libc::sockaddr) -> c_int;
type FreeAddrs = unsafe extern "C" fn(*mut libc::sockaddr) -> c_int;

fn addr_list(fd: impl AsFd, id: sctp_assoc_t, get: GetAddrs, free: FreeAddrs) -> io::Result<Vec<SockAddr>> {
    let mut list: *mut libc::sockaddr = ptr::null_mut();
    // SAFETY: `list` is a valid out-pointer.
    let n = cvt(unsafe { get(fd.as_fd().as_raw_fd(), id, &mut list) })?;
    let mut out = Vec::new();
    let mut p = list.cast::<u8>().cast_const();
    for _ in 0..n {
        // SAFETY: the library returned `n` packed addresses; the family says each one's size.
        let family = c_int::from(unsafe { ptr::read_unaligned(p.cast::<libc::sa_family_t>()) });
        let size = match family {
            libc::AF_INET => mem::size_of::<libc::sockaddr_in>(),
            libc::AF_INET6 => mem::size_of::<libc::sockaddr_in6>(),
            _ => break,
        };
        // SAFETY: `size` bytes of this address are in the list.
        out.push(unsafe { SockAddr::from_raw(p.cast(), size as socklen_t) });
        // SAFETY: stays within the list (or one past its end).
        p = unsafe { p.add(size) };
    }
    if !list.is_null() {
        // SAFETY: the list came from the matching get function.
        unsafe { free(list) };
    }
    Ok(out)
}

/// `sctp_getpaddrs`: the peer's addresses of association `id` (0 on a one-to-one socket).
pub fn getpaddrs(fd: impl AsFd, id: sctp_assoc_t) -> io::Result<Vec<SockAddr>> {
    addr_list(fd, id, sys::sctp_getpaddrs, sys::sctp_freepaddrs)
}

/// `sctp_getladdrs`: the local addresses of association `id` (0: all bound addresses).
pub fn getladdrs(fd: impl AsFd, id: sctp_assoc_t) -> io::Result<Vec<SockAddr>> {
    addr_list(fd, id, sys::sctp_getladdrs, sys::sctp_freeladdrs)
}

/// `sctpstr_cli(stdin, fd, to)`: send each line `[stream]text` of standard
/// input on that stream and print the echo (book Figure 10.4).
pub fn str_cli(fd: impl AsFd, to: &SockAddr) {
    let mut to = *to;
    let len = to.len();
    // SAFETY: glibc's stdin stream; the copy is valid for `len` bytes.
    unsafe { sys::sctpstr_cli(crate::os::c_stdin(), fd.as_fd().as_raw_fd(), to.as_mut_ptr(), len) }
}

/// `sctpstr_cli_echoall(stdin, fd, to)`: send each line of standard input on
/// every stream and print the echoes (book Figure 10.7).
pub fn str_cli_echoall(fd: impl AsFd, to: &SockAddr) {
    let mut to = *to;
    let len = to.len();
    // SAFETY: glibc's stdin stream; the copy is valid for `len` bytes.
    unsafe { sys::sctpstr_cli_echoall(crate::os::c_stdin(), fd.as_fd().as_raw_fd(), to.as_mut_ptr(), len) }
}
