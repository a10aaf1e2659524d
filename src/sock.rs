//! Sockets as `OwnedFd`: the system calls behind the book's socket wrappers
//! (`Socket`, `Bind`, `Listen`, `Accept`, `Connect`, `Sendto`, `Recvfrom`,
//! `Select`, `Poll`, ...), returning `io::Result` where the wrappers exit.
//!
//! Descriptors are created without close-on-exec, like the C library's (the
//! book's servers fork and exec). Use [`crate::OrDie`] to get the wrappers'
//! exit-with-message behaviour. Addresses are anything that converts into a
//! [`SockAddr`]: a `SockAddr`, a `&SockAddr`, a `std::net::SocketAddr`,
//! `SocketAddrV4` or `SocketAddrV6`.
//!
//! ```
//! use lnp::libc::{AF_INET, SOCK_STREAM};
//! use lnp::sock;
//! let listener = sock::socket(AF_INET, SOCK_STREAM, 0)?;
//! sock::bind(&listener, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))?;
//! sock::listen(&listener, lnp::consts::LISTENQ)?;
//! let addr = lnp::addr::local_addr(&listener)?;
//! let client = sock::socket(AF_INET, SOCK_STREAM, 0)?;
//! sock::connect(&client, addr)?;
//! let (conn, peer) = sock::accept(&listener)?;
//! assert_eq!(peer, lnp::addr::local_addr(&client)?);
//! # drop(conn);
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::time::Duration;

use libc::c_int;

use crate::addr::SockAddr;
use crate::os;
pub use crate::os::PollFd;

/// `socket(2)` (the call behind `Socket`), without close-on-exec.
///
/// # Errors
/// The `socket(2)` error (`EAFNOSUPPORT`, `EPROTONOSUPPORT`, `EMFILE`, ...).
pub fn socket(family: c_int, r#type: c_int, protocol: c_int) -> io::Result<OwnedFd> {
    os::socket(family, r#type, protocol)
}

/// `socketpair(2)` (the call behind `Socketpair`): two connected descriptors.
///
/// # Errors
/// The `socketpair(2)` error.
pub fn socketpair(family: c_int, r#type: c_int, protocol: c_int) -> io::Result<(OwnedFd, OwnedFd)> {
    os::socketpair(family, r#type, protocol)
}

/// `bind(2)`.
///
/// # Errors
/// The `bind(2)` error (`EADDRINUSE`, `EACCES`, `EINVAL`, ...).
pub fn bind(fd: impl AsFd, addr: impl Into<SockAddr>) -> io::Result<()> {
    os::bind(fd.as_fd(), &addr.into())
}

/// `connect(2)`.
///
/// # Errors
/// The `connect(2)` error (`ECONNREFUSED`, `ETIMEDOUT`, `ENETUNREACH`, ...).
pub fn connect(fd: impl AsFd, addr: impl Into<SockAddr>) -> io::Result<()> {
    os::connect(fd.as_fd(), &addr.into())
}

/// `listen(2)` as `Listen` calls it: the `LISTENQ` environment variable, if
/// set, replaces `backlog` (book §4.5).
///
/// # Errors
/// The `listen(2)` error.
pub fn listen(fd: impl AsFd, backlog: c_int) -> io::Result<()> {
    os::listen(fd.as_fd(), listen_backlog(backlog))
}

/// The backlog `Listen` passes to `listen(2)`: `atoi($LISTENQ)` if set, else `backlog`.
pub(crate) fn listen_backlog(backlog: c_int) -> c_int {
    os::getenv_atoi(c"LISTENQ").unwrap_or(backlog)
}

/// `accept(2)`: the connected descriptor and the client's address. Like the
/// C `Accept`, `EPROTO` and `ECONNABORTED` are retried; `EINTR` is returned.
///
/// # Errors
/// The `accept(2)` error (`ErrorKind::Interrupted` for a signal without `SA_RESTART`).
pub fn accept(fd: impl AsFd) -> io::Result<(OwnedFd, SockAddr)> {
    loop {
        match os::accept(fd.as_fd()) {
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPROTO | libc::ECONNABORTED)) => {}
            other => return other,
        }
    }
}

/// `shutdown(2)`; `how` is `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`.
///
/// # Errors
/// The `shutdown(2)` error (`ENOTCONN`, `EINVAL`, ...).
pub fn shutdown(fd: impl AsFd, how: c_int) -> io::Result<()> {
    os::shutdown(fd.as_fd(), how)
}

/// `read(2)` once: the byte count, 0 at EOF.
///
/// # Errors
/// The `read(2)` error (`ECONNRESET`, `EAGAIN` on a non-blocking or timed-out socket, ...).
pub fn read(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    os::read(fd.as_fd(), buf)
}

/// `write(2)` once: the number of bytes written (see [`crate::io::writen`] for all of them).
///
/// # Errors
/// The `write(2)` error (`EPIPE`, ...).
pub fn write(fd: impl AsFd, buf: &[u8]) -> io::Result<usize> {
    os::write(fd.as_fd(), buf)
}

/// `send(2)` with `flags` (`MSG_OOB`, `MSG_DONTWAIT`, ...); returns the bytes sent.
///
/// # Errors
/// The `send(2)` error.
pub fn send(fd: impl AsFd, buf: &[u8], flags: c_int) -> io::Result<usize> {
    os::send(fd.as_fd(), buf, flags)
}

/// `recv(2)` with `flags` (`MSG_OOB`, `MSG_PEEK`, `MSG_WAITALL`, ...); the byte count, 0 at EOF.
///
/// # Errors
/// The `recv(2)` error.
pub fn recv(fd: impl AsFd, buf: &mut [u8], flags: c_int) -> io::Result<usize> {
    os::recv(fd.as_fd(), buf, flags)
}

/// `sockatmark`: true if the next byte to read is the out-of-band mark.
///
/// # Errors
/// The `ioctl(SIOCATMARK)` error (`EINVAL` for a socket that is not TCP, ...).
pub fn sockatmark(fd: impl AsFd) -> io::Result<bool> {
    os::sockatmark(fd.as_fd())
}

/// Milliseconds of a timeout, rounded up so that the wait is never shorter than asked.
///
/// # Errors
/// `InvalidInput` beyond `c_int::MAX` milliseconds (about 24.8 days), which `poll` cannot wait.
pub(crate) fn poll_millis(timeout: Option<Duration>) -> io::Result<c_int> {
    let Some(t) = timeout else { return Ok(-1) };
    let ms = t.as_nanos().div_ceil(1_000_000);
    c_int::try_from(ms).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "timeout too long for poll"))
}

/// Whole seconds of a timeout for the C functions that count seconds (`alarm`, ...).
///
/// # Errors
/// `InvalidInput` for zero, a fraction of a second, or more than `c_int::MAX` seconds:
/// rather than a silently shorter or longer wait.
pub(crate) fn whole_secs(timeout: Duration) -> io::Result<c_int> {
    if timeout.is_zero() || timeout.subsec_nanos() != 0 {
        let msg = format!("{timeout:?}: this timeout counts whole seconds (1 or more)");
        return Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
    }
    c_int::try_from(timeout.as_secs()).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "timeout too long"))
}

/// `poll(2)` (the call behind `Poll`): wait until one of `fds` is ready or
/// `timeout` passes (`None`: no limit; sub-millisecond parts round up).
///
/// # Returns
/// The number of entries with events (0 on timeout); each entry's [`PollFd::revents`] tells which.
///
/// # Errors
/// `InvalidInput` for a timeout beyond `c_int::MAX` milliseconds, or the
/// `poll(2)` error (`ErrorKind::Interrupted` for a caught signal).
pub fn poll(fds: &mut [PollFd<'_>], timeout: Option<Duration>) -> io::Result<usize> {
    os::poll(fds, poll_millis(timeout)?)
}

/// `sendto(2)`: send one datagram to `to`; returns the bytes sent.
///
/// # Errors
/// The `sendto(2)` error.
pub fn sendto(fd: impl AsFd, buf: &[u8], flags: c_int, to: impl Into<SockAddr>) -> io::Result<usize> {
    os::sendto(fd.as_fd(), buf, flags, &to.into())
}

/// `recvfrom(2)`: receive one datagram; the byte count and the sender's address.
///
/// # Errors
/// The `recvfrom(2)` error (`EAGAIN` after a receive timeout, `ECONNREFUSED` on a connected UDP socket, ...).
pub fn recvfrom(fd: impl AsFd, buf: &mut [u8], flags: c_int) -> io::Result<(usize, SockAddr)> {
    os::recvfrom(fd.as_fd(), buf, flags)
}

/// `setsockopt(2)` with an `int` value (`SO_REUSEADDR`, `SO_RCVBUF`, ...).
///
/// # Errors
/// The `setsockopt(2)` error (`ENOPROTOOPT`, `EINVAL`, ...).
pub fn setsockopt_int(fd: impl AsFd, level: c_int, optname: c_int, value: c_int) -> io::Result<()> {
    os::setsockopt(fd.as_fd(), level, optname, &value)
}

/// `getsockopt(2)` of an `int` option.
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn getsockopt_int(fd: impl AsFd, level: c_int, optname: c_int) -> io::Result<c_int> {
    os::getsockopt(fd.as_fd(), level, optname, 0)
}

/// `getsockopt(2)` of a `struct linger` option (`SO_LINGER`), as the kernel stores it.
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn getsockopt_linger(fd: impl AsFd, level: c_int, optname: c_int) -> io::Result<libc::linger> {
    os::getsockopt(fd.as_fd(), level, optname, libc::linger { l_onoff: 0, l_linger: 0 })
}

/// `getsockopt(2)` of a `struct timeval` option (`SO_RCVTIMEO`, `SO_SNDTIMEO`), as the kernel
/// stores it (all zero: no limit).
///
/// # Errors
/// The `getsockopt(2)` error.
pub fn getsockopt_timeval(fd: impl AsFd, level: c_int, optname: c_int) -> io::Result<libc::timeval> {
    os::getsockopt(fd.as_fd(), level, optname, libc::timeval { tv_sec: 0, tv_usec: 0 })
}

/// A `struct timeval` for `timeout`, sub-microsecond parts rounded up.
fn timeval(timeout: Duration) -> io::Result<libc::timeval> {
    let micros = timeout.as_nanos().div_ceil(1000);
    let secs = libc::time_t::try_from(micros / 1_000_000)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "timeout too long for a timeval"))?;
    let usec = libc::suseconds_t::try_from(micros % 1_000_000).unwrap_or(0);
    Ok(libc::timeval { tv_sec: secs, tv_usec: usec })
}

/// The `SO_RCVTIMEO` / `SO_SNDTIMEO` value of a timeout (`None`: wait forever).
fn socket_timeout(timeout: Option<Duration>) -> io::Result<libc::timeval> {
    match timeout {
        None => Ok(libc::timeval { tv_sec: 0, tv_usec: 0 }),
        Some(Duration::ZERO) => {
            Err(io::Error::new(io::ErrorKind::InvalidInput, "a zero socket timeout would mean no timeout"))
        }
        Some(t) => timeval(t),
    }
}

/// Set `SO_RCVTIMEO`: a blocking receive (`read`, `recv`, `recvfrom`, `readline`, ...) that
/// waits longer than `timeout` fails with `ErrorKind::WouldBlock` (`EAGAIN`); `None` removes
/// the limit (book §14.2). Microsecond precision, rounded up.
///
/// # Errors
/// `InvalidInput` for `Some(Duration::ZERO)` (the kernel reads zero as "no limit") or a
/// timeout beyond `time_t`, or the `setsockopt(2)` error.
pub fn set_recv_timeout(fd: impl AsFd, timeout: Option<Duration>) -> io::Result<()> {
    os::setsockopt(fd.as_fd(), libc::SOL_SOCKET, libc::SO_RCVTIMEO, &socket_timeout(timeout)?)
}

/// Set `SO_SNDTIMEO`: a blocking send that waits longer than `timeout` fails with
/// `ErrorKind::WouldBlock`; `None` removes the limit.
///
/// # Errors
/// As for [`set_recv_timeout`].
pub fn set_send_timeout(fd: impl AsFd, timeout: Option<Duration>) -> io::Result<()> {
    os::setsockopt(fd.as_fd(), libc::SOL_SOCKET, libc::SO_SNDTIMEO, &socket_timeout(timeout)?)
}

/// `sockfd_to_family`: the address family of a socket (`AF_INET`, ...).
///
/// # Errors
/// The `getsockname(2)` error.
pub fn family(fd: impl AsFd) -> io::Result<c_int> {
    Ok(os::getsockname(fd.as_fd())?.family())
}

/// `sock_bind_wild`: bind to the wildcard address and an ephemeral port.
///
/// # Returns
/// The port chosen, in host byte order.
///
/// # Errors
/// `EAFNOSUPPORT` for a family other than `AF_INET`/`AF_INET6`, or the
/// `bind(2)`/`getsockname(2)` error.
pub fn bind_wild(fd: impl AsFd, family: c_int) -> io::Result<u16> {
    let fd = fd.as_fd();
    let wildcard = match family {
        libc::AF_INET => SockAddr::from(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0)),
        libc::AF_INET6 => SockAddr::from(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0)),
        _ => return Err(io::Error::from_raw_os_error(libc::EAFNOSUPPORT)),
    };
    os::bind(fd, &wildcard)?;
    Ok(os::getsockname(fd)?.port().unwrap_or(0))
}

/// `family_to_level`: the socket-option level of an address family
/// (`IPPROTO_IP` for `AF_INET`, `IPPROTO_IPV6` for `AF_INET6`).
///
/// # Errors
/// `EAFNOSUPPORT` for other families.
pub fn option_level(family: c_int) -> io::Result<c_int> {
    match family {
        libc::AF_INET => Ok(libc::IPPROTO_IP),
        libc::AF_INET6 => Ok(libc::IPPROTO_IPV6),
        _ => Err(io::Error::from_raw_os_error(libc::EAFNOSUPPORT)),
    }
}

/// Bits per word of a [`FdSet`].
const WORD_BITS: usize = 8 * std::mem::size_of::<libc::c_ulong>();

/// A set of descriptors for [`select`] (a `fd_set`, `FD_SETSIZE` bits), which
/// also remembers its highest descriptor so that `select` can compute `nfds`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FdSet {
    bits: os::FdBits,
}

impl FdSet {
    /// An empty set (`FD_ZERO`).
    #[must_use]
    pub fn new() -> FdSet {
        FdSet { bits: [0; libc::FD_SETSIZE / WORD_BITS] }
    }

    /// The word and bit of `fd`, if it is in `0..FD_SETSIZE`.
    fn slot(fd: RawFd) -> Option<(usize, libc::c_ulong)> {
        let fd = usize::try_from(fd).ok().filter(|&fd| fd < libc::FD_SETSIZE)?;
        Some((fd / WORD_BITS, 1 << (fd % WORD_BITS)))
    }

    /// Add `fd` (`FD_SET`).
    ///
    /// # Errors
    /// `InvalidInput` for a descriptor at or above `FD_SETSIZE` (1024), which
    /// `select` cannot watch: use [`poll`] then. The set is unchanged.
    pub fn insert(&mut self, fd: impl AsFd) -> io::Result<()> {
        let raw = fd.as_fd().as_raw_fd();
        let (word, bit) = FdSet::slot(raw).ok_or_else(|| {
            let msg = format!("descriptor {raw} is beyond FD_SETSIZE ({}): use poll", libc::FD_SETSIZE);
            io::Error::new(io::ErrorKind::InvalidInput, msg)
        })?;
        if let Some(w) = self.bits.get_mut(word) {
            *w |= bit;
        }
        Ok(())
    }

    /// Remove `fd` (`FD_CLR`); no effect if it is not in the set.
    pub fn remove(&mut self, fd: impl AsFd) {
        if let Some((word, bit)) = FdSet::slot(fd.as_fd().as_raw_fd()) {
            if let Some(w) = self.bits.get_mut(word) {
                *w &= !bit;
            }
        }
    }

    /// True if `fd` is in the set (`FD_ISSET`).
    #[must_use]
    pub fn contains(&self, fd: impl AsFd) -> bool {
        FdSet::slot(fd.as_fd().as_raw_fd()).is_some_and(|(word, bit)| self.bits.get(word).is_some_and(|w| w & bit != 0))
    }

    /// The descriptors in the set, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = RawFd> + '_ {
        (0..libc::FD_SETSIZE)
            .filter(|&fd| self.bits.get(fd / WORD_BITS).is_some_and(|w| w & (1 << (fd % WORD_BITS)) != 0))
            .filter_map(|fd| RawFd::try_from(fd).ok())
    }

    /// The highest descriptor in the set plus one (0 for an empty set): `select`'s `nfds`.
    #[must_use]
    pub fn nfds(&self) -> c_int {
        self.iter().last().map_or(0, |fd| fd + 1)
    }

    /// True if the set holds no descriptor.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }
}

impl Default for FdSet {
    fn default() -> Self {
        FdSet::new()
    }
}

impl std::fmt::Debug for FdSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// `select(2)` (the call behind `Select`): wait until a descriptor of the
/// sets is ready or `timeout` passes (`None`: no limit; sub-microsecond parts
/// round up). `nfds` is computed from the sets.
///
/// # Returns
/// The number of ready descriptors (0 on timeout); the sets keep only the ready ones.
///
/// # Errors
/// The `select(2)` error: `ErrorKind::Interrupted` for a caught signal, `EBADF`
/// for a closed descriptor in a set; `InvalidInput` for a timeout beyond `time_t`.
pub fn select(
    read: Option<&mut FdSet>,
    write: Option<&mut FdSet>,
    except: Option<&mut FdSet>,
    timeout: Option<Duration>,
) -> io::Result<usize> {
    let nfds = [&read, &write, &except].iter().filter_map(|s| s.as_ref().map(|s| s.nfds())).max().unwrap_or(0);
    let tv = timeout.map(timeval).transpose()?;
    os::select(nfds, read.map(|s| &mut s.bits), write.map(|s| &mut s.bits), except.map(|s| &mut s.bits), tv)
}
