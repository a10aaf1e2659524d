//! The book's echo loops, `str_echo`, `str_cli` (TCP) and `dg_echo`,
//! `dg_cli` (UDP), in Rust: the same traffic as the C functions, with errors
//! returned instead of printed.
//!
//! The C functions exit with a message; these return the `io::Error` of the
//! failing call (errno kept), or, when the server closes the connection
//! before echoing a line, an `UnexpectedEof` error whose text is the book's:
//! `.or_die("str_cli")` prints `str_cli: server terminated prematurely`.
//!
//! ```
//! use lnp::{echo, sock};
//! let (client, server) = sock::socketpair(lnp::libc::AF_UNIX, lnp::libc::SOCK_STREAM, 0)?;
//! let echoer = std::thread::spawn(move || echo::str_echo(&server));
//! let mut out = Vec::new();
//! echo::str_cli(&b"hello\nworld\n"[..], &client, &mut out)?;
//! assert_eq!(out, b"hello\nworld\n");
//! drop(client);
//! echoer.join().unwrap()?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::convert::Infallible;
use std::io::{self, BufRead, Read, Write};
use std::os::fd::AsFd;

use crate::addr::SockAddr;
use crate::consts::MAXLINE;
use crate::io::{LineReader, writen};
use crate::sock;

/// Retry `f` while it fails with `EINTR`.
fn retry<T>(mut f: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match f() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// `str_echo`: echo everything read from `fd` back to it until EOF (server side).
///
/// # Errors
/// The `read(2)` or `write(2)` error (`ECONNRESET`, `EPIPE`, ...).
pub fn str_echo(fd: impl AsFd) -> io::Result<()> {
    let fd = fd.as_fd();
    let mut buf = vec![0u8; MAXLINE];
    loop {
        let n = retry(|| sock::read(fd, &mut buf))?;
        match buf.get(..n) {
            Some([]) | None => return Ok(()),
            Some(data) => writen(fd, data)?,
        }
    }
}

/// `str_cli`: send each line of `input` to `fd`, and write the line echoed
/// back to `output`, until EOF on `input` (the book's program passes stdin and
/// C's stdout: [`crate::stdio::stdout`]).
///
/// # Errors
/// An error reading `input` or writing `output`, the socket's `read(2)`/`write(2)`
/// error, or `UnexpectedEof` ("server terminated prematurely") if the server closes first.
pub fn str_cli(mut input: impl BufRead, fd: impl AsFd, mut output: impl Write) -> io::Result<()> {
    let fd = fd.as_fd();
    let mut replies = LineReader::new(fd);
    let mut sendline = Vec::new();
    let mut recvline = Vec::new();
    // As with fgets and readline: lines of at most MAXLINE - 1 bytes, one reply line per line sent.
    while read_piece(&mut input, &mut sendline)? > 0 {
        writen(fd, &sendline)?;
        if replies.next_line(&mut recvline)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "server terminated prematurely"));
        }
        output.write_all(&recvline)?;
    }
    Ok(())
}

/// Read a line of `input` into `line`, at most `MAXLINE - 1` bytes of it (what `fgets` reads).
fn read_piece(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    line.clear();
    input.take(MAXLINE as u64 - 1).read_until(b'\n', line)
}

/// `dg_echo`: echo every datagram back to its sender, forever.
///
/// # Errors
/// Returns only with the `recvfrom(2)` or `sendto(2)` error.
pub fn dg_echo(fd: impl AsFd) -> io::Result<Infallible> {
    let fd = fd.as_fd();
    let mut mesg = vec![0u8; MAXLINE];
    loop {
        let (n, cliaddr) = retry(|| sock::recvfrom(fd, &mut mesg, 0))?;
        sock::sendto(fd, mesg.get(..n).unwrap_or_default(), 0, cliaddr)?;
    }
}

/// `dg_cli`: send each line of `input` as a datagram to `servaddr`, and write
/// each reply to `output`, until EOF on `input`.
///
/// # Errors
/// An error reading `input` or writing `output`, or the `sendto(2)`/`recvfrom(2)`
/// error (a receive timeout set with [`sock::set_recv_timeout`] gives `WouldBlock`).
pub fn dg_cli(
    mut input: impl BufRead,
    fd: impl AsFd,
    servaddr: impl Into<SockAddr>,
    mut output: impl Write,
) -> io::Result<()> {
    let fd = fd.as_fd();
    let servaddr = servaddr.into();
    let mut sendline = Vec::new();
    let mut recvline = vec![0u8; MAXLINE];
    while read_piece(&mut input, &mut sendline)? > 0 {
        sock::sendto(fd, &sendline, 0, servaddr)?;
        let (n, _from) = retry(|| sock::recvfrom(fd, &mut recvline, 0))?;
        output.write_all(recvline.get(..n).unwrap_or_default())?;
    }
    Ok(())
}
