//! The system calls of the safe layer, each behind a safe signature:
//! descriptors come in as `BorrowedFd` and go out as `OwnedFd`, buffers are
//! slices, addresses are [`SockAddr`]. This and the C shells in `crate::sys`
//! are where the library's `unsafe` code lives; the public safe modules have none.

use std::io;
use std::marker::PhantomData;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::ptr;

use libc::{c_int, c_short, pid_t};

use super::cvt;
use super::sockaddr::SockAddr;

/// Take ownership of a descriptor a system call just created.
fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: callers pass a fresh, valid descriptor that nobody else owns.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// Bytes returned by a successful call (never negative after `cvt`).
fn count(n: isize) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// `socket(2)`, without close-on-exec.
pub(crate) fn socket(family: c_int, ty: c_int, protocol: c_int) -> io::Result<OwnedFd> {
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::socket(family, ty, protocol) }).map(owned)
}

/// `socketpair(2)`, without close-on-exec.
pub(crate) fn socketpair(family: c_int, ty: c_int, protocol: c_int) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1 as c_int; 2];
    // SAFETY: `fds` has room for the two descriptors.
    cvt(unsafe { libc::socketpair(family, ty, protocol, fds.as_mut_ptr()) })?;
    Ok((owned(fds[0]), owned(fds[1])))
}

/// `pipe2(2)` with `flags` (`O_CLOEXEC`, `O_NONBLOCK`): the read end, then the write end.
pub(crate) fn pipe(flags: c_int) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1 as c_int; 2];
    // SAFETY: `fds` has room for the two descriptors.
    cvt(unsafe { libc::pipe2(fds.as_mut_ptr(), flags) })?;
    Ok((owned(fds[0]), owned(fds[1])))
}

/// `bind(2)`.
pub(crate) fn bind(fd: BorrowedFd<'_>, addr: &SockAddr) -> io::Result<()> {
    // SAFETY: the address is valid for its length.
    cvt(unsafe { libc::bind(fd.as_raw_fd(), addr.as_ptr(), addr.len()) }).map(drop)
}

/// `connect(2)`.
pub(crate) fn connect(fd: BorrowedFd<'_>, addr: &SockAddr) -> io::Result<()> {
    // SAFETY: the address is valid for its length.
    cvt(unsafe { libc::connect(fd.as_raw_fd(), addr.as_ptr(), addr.len()) }).map(drop)
}

/// `listen(2)`.
pub(crate) fn listen(fd: BorrowedFd<'_>, backlog: c_int) -> io::Result<()> {
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::listen(fd.as_raw_fd(), backlog) }).map(drop)
}

/// One `accept(2)`: the connected descriptor and the peer's address.
pub(crate) fn accept(fd: BorrowedFd<'_>) -> io::Result<(OwnedFd, SockAddr)> {
    let mut addr = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: the storage is writable for `len` bytes.
    let conn = cvt(unsafe { libc::accept(fd.as_raw_fd(), addr.as_mut_ptr(), &raw mut len) })?;
    addr.set_len(len);
    Ok((owned(conn), addr))
}

/// `shutdown(2)`.
pub(crate) fn shutdown(fd: BorrowedFd<'_>, how: c_int) -> io::Result<()> {
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::shutdown(fd.as_raw_fd(), how) }).map(drop)
}

/// One `read(2)`.
pub(crate) fn read(fd: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for writes of its length.
    cvt(unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) }).map(count)
}

/// One `write(2)`.
pub(crate) fn write(fd: BorrowedFd<'_>, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for reads of its length.
    cvt(unsafe { libc::write(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len()) }).map(count)
}

/// `send(2)`.
pub(crate) fn send(fd: BorrowedFd<'_>, buf: &[u8], flags: c_int) -> io::Result<usize> {
    // SAFETY: `buf` is valid for reads of its length.
    cvt(unsafe { libc::send(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len(), flags) }).map(count)
}

/// `recv(2)`.
pub(crate) fn recv(fd: BorrowedFd<'_>, buf: &mut [u8], flags: c_int) -> io::Result<usize> {
    // SAFETY: `buf` is valid for writes of its length.
    cvt(unsafe { libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), flags) }).map(count)
}

/// `sendto(2)`.
pub(crate) fn sendto(fd: BorrowedFd<'_>, buf: &[u8], flags: c_int, to: &SockAddr) -> io::Result<usize> {
    // SAFETY: `buf` and `to` are valid for their lengths.
    let n = unsafe { libc::sendto(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len(), flags, to.as_ptr(), to.len()) };
    cvt(n).map(count)
}

/// `recvfrom(2)`: the byte count and the sender's address.
pub(crate) fn recvfrom(fd: BorrowedFd<'_>, buf: &mut [u8], flags: c_int) -> io::Result<(usize, SockAddr)> {
    let mut from = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: `buf` and the storage are writable for their lengths.
    let n = cvt(unsafe {
        libc::recvfrom(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), flags, from.as_mut_ptr(), &raw mut len)
    })?;
    from.set_len(len);
    Ok((count(n), from))
}

/// `getsockname(2)`.
pub(crate) fn getsockname(fd: BorrowedFd<'_>) -> io::Result<SockAddr> {
    let mut addr = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: the storage is writable for `len` bytes.
    cvt(unsafe { libc::getsockname(fd.as_raw_fd(), addr.as_mut_ptr(), &raw mut len) })?;
    addr.set_len(len);
    Ok(addr)
}

/// `getpeername(2)`.
pub(crate) fn getpeername(fd: BorrowedFd<'_>) -> io::Result<SockAddr> {
    let mut addr = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: the storage is writable for `len` bytes.
    cvt(unsafe { libc::getpeername(fd.as_raw_fd(), addr.as_mut_ptr(), &raw mut len) })?;
    addr.set_len(len);
    Ok(addr)
}

/// Plain-data option values for [`setsockopt`] and [`getsockopt`].
pub(crate) trait SockOpt: Copy {}
impl SockOpt for c_int {}
impl SockOpt for libc::c_uint {}
impl SockOpt for u8 {}
impl SockOpt for libc::in_addr {}
impl SockOpt for libc::group_req {}
impl SockOpt for libc::group_source_req {}
impl SockOpt for libc::timeval {}
impl SockOpt for libc::linger {}

/// `setsockopt(2)` with a value of type `T`.
pub(crate) fn setsockopt<T: SockOpt>(fd: BorrowedFd<'_>, level: c_int, name: c_int, value: &T) -> io::Result<()> {
    let len = super::socklen_of::<T>();
    // SAFETY: the value is a plain-data T of `len` bytes.
    cvt(unsafe { libc::setsockopt(fd.as_raw_fd(), level, name, ptr::from_ref(value).cast(), len) }).map(drop)
}

/// `getsockopt(2)` of an option of type `T` (`zero` is the initial value).
pub(crate) fn getsockopt<T: SockOpt>(fd: BorrowedFd<'_>, level: c_int, name: c_int, zero: T) -> io::Result<T> {
    let mut value = zero;
    let mut len = super::socklen_of::<T>();
    // SAFETY: the buffer is a writable plain-data T of `len` bytes.
    cvt(unsafe { libc::getsockopt(fd.as_raw_fd(), level, name, ptr::from_mut(&mut value).cast(), &raw mut len) })?;
    Ok(value)
}

/// `ioctl(fd, SIOCATMARK)`: whether the next byte to read is the out-of-band mark.
pub(crate) fn sockatmark(fd: BorrowedFd<'_>) -> io::Result<bool> {
    /// `SIOCATMARK` of `<linux/sockios.h>` (the libc crate lacks it).
    const SIOCATMARK: libc::Ioctl = 0x8905;
    let mut at: c_int = 0;
    // SAFETY: SIOCATMARK stores one int through the pointer.
    cvt(unsafe { libc::ioctl(fd.as_raw_fd(), SIOCATMARK, &mut at) })?;
    Ok(at != 0)
}

/// One entry of a `poll` set: a descriptor borrowed for as long as the entry
/// lives, the events to wait for, and the events that came (`struct pollfd`).
///
/// ```
/// use std::os::fd::AsFd;
/// use lnp::libc::{POLLIN, POLLOUT};
/// use lnp::sock::{self, PollFd};
/// let (a, b) = sock::socketpair(lnp::libc::AF_UNIX, lnp::libc::SOCK_STREAM, 0)?;
/// let mut fds = [PollFd::new(a.as_fd(), POLLIN), PollFd::new(b.as_fd(), POLLOUT)];
/// assert_eq!(sock::poll(&mut fds, None)?, 1);
/// assert_eq!((fds[0].revents(), fds[1].revents()), (0, POLLOUT));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct PollFd<'fd> {
    raw: libc::pollfd,
    fd: PhantomData<BorrowedFd<'fd>>,
}

impl<'fd> PollFd<'fd> {
    /// Watch `fd` for `events` (`POLLIN`, `POLLOUT`, `POLLPRI`, `POLLRDNORM`, ...).
    #[must_use]
    pub fn new(fd: BorrowedFd<'fd>, events: c_short) -> PollFd<'fd> {
        PollFd { raw: libc::pollfd { fd: fd.as_raw_fd(), events, revents: 0 }, fd: PhantomData }
    }

    /// The descriptor watched.
    #[must_use]
    pub fn fd(&self) -> BorrowedFd<'fd> {
        // SAFETY: the descriptor was borrowed for 'fd when the entry was made.
        unsafe { BorrowedFd::borrow_raw(self.raw.fd) }
    }

    /// The events asked for.
    #[must_use]
    pub fn events(&self) -> c_short {
        self.raw.events
    }

    /// Change the events asked for (0: none, the entry is skipped).
    pub fn set_events(&mut self, events: c_short) {
        self.raw.events = events;
    }

    /// The events the last `poll` reported (`POLLERR`, `POLLHUP` and `POLLNVAL` included).
    #[must_use]
    pub fn revents(&self) -> c_short {
        self.raw.revents
    }

    /// True if the last `poll` reported any of `events`.
    #[must_use]
    pub fn has(&self, events: c_short) -> bool {
        self.raw.revents & events != 0
    }
}

impl std::fmt::Debug for PollFd<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollFd")
            .field("fd", &self.raw.fd)
            .field("events", &self.raw.events)
            .field("revents", &self.raw.revents)
            .finish()
    }
}

/// `poll(2)` with a timeout in milliseconds (-1: none).
pub(crate) fn poll(fds: &mut [PollFd<'_>], timeout_ms: c_int) -> io::Result<usize> {
    let n = libc::nfds_t::try_from(fds.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    // SAFETY: PollFd is a transparent pollfd; the slice is valid for its length.
    cvt(unsafe { libc::poll(fds.as_mut_ptr().cast::<libc::pollfd>(), n, timeout_ms) }).map(|n| count(n as isize))
}

/// The words of an `fd_set` (`FD_SETSIZE` bits).
pub(crate) type FdBits = [libc::c_ulong; libc::FD_SETSIZE / (8 * mem::size_of::<libc::c_ulong>())];

/// `select(2)` over bit sets laid out as glibc's `fd_set`.
pub(crate) fn select(
    nfds: c_int,
    read: Option<&mut FdBits>,
    write: Option<&mut FdBits>,
    except: Option<&mut FdBits>,
    timeout: Option<libc::timeval>,
) -> io::Result<usize> {
    const { assert!(mem::size_of::<FdBits>() == mem::size_of::<libc::fd_set>()) };
    let set = |s: Option<&mut FdBits>| s.map_or(ptr::null_mut(), |s| ptr::from_mut(s).cast::<libc::fd_set>());
    let mut tv = timeout;
    let tvp = tv.as_mut().map_or(ptr::null_mut(), ptr::from_mut);
    // SAFETY: every pointer is NULL or a live fd_set-sized bit set / timeval.
    cvt(unsafe { libc::select(nfds, set(read), set(write), set(except), tvp) }).map(|n| count(n as isize))
}

/// `waitpid(2)`: the child's pid and raw status, or `None` for 0 (`WNOHANG`).
pub(crate) fn waitpid(pid: pid_t, options: c_int) -> io::Result<Option<(pid_t, c_int)>> {
    let mut status: c_int = 0;
    // SAFETY: `status` is a valid out-pointer.
    match cvt(unsafe { libc::waitpid(pid, &raw mut status, options) })? {
        0 => Ok(None),
        pid => Ok(Some((pid, status))),
    }
}

/// The number of threads of this process (the entries of `/proc/self/task`).
fn thread_count() -> io::Result<usize> {
    Ok(std::fs::read_dir("/proc/self/task")?.count())
}

/// `fork(2)` if this process has a single thread, which makes it sound: the
/// child's copy of memory then holds no lock or state another thread was changing.
///
/// # Returns
/// 0 in the child, the child's pid in the parent.
pub(crate) fn fork_single_threaded() -> io::Result<pid_t> {
    let threads = thread_count()?;
    if threads != 1 {
        let msg = format!("fork: the process has {threads} threads; a forked child could deadlock");
        return Err(io::Error::new(io::ErrorKind::Unsupported, msg));
    }
    // SAFETY: with one thread (this one), no other thread can start meanwhile or hold a lock.
    cvt(unsafe { libc::fork() })
}

/// `write_fd`'s core: send `data` and the descriptor `sendfd` over a Unix-domain socket.
pub(crate) fn send_fd(fd: BorrowedFd<'_>, data: &[u8], sendfd: BorrowedFd<'_>) -> io::Result<usize> {
    // SAFETY: `data` is valid for reads of its length.
    unsafe { crate::sys::send_fd(fd.as_raw_fd(), data.as_ptr().cast(), data.len(), sendfd.as_raw_fd()) }
}

/// `read_fd`'s core: the byte count and the descriptor received, if one came.
pub(crate) fn recv_fd(fd: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<(usize, Option<OwnedFd>)> {
    // SAFETY: `buf` is valid for writes of its length.
    let (n, recvfd): (usize, RawFd) =
        unsafe { crate::sys::recv_fd(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) }?;
    Ok((n, (recvfd >= 0).then(|| owned(recvfd))))
}
