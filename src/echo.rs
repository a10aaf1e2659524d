//! The book's echo loops, `str_echo`, `str_cli` (TCP) and `dg_echo`,
//! `dg_cli` (UDP), in Rust: the same traffic as the C functions, with errors
//! returned instead of printed.
//!
//! The C functions exit with a message; these return the `io::Error` of the
//! failing call (errno kept), or, when the server closes the connection
//! before echoing a line, an `UnexpectedEof` error whose text is the book's:
//! `.or_die("str_cli")` prints `str_cli: server terminated prematurely`.
//!
//! Both faces run the same loops, the crate's cores `echo_stream`,
//! `stream_client`, `echo_datagrams` and `datagram_client`: they take the
//! socket, the line sources and the output as traits, and say which call
//! failed (`Failure`). The functions here plug in `BorrowedFd`, `BufRead`
//! and `Write`; the C functions of `crate::sys::echo` plug in C stdio, the
//! thread's `readline` buffer and the dying wrappers, and print the book's
//! message for each failure.
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
use std::os::fd::{AsFd, BorrowedFd};

use crate::addr::SockAddr;
use crate::consts::MAXLINE;
use crate::io::LineReader;
use crate::sock;

/// The call of an echo loop that failed, and its error.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Reading the input lines (`fgets`).
    Input(io::Error),
    /// Reading the socket (`read`, `readline`, `recvfrom`).
    Receive(io::Error),
    /// Writing the socket (`writen`, `sendto`).
    Send(io::Error),
    /// Writing the echoed lines (`fputs`).
    Output(io::Error),
    /// The server closed the connection before echoing a line (`str_cli`).
    ServerClosed,
}

impl From<Failure> for io::Error {
    fn from(failure: Failure) -> io::Error {
        match failure {
            Failure::Input(e) | Failure::Receive(e) | Failure::Send(e) | Failure::Output(e) => e,
            Failure::ServerClosed => io::Error::new(io::ErrorKind::UnexpectedEof, "server terminated prematurely"),
        }
    }
}

/// Lines, one at a time: `fgets` or `readline` for C, a `BufRead` or a
/// [`LineReader`] for Rust. A line has at most `MAXLINE - 1` bytes (a longer
/// one comes in pieces), as from `fgets` and `readline`.
pub(crate) trait LineSource {
    /// The next line (with its `\n`, if it had one); empty at EOF.
    fn next_line(&mut self) -> io::Result<&[u8]>;
}

/// A datagram socket as `dg_echo` uses it: receive from anyone, answer the sender.
pub(crate) trait DatagramServer {
    /// Where a datagram came from.
    type Peer;
    /// Receive one datagram into `buf`: its length and sender.
    fn recv_from(&mut self, buf: &mut [u8]) -> io::Result<(usize, Self::Peer)>;
    /// Send `data` to `peer`.
    fn send_to(&mut self, data: &[u8], peer: &Self::Peer) -> io::Result<()>;
}

/// A datagram socket as `dg_cli` uses it: send to the server, receive its reply.
pub(crate) trait DatagramClient {
    /// Send `data` to the server.
    fn send(&mut self, data: &[u8]) -> io::Result<()>;
    /// Receive one datagram into `buf`: its length.
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize>;
}

/// The `str_echo` loop: read what comes on `sock` into `buf` and write it back,
/// until EOF; reads that fail with EINTR are retried.
pub(crate) fn echo_stream(sock: &mut (impl Read + Write), buf: &mut [u8]) -> Result<(), Failure> {
    loop {
        let n = match sock.read(buf) {
            Ok(n) => n,
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            Err(e) => return Err(Failure::Receive(e)),
        };
        match buf.get(..n) {
            Some([]) | None => return Ok(()),
            Some(data) => sock.write_all(data).map_err(Failure::Send)?,
        }
    }
}

/// The `str_cli` loop: send each line of `input` on `sock`, read the echoed
/// line from `replies` and write it to `output`, until EOF on `input`.
pub(crate) fn stream_client(
    input: &mut impl LineSource,
    sock: &mut impl Write,
    replies: &mut impl LineSource,
    output: &mut impl Write,
) -> Result<(), Failure> {
    loop {
        let line = input.next_line().map_err(Failure::Input)?;
        if line.is_empty() {
            return Ok(());
        }
        sock.write_all(line).map_err(Failure::Send)?;
        let reply = replies.next_line().map_err(Failure::Receive)?;
        if reply.is_empty() {
            return Err(Failure::ServerClosed);
        }
        output.write_all(reply).map_err(Failure::Output)?;
    }
}

/// The `dg_echo` loop: send every datagram received on `sock` back to its
/// sender, using `buf`; returns only with the failure.
pub(crate) fn echo_datagrams(sock: &mut impl DatagramServer, buf: &mut [u8]) -> Failure {
    loop {
        let (n, peer) = match sock.recv_from(buf) {
            Ok(got) => got,
            Err(e) => return Failure::Receive(e),
        };
        if let Err(e) = sock.send_to(buf.get(..n).unwrap_or_default(), &peer) {
            return Failure::Send(e);
        }
    }
}

/// The `dg_cli` loop: send each line of `input` to the server, receive the
/// reply into `buf` and write it to `output`, until EOF on `input`.
pub(crate) fn datagram_client(
    input: &mut impl LineSource,
    sock: &mut impl DatagramClient,
    buf: &mut [u8],
    output: &mut impl Write,
) -> Result<(), Failure> {
    loop {
        let line = input.next_line().map_err(Failure::Input)?;
        if line.is_empty() {
            return Ok(());
        }
        sock.send(line).map_err(Failure::Send)?;
        let n = sock.recv(buf).map_err(Failure::Receive)?;
        output.write_all(buf.get(..n).unwrap_or_default()).map_err(Failure::Output)?;
    }
}

/// Retry `f` while it fails with `EINTR`.
fn retry<T>(mut f: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match f() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// A descriptor as the Rust loops use it: `read(2)` once, `write(2)` (so
/// `write_all` is `writen`), `sendto(2)` and `recvfrom(2)` with EINTR retried.
struct Fd<'fd>(BorrowedFd<'fd>);

impl Read for Fd<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        sock::read(self.0, buf)
    }
}

impl Write for Fd<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        sock::write(self.0, buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl DatagramServer for Fd<'_> {
    type Peer = SockAddr;

    fn recv_from(&mut self, buf: &mut [u8]) -> io::Result<(usize, SockAddr)> {
        retry(|| sock::recvfrom(self.0, buf, 0))
    }

    fn send_to(&mut self, data: &[u8], peer: &SockAddr) -> io::Result<()> {
        sock::sendto(self.0, data, 0, *peer).map(drop)
    }
}

/// A socket and the server address `dg_cli` sends to.
struct ToServer<'fd>(BorrowedFd<'fd>, SockAddr);

impl DatagramClient for ToServer<'_> {
    fn send(&mut self, data: &[u8]) -> io::Result<()> {
        sock::sendto(self.0, data, 0, self.1).map(drop)
    }

    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        retry(|| sock::recvfrom(self.0, buf, 0)).map(|(n, _from)| n)
    }
}

/// The lines of a `BufRead`, at most `MAXLINE - 1` bytes each (what `fgets` reads).
struct Lines<R> {
    input: R,
    line: Vec<u8>,
}

impl<R: BufRead> LineSource for Lines<R> {
    fn next_line(&mut self) -> io::Result<&[u8]> {
        self.line.clear();
        (&mut self.input).take(MAXLINE as u64 - 1).read_until(b'\n', &mut self.line)?;
        Ok(&self.line)
    }
}

/// The lines of a socket, read as `readline` reads them.
struct Replies<'fd> {
    reader: LineReader<'fd>,
    line: Vec<u8>,
}

impl LineSource for Replies<'_> {
    fn next_line(&mut self) -> io::Result<&[u8]> {
        self.reader.next_line(&mut self.line)?;
        Ok(&self.line)
    }
}

/// `str_echo`: echo everything read from `fd` back to it until EOF (server side).
///
/// # Errors
/// The `read(2)` or `write(2)` error (`ECONNRESET`, `EPIPE`, ...).
pub fn str_echo(fd: impl AsFd) -> io::Result<()> {
    let mut buf = vec![0u8; MAXLINE];
    echo_stream(&mut Fd(fd.as_fd()), &mut buf).map_err(io::Error::from)
}

/// `str_cli`: send each line of `input` to `fd`, and write the line echoed
/// back to `output`, until EOF on `input` (the book's program passes stdin and
/// C's stdout: [`crate::stdio::stdout`]).
///
/// # Errors
/// An error reading `input` or writing `output`, the socket's `read(2)`/`write(2)`
/// error, or `UnexpectedEof` ("server terminated prematurely") if the server closes first.
pub fn str_cli(input: impl BufRead, fd: impl AsFd, mut output: impl Write) -> io::Result<()> {
    let fd = fd.as_fd();
    // As with fgets and readline: lines of at most MAXLINE - 1 bytes, one reply line per line sent.
    let mut input = Lines { input, line: Vec::new() };
    let mut replies = Replies { reader: LineReader::new(fd), line: Vec::new() };
    stream_client(&mut input, &mut Fd(fd), &mut replies, &mut output).map_err(io::Error::from)
}

/// `dg_echo`: echo every datagram back to its sender, forever.
///
/// # Errors
/// Returns only with the `recvfrom(2)` or `sendto(2)` error.
pub fn dg_echo(fd: impl AsFd) -> io::Result<Infallible> {
    let mut mesg = vec![0u8; MAXLINE];
    Err(echo_datagrams(&mut Fd(fd.as_fd()), &mut mesg).into())
}

/// `dg_cli`: send each line of `input` as a datagram to `servaddr`, and write
/// each reply to `output`, until EOF on `input`.
///
/// # Errors
/// An error reading `input` or writing `output`, or the `sendto(2)`/`recvfrom(2)`
/// error (a receive timeout set with [`sock::set_recv_timeout`] gives `WouldBlock`).
pub fn dg_cli(
    input: impl BufRead,
    fd: impl AsFd,
    servaddr: impl Into<SockAddr>,
    mut output: impl Write,
) -> io::Result<()> {
    let mut input = Lines { input, line: Vec::new() };
    let mut recvline = vec![0u8; MAXLINE];
    datagram_client(&mut input, &mut ToServer(fd.as_fd(), servaddr.into()), &mut recvline, &mut output)
        .map_err(io::Error::from)
}
