//! Reading and writing: `readn`, `writen`, a line reader with the buffering
//! of the book's `readline`, descriptor passing, and waiting with a timeout.
//!
//! ```
//! use std::io::BufRead;
//! use std::os::fd::AsFd;
//! let (a, b) = lnp::sock::socketpair(lnp::libc::AF_UNIX, lnp::libc::SOCK_STREAM, 0)?;
//! lnp::io::writen(&a, b"hello\nworld\n")?;
//! let mut lines = lnp::io::LineReader::new(b.as_fd());
//! assert_eq!(lines.next().unwrap()?, b"hello\n");
//! let mut text = String::new();
//! lines.read_line(&mut text)?;                        // std's BufRead works too
//! assert_eq!(text, "world\n");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, BufRead, Read};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::Duration;

use crate::consts::MAXLINE;
use crate::os;
use crate::sock::{self, PollFd};

/// `readn`: read exactly `buf.len()` bytes unless EOF comes first (EINTR is retried).
///
/// # Returns
/// The byte count, smaller than `buf.len()` only at EOF.
///
/// # Errors
/// The `read(2)` error (the bytes read before it are lost, as in C).
pub fn readn(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    let fd = fd.as_fd();
    let mut got = 0;
    while let Some(rest) = buf.get_mut(got..).filter(|rest| !rest.is_empty()) {
        match os::read(fd, rest) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// `writen`: write all of `buf` (EINTR is retried).
///
/// # Errors
/// The `write(2)` error (`EPIPE`, ...), or `WriteZero` if `write` wrote nothing.
pub fn writen(fd: impl AsFd, buf: &[u8]) -> io::Result<()> {
    let fd = fd.as_fd();
    let mut put = 0;
    while let Some(rest) = buf.get(put..).filter(|rest| !rest.is_empty()) {
        match os::write(fd, rest) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
            Ok(n) => put += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The lines of a descriptor, read as the book's `readline` reads them: `MAXLINE`
/// bytes at a time into a read-ahead buffer, which this reader owns (two readers
/// never share data, unlike the C `readline`, whose buffer belongs to the thread).
///
/// It is an [`Iterator`] of lines (each keeps its `\n`; a line longer than
/// `MAXLINE - 1` bytes comes in pieces of that size, as from `readline`), and a
/// [`BufRead`] and [`Read`], so `read_line`, `read_until` and `lines` work too.
/// Interrupted reads are retried.
#[derive(Debug)]
pub struct LineReader<'fd> {
    fd: BorrowedFd<'fd>,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
}

impl<'fd> LineReader<'fd> {
    /// A reader of `fd`'s lines with an empty buffer.
    #[must_use]
    pub fn new(fd: BorrowedFd<'fd>) -> LineReader<'fd> {
        LineReader { fd, buf: vec![0; MAXLINE].into_boxed_slice(), pos: 0, end: 0 }
    }

    /// Read the next line, or piece of at most `MAXLINE - 1` bytes, into `line`
    /// (replacing its contents); 0 at EOF.
    ///
    /// # Errors
    /// The `read(2)` error.
    pub fn next_line(&mut self, line: &mut Vec<u8>) -> io::Result<usize> {
        line.clear();
        while line.len() < MAXLINE - 1 {
            let avail = self.fill_buf()?;
            if avail.is_empty() {
                break; // EOF
            }
            let room = MAXLINE - 1 - line.len();
            let chunk = avail.get(..room).unwrap_or(avail);
            let (take, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            line.extend_from_slice(chunk.get(..take).unwrap_or(chunk));
            self.consume(take);
            if found {
                break;
            }
        }
        Ok(line.len())
    }

    /// The bytes read ahead and not yet returned (what `readlinebuf` tells the C `readline`).
    #[must_use]
    pub fn buffer(&self) -> &[u8] {
        self.buf.get(self.pos..self.end).unwrap_or_default()
    }
}

impl Read for LineReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out.get_mut(..n).unwrap_or_default().copy_from_slice(avail.get(..n).unwrap_or_default());
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for LineReader<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.end {
            match os::read(self.fd, &mut self.buf) {
                Ok(n) => {
                    (self.pos, self.end) = (0, n);
                    if n == 0 {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(self.buffer())
    }

    fn consume(&mut self, amt: usize) {
        self.pos = self.pos.saturating_add(amt).min(self.end);
    }
}

impl Iterator for LineReader<'_> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        let mut line = Vec::new();
        match self.next_line(&mut line) {
            Ok(0) => None,
            Ok(_) => Some(Ok(line)),
            Err(e) => Some(Err(e)),
        }
    }
}

/// `write_fd`: send `data` and the descriptor `sendfd` over a Unix-domain socket.
///
/// # Returns
/// The number of data bytes sent.
///
/// # Errors
/// The `sendmsg(2)` error (`ENOTSOCK`, `EOPNOTSUPP` for a socket that is not `AF_LOCAL`, ...).
pub fn send_fd(fd: impl AsFd, data: &[u8], sendfd: impl AsFd) -> io::Result<usize> {
    os::send_fd(fd.as_fd(), data, sendfd.as_fd())
}

/// `read_fd`: receive data and possibly a descriptor sent with [`send_fd`] (`write_fd`).
///
/// # Returns
/// The byte count (0 at EOF) and the received descriptor, if one came.
///
/// # Errors
/// The `recvmsg(2)` error.
pub fn recv_fd(fd: impl AsFd, buf: &mut [u8]) -> io::Result<(usize, Option<OwnedFd>)> {
    os::recv_fd(fd.as_fd(), buf)
}

/// Wait for `events` on `fd` with `poll`, the timeout rounded up to whole milliseconds.
fn wait(fd: BorrowedFd<'_>, events: libc::c_short, timeout: Duration) -> io::Result<bool> {
    let mut fds = [PollFd::new(fd, events)];
    let ready = sock::poll(&mut fds, Some(timeout))? > 0;
    if fds[0].has(libc::POLLNVAL) {
        return Err(io::Error::from_raw_os_error(libc::EBADF)); // what select reports
    }
    Ok(ready)
}

/// `readable_timeo`: wait until `fd` is readable or `timeout` passes
/// (millisecond precision, rounded up; the C function counts whole seconds).
///
/// # Returns
/// `true` if readable (EOF and errors count as readable), `false` on timeout.
///
/// # Errors
/// `InvalidInput` for a timeout beyond `c_int::MAX` milliseconds, or the
/// `poll(2)` error (`ErrorKind::Interrupted` for a caught signal).
pub fn wait_readable(fd: impl AsFd, timeout: Duration) -> io::Result<bool> {
    wait(fd.as_fd(), libc::POLLIN, timeout)
}

/// `writable_timeo`: wait until `fd` is writable or `timeout` passes (as [`wait_readable`]).
///
/// # Returns
/// `true` if writable, `false` on timeout.
///
/// # Errors
/// As for [`wait_readable`].
pub fn wait_writable(fd: impl AsFd, timeout: Duration) -> io::Result<bool> {
    wait(fd.as_fd(), libc::POLLOUT, timeout)
}
