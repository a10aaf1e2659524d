//! Reading and writing: `readn`, `writen`, `readline` (and a line reader
//! built on it), descriptor passing, and waiting with a timeout.
//!
//! Every function calls the same code as the C function of the same name
//! (through [`crate::sys`]) and returns `io::Result` instead of -1/errno.
//!
//! ```
//! use std::os::fd::AsFd;
//! let (a, b) = lnp::sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0)?;
//! lnp::io::writen(&a, b"hello\nworld\n")?;
//! let mut lines = lnp::io::LineReader::new(b.as_fd());
//! assert_eq!(lines.next().unwrap()?, b"hello\n");
//! assert_eq!(lines.next().unwrap()?, b"world\n");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::time::Duration;

use libc::c_int;

use crate::consts::MAXLINE;
use crate::sys;

/// `readn`: read exactly `buf.len()` bytes unless EOF comes first (EINTR is retried).
///
/// # Returns
/// The byte count, smaller than `buf.len()` only at EOF.
pub fn readn(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    sys::readn_into(fd.as_fd().as_raw_fd(), buf)
}

/// `writen`: write all of `buf` (EINTR is retried).
pub fn writen(fd: impl AsFd, buf: &[u8]) -> io::Result<()> {
    sys::writen_all(fd.as_fd().as_raw_fd(), buf).map(drop)
}

/// `readline`: read one line (up to and including `\n`) into `buf`, through the
/// calling thread's read-ahead buffer, which the C `readline` shares.
///
/// # Returns
/// The number of bytes stored (the newline included; 0 at EOF). As in C, a
/// line longer than `buf.len() - 1` comes in pieces of `buf.len() - 1` bytes;
/// the byte after the data is set to 0.
///
/// # Errors
/// `InvalidInput` if `buf` is shorter than 2 bytes (no room for a byte and the NUL).
pub fn readline(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    if buf.len() < 2 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "readline needs a buffer of 2 bytes or more"));
    }
    let n = sys::readline_into(fd.as_fd().as_raw_fd(), buf)?;
    // The C quirk: a full buffer without newline reports `maxlen`, but stores maxlen - 1 bytes.
    Ok(n.min(buf.len() - 1))
}

/// The bytes the calling thread's `readline` has read ahead and not yet returned (`readlinebuf`).
pub fn readlinebuf() -> Vec<u8> {
    let (n, ptr) = sys::readline_buffered();
    if n <= 0 || ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: the pointer is at `n` buffered bytes of this thread's read-ahead buffer.
    unsafe { std::slice::from_raw_parts(ptr.cast_const(), n as usize) }.to_vec()
}

/// Lines of a descriptor, read with `readline` (at most `MAXLINE - 1` bytes per piece).
///
/// An iterator of `io::Result<Vec<u8>>` that ends at EOF; each item keeps its `\n`.
/// Like the C function, it reads through the calling thread's buffer, so bytes
/// read ahead belong to the thread, not to the reader.
#[derive(Debug)]
pub struct LineReader<'fd> {
    fd: BorrowedFd<'fd>,
    buf: Vec<u8>,
}

impl<'fd> LineReader<'fd> {
    /// A reader of `fd`'s lines.
    pub fn new(fd: BorrowedFd<'fd>) -> LineReader<'fd> {
        LineReader { fd, buf: vec![0; MAXLINE] }
    }

    /// Read the next line into `line` (replacing its contents); 0 at EOF.
    pub fn read_line(&mut self, line: &mut Vec<u8>) -> io::Result<usize> {
        let n = readline(self.fd, &mut self.buf)?;
        line.clear();
        line.extend_from_slice(&self.buf[..n]);
        Ok(n)
    }
}

impl Iterator for LineReader<'_> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        let mut line = Vec::new();
        match self.read_line(&mut line) {
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
pub fn write_fd(fd: impl AsFd, data: &[u8], sendfd: impl AsFd) -> io::Result<usize> {
    // SAFETY: `data` is valid for reads of its length.
    unsafe { sys::send_fd(fd.as_fd().as_raw_fd(), data.as_ptr().cast(), data.len(), sendfd.as_fd().as_raw_fd()) }
}

/// `read_fd`: receive data and possibly a descriptor sent with `write_fd`.
///
/// # Returns
/// The byte count (0 at EOF) and the received descriptor, if one came.
pub fn read_fd(fd: impl AsFd, buf: &mut [u8]) -> io::Result<(usize, Option<OwnedFd>)> {
    // SAFETY: `buf` is valid for writes of its length.
    let (n, recvfd) = unsafe { sys::recv_fd(fd.as_fd().as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) }?;
    // SAFETY: a non-negative recvfd is a fresh descriptor that nobody else owns.
    let passed = (recvfd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(recvfd) });
    Ok((n, passed))
}

/// Whole seconds of `timeout` as the C functions take them (at least 0, at most `c_int::MAX`).
pub(crate) fn secs(timeout: Duration) -> c_int {
    c_int::try_from(timeout.as_secs()).unwrap_or(c_int::MAX)
}

/// `readable_timeo`: wait until `fd` is readable or `timeout` (whole seconds) passes.
///
/// # Returns
/// `true` if readable, `false` on timeout.
pub fn readable_timeo(fd: impl AsFd, timeout: Duration) -> io::Result<bool> {
    Ok(sys::wait_fd(fd.as_fd().as_raw_fd(), secs(timeout), false)? > 0)
}

/// `writable_timeo`: wait until `fd` is writable or `timeout` (whole seconds) passes.
///
/// # Returns
/// `true` if writable, `false` on timeout.
pub fn writable_timeo(fd: impl AsFd, timeout: Duration) -> io::Result<bool> {
    Ok(sys::wait_fd(fd.as_fd().as_raw_fd(), secs(timeout), true)? > 0)
}
