//! Sockets as `OwnedFd`: the system calls behind the book's socket wrappers
//! (`Socket`, `Bind`, `Listen`, `Accept`, `Connect`, `Sendto`, `Recvfrom`,
//! `Select`, ...), returning `io::Result` where the wrappers exit.
//!
//! Descriptors are created without close-on-exec, like the C library's (the
//! book's servers fork and exec). Use [`crate::OrDie`] to get the wrappers'
//! exit-with-message behaviour.
//!
//! ```
//! use lnp::{sock, SockAddr};
//! let listener = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0)?;
//! sock::bind(&listener, &SockAddr::from(std::net::SocketAddr::from(([127, 0, 0, 1], 0))))?;
//! sock::listen(&listener, lnp::consts::LISTENQ)?;
//! let addr = lnp::addr::local_addr(&listener)?;
//! let client = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0)?;
//! sock::connect(&client, &addr)?;
//! let (conn, peer) = sock::accept(&listener)?;
//! assert_eq!(peer, lnp::addr::local_addr(&client)?);
//! # drop(conn);
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;
use std::mem;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

use libc::{c_int, socklen_t};

use crate::addr::SockAddr;
use crate::os::cvt;
use crate::sys;

fn raw(fd: &impl AsFd) -> RawFd {
    fd.as_fd().as_raw_fd()
}

/// Take ownership of a descriptor the library just created.
fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: callers pass a fresh, valid descriptor that nobody else owns.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// `socket(2)` (the call behind `Socket`), without close-on-exec.
pub fn socket(family: c_int, r#type: c_int, protocol: c_int) -> io::Result<OwnedFd> {
    // SAFETY: integer arguments only.
    Ok(owned(cvt(unsafe { libc::socket(family, r#type, protocol) })?))
}

/// `socketpair(2)` (the call behind `Socketpair`): two connected descriptors.
pub fn socketpair(family: c_int, r#type: c_int, protocol: c_int) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1 as c_int; 2];
    // SAFETY: `fds` has room for the two descriptors.
    cvt(unsafe { libc::socketpair(family, r#type, protocol, fds.as_mut_ptr()) })?;
    Ok((owned(fds[0]), owned(fds[1])))
}

/// `bind(2)`.
pub fn bind(fd: impl AsFd, addr: &SockAddr) -> io::Result<()> {
    // SAFETY: the address is valid for its length.
    cvt(unsafe { libc::bind(raw(&fd), addr.as_ptr(), addr.len()) }).map(drop)
}

/// `connect(2)`.
pub fn connect(fd: impl AsFd, addr: &SockAddr) -> io::Result<()> {
    // SAFETY: the address is valid for its length.
    cvt(unsafe { libc::connect(raw(&fd), addr.as_ptr(), addr.len()) }).map(drop)
}

/// `listen(2)` as `Listen` calls it: the `LISTENQ` environment variable, if
/// set, replaces `backlog` (book §4.5).
pub fn listen(fd: impl AsFd, backlog: c_int) -> io::Result<()> {
    let backlog = sys::listen_backlog(backlog);
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::listen(raw(&fd), backlog) }).map(drop)
}

/// `accept(2)`: the connected descriptor and the client's address. Like the
/// C `Accept`, `EPROTO` and `ECONNABORTED` are retried; `EINTR` is returned.
pub fn accept(fd: impl AsFd) -> io::Result<(OwnedFd, SockAddr)> {
    loop {
        let mut addr = SockAddr::empty();
        let mut len = SockAddr::capacity();
        // SAFETY: the storage is writable for `len` bytes.
        match cvt(unsafe { libc::accept(raw(&fd), addr.as_mut_ptr(), &mut len) }) {
            Ok(conn) => {
                addr.set_len(len);
                return Ok((owned(conn), addr));
            }
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPROTO | libc::ECONNABORTED)) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// `shutdown(2)`; `how` is `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`.
pub fn shutdown(fd: impl AsFd, how: c_int) -> io::Result<()> {
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::shutdown(raw(&fd), how) }).map(drop)
}

/// `read(2)` once: the byte count, 0 at EOF.
pub fn read(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for writes of its length.
    Ok(cvt(unsafe { libc::read(raw(&fd), buf.as_mut_ptr().cast(), buf.len()) })? as usize)
}

/// `write(2)` once: the number of bytes written (see [`crate::io::writen`] for all of them).
pub fn write(fd: impl AsFd, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for reads of its length.
    Ok(cvt(unsafe { libc::write(raw(&fd), buf.as_ptr().cast(), buf.len()) })? as usize)
}

/// `send(2)` with `flags` (`MSG_OOB`, `MSG_DONTWAIT`, ...); returns the bytes sent.
pub fn send(fd: impl AsFd, buf: &[u8], flags: c_int) -> io::Result<usize> {
    // SAFETY: `buf` is valid for reads of its length.
    Ok(cvt(unsafe { libc::send(raw(&fd), buf.as_ptr().cast(), buf.len(), flags) })? as usize)
}

/// `recv(2)` with `flags` (`MSG_OOB`, `MSG_PEEK`, `MSG_WAITALL`, ...); the byte count, 0 at EOF.
pub fn recv(fd: impl AsFd, buf: &mut [u8], flags: c_int) -> io::Result<usize> {
    // SAFETY: `buf` is valid for writes of its length.
    Ok(cvt(unsafe { libc::recv(raw(&fd), buf.as_mut_ptr().cast(), buf.len(), flags) })? as usize)
}

/// `sockatmark`: true if the next byte to read is the out-of-band mark.
pub fn sockatmark(fd: impl AsFd) -> io::Result<bool> {
    /// `SIOCATMARK` of `<linux/sockios.h>` (the libc crate lacks it).
    const SIOCATMARK: libc::Ioctl = 0x8905;
    let mut at: c_int = 0;
    // SAFETY: SIOCATMARK stores one int through the pointer.
    cvt(unsafe { libc::ioctl(raw(&fd), SIOCATMARK, &mut at) })?;
    Ok(at != 0)
}

/// `poll(2)` (the call behind `Poll`): wait until one of `fds` is ready or
/// `timeout` passes (`None`: no limit); `revents` tell which.
///
/// # Returns
/// The number of entries with events (0 on timeout).
pub fn poll(fds: &mut [libc::pollfd], timeout: Option<Duration>) -> io::Result<usize> {
    let ms = timeout.map_or(-1, |t| c_int::try_from(t.as_millis()).unwrap_or(c_int::MAX));
    // SAFETY: the slice is valid for its length.
    Ok(cvt(unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) })? as usize)
}

/// `sendto(2)`: send one datagram to `to`; returns the bytes sent.
pub fn sendto(fd: impl AsFd, buf: &[u8], flags: c_int, to: &SockAddr) -> io::Result<usize> {
    // SAFETY: `buf` and `to` are valid for their lengths.
    let n = cvt(unsafe { libc::sendto(raw(&fd), buf.as_ptr().cast(), buf.len(), flags, to.as_ptr(), to.len()) })?;
    Ok(n as usize)
}

/// `recvfrom(2)`: receive one datagram; the byte count and the sender's address.
pub fn recvfrom(fd: impl AsFd, buf: &mut [u8], flags: c_int) -> io::Result<(usize, SockAddr)> {
    let mut from = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: `buf` and the storage are writable for their lengths.
    let n = cvt(unsafe {
        libc::recvfrom(raw(&fd), buf.as_mut_ptr().cast(), buf.len(), flags, from.as_mut_ptr(), &mut len)
    })?;
    from.set_len(len);
    Ok((n as usize, from))
}

/// `setsockopt(2)` with an `int` value (`SO_REUSEADDR`, `SO_RCVBUF`, ...).
pub fn setsockopt_int(fd: impl AsFd, level: c_int, optname: c_int, value: c_int) -> io::Result<()> {
    let len = mem::size_of::<c_int>() as socklen_t;
    // SAFETY: the option value is a valid int of `len` bytes.
    cvt(unsafe { libc::setsockopt(raw(&fd), level, optname, (&raw const value).cast(), len) }).map(drop)
}

/// `getsockopt(2)` of an `int` option.
pub fn getsockopt_int(fd: impl AsFd, level: c_int, optname: c_int) -> io::Result<c_int> {
    let mut value: c_int = 0;
    let mut len = mem::size_of::<c_int>() as socklen_t;
    // SAFETY: the buffer is a writable int of `len` bytes.
    cvt(unsafe { libc::getsockopt(raw(&fd), level, optname, (&raw mut value).cast(), &mut len) })?;
    Ok(value)
}

/// `sockfd_to_family`: the address family of a socket (`AF_INET`, ...).
pub fn sockfd_to_family(fd: impl AsFd) -> io::Result<c_int> {
    cvt(sys::sockfd_to_family(raw(&fd)))
}

/// `sock_bind_wild`: bind to the wildcard address and an ephemeral port.
///
/// # Returns
/// The port chosen, in host byte order.
pub fn sock_bind_wild(fd: impl AsFd, family: c_int) -> io::Result<u16> {
    let port = cvt(sys::sock_bind_wild(raw(&fd), family))?;
    u16::try_from(port).map(u16::from_be).map_err(|_| io::Error::from_raw_os_error(libc::EAFNOSUPPORT))
}

/// `family_to_level`: the socket-option level of an address family
/// (`IPPROTO_IP` for `AF_INET`, `IPPROTO_IPV6` for `AF_INET6`).
pub fn family_to_level(family: c_int) -> io::Result<c_int> {
    cvt(sys::family_to_level(family))
}

/// A set of descriptors for [`select`] (a `fd_set`).
#[derive(Clone, Copy)]
pub struct FdSet(libc::fd_set);

impl FdSet {
    /// An empty set (`FD_ZERO`).
    pub fn new() -> FdSet {
        // SAFETY: fd_set is plain data and FD_ZERO initialises it.
        let mut set: libc::fd_set = unsafe { mem::zeroed() };
        // SAFETY: `set` is a valid fd_set.
        unsafe { libc::FD_ZERO(&mut set) };
        FdSet(set)
    }

    fn in_range(fd: RawFd) -> bool {
        (0..libc::FD_SETSIZE as RawFd).contains(&fd)
    }

    /// Add `fd` (`FD_SET`); descriptors at or above `FD_SETSIZE` are ignored.
    pub fn insert(&mut self, fd: impl AsFd) {
        let fd = raw(&fd);
        if Self::in_range(fd) {
            // SAFETY: fd is within the set's range.
            unsafe { libc::FD_SET(fd, &mut self.0) }
        }
    }

    /// Remove `fd` (`FD_CLR`).
    pub fn remove(&mut self, fd: impl AsFd) {
        let fd = raw(&fd);
        if Self::in_range(fd) {
            // SAFETY: fd is within the set's range.
            unsafe { libc::FD_CLR(fd, &mut self.0) }
        }
    }

    /// True if `fd` is in the set (`FD_ISSET`).
    pub fn contains(&self, fd: impl AsFd) -> bool {
        let fd = raw(&fd);
        // SAFETY: fd is within the set's range.
        Self::in_range(fd) && unsafe { libc::FD_ISSET(fd, &self.0) }
    }
}

impl Default for FdSet {
    fn default() -> Self {
        FdSet::new()
    }
}

impl std::fmt::Debug for FdSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fds: Vec<RawFd> = (0..libc::FD_SETSIZE as RawFd)
            // SAFETY: fd is within the set's range.
            .filter(|&fd| unsafe { libc::FD_ISSET(fd, &self.0) })
            .collect();
        f.debug_set().entries(fds).finish()
    }
}

/// `select(2)` (the call behind `Select`): wait until a descriptor of the
/// sets is ready or `timeout` passes (`None`: no limit).
///
/// # Returns
/// The number of ready descriptors (0 on timeout); the sets keep only the ready ones.
/// An interrupting signal gives `Err` with `ErrorKind::Interrupted`.
pub fn select(
    maxfdp1: c_int,
    read: Option<&mut FdSet>,
    write: Option<&mut FdSet>,
    except: Option<&mut FdSet>,
    timeout: Option<Duration>,
) -> io::Result<usize> {
    let ptr = |set: Option<&mut FdSet>| set.map_or(std::ptr::null_mut(), |s| &raw mut s.0);
    let mut tv = timeout.map(|t| libc::timeval {
        tv_sec: libc::time_t::try_from(t.as_secs()).unwrap_or(libc::time_t::MAX),
        tv_usec: libc::suseconds_t::from(t.subsec_micros() as i32),
    });
    let tvp = tv.as_mut().map_or(std::ptr::null_mut(), |t| t as *mut libc::timeval);
    // SAFETY: every pointer is NULL or points at a live fd_set / timeval.
    let n = cvt(unsafe { libc::select(maxfdp1, ptr(read), ptr(write), ptr(except), tvp) })?;
    Ok(n as usize)
}
