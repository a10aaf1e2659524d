//! The echo loops of the book's clients and servers: `str_echo`, `str_cli`,
//! `dg_echo`, `dg_cli` (UNP §5.3, §5.5, §8.3, §8.5, lib/str_echo.c,
//! lib/str_cli.c, lib/dg_echo.c, lib/dg_cli.c).
//!
//! The loops are [`crate::echo`]'s cores; the C functions here plug in what
//! the book's use: the raw descriptor, `fgets` on the caller's stream, the
//! thread's `readline` buffer, `Recvfrom` and `Sendto` (which die with their
//! own messages), and `stdout` through C stdio, and print the book's message
//! for the call that failed.
//!
//! Book programs often define their own versions; theirs win (weak symbols).

use std::ffi::CStr;
use std::io::{self, Read, Write};
use std::ptr;

use libc::{FILE, c_int, sockaddr, socklen_t};

use crate::consts::MAXLINE;
use crate::echo::{self, DatagramClient, DatagramServer, Failure, LineSource};
use crate::error;
use crate::os;
use crate::sys::io::{readline_into, writen_all};
use crate::trace::{Starting, trace_call};

/// A C caller's socket: `read(2)` once, `writen`.
struct Raw(c_int);

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: `buf` is writable for its length.
        let n = unsafe { libc::read(self.0, buf.as_mut_ptr().cast(), buf.len()) };
        os::cvt(n).map(|n| n as usize)
    }
}

impl Write for Raw {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        writen_all(self.0, buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        writen_all(self.0, buf).map(drop)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// C's `stdout`, written as `fputs` writes a line: up to its first NUL.
struct CStdout;

impl Write for CStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let text = buf.split(|&b| b == 0).next().unwrap_or_default();
        os::fwrite(os::Stream::Out, text)
    }

    fn flush(&mut self) -> io::Result<()> {
        os::fflush(os::Stream::Out)
    }
}

/// The lines of a C stream, read with `Fgets` (which dies on a read error).
struct Fgets {
    fp: *mut FILE,
    buf: [u8; MAXLINE],
}

impl LineSource for Fgets {
    fn next_line(&mut self) -> io::Result<&[u8]> {
        // SAFETY: buf is writable for MAXLINE bytes; fp is the caller's open stream.
        if unsafe { crate::sys::Fgets(self.buf.as_mut_ptr().cast(), MAXLINE as c_int, self.fp) }.is_null() {
            return Ok(&[]);
        }
        let len = self.buf.iter().position(|&b| b == 0).unwrap_or(MAXLINE);
        Ok(self.buf.get(..len).unwrap_or_default())
    }
}

/// The lines of a socket, read with `readline` (the thread's read-ahead buffer).
struct Readline {
    fd: c_int,
    buf: [u8; MAXLINE],
}

impl LineSource for Readline {
    fn next_line(&mut self) -> io::Result<&[u8]> {
        let n = readline_into(self.fd, &mut self.buf)?;
        Ok(self.buf.get(..n).unwrap_or_default())
    }
}

/// `dg_echo`'s socket: `Recvfrom` into the caller's address buffer, `Sendto` back to it.
struct Clients {
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: socklen_t,
}

impl DatagramServer for Clients {
    /// The sender's address length (the address itself is in the caller's buffer).
    type Peer = socklen_t;

    fn recv_from(&mut self, buf: &mut [u8]) -> io::Result<(usize, socklen_t)> {
        let mut len = self.addrlen;
        // SAFETY: buf is writable for its length; addr holds addrlen bytes (dg_echo's contract).
        let n = unsafe { crate::sys::Recvfrom(self.fd, buf.as_mut_ptr().cast(), buf.len(), 0, self.addr, &mut len) };
        Ok((n as usize, len))
    }

    fn send_to(&mut self, data: &[u8], len: &socklen_t) -> io::Result<()> {
        // SAFETY: data is readable for its length; addr now holds the sender's len-byte address.
        unsafe { crate::sys::Sendto(self.fd, data.as_ptr().cast(), data.len(), 0, self.addr, *len) };
        Ok(())
    }
}

/// `dg_cli`'s socket: `Sendto` the caller's server address, `Recvfrom` from anyone.
struct Server {
    fd: c_int,
    addr: *const sockaddr,
    addrlen: socklen_t,
}

impl DatagramClient for Server {
    fn send(&mut self, data: &[u8]) -> io::Result<()> {
        // SAFETY: data is readable for its length; addr holds addrlen bytes (dg_cli's contract).
        unsafe { crate::sys::Sendto(self.fd, data.as_ptr().cast(), data.len(), 0, self.addr, self.addrlen) };
        Ok(())
    }

    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: buf is writable for its length; no address is asked for.
        let n = unsafe {
            crate::sys::Recvfrom(self.fd, buf.as_mut_ptr().cast(), buf.len(), 0, ptr::null_mut(), ptr::null_mut())
        };
        Ok(n as usize)
    }
}

/// Echo everything read from `sockfd` back to it until EOF (UNP §5.3).
///
/// Prints "str_echo: read error: <reason>" and exits(1) on a read error (EINTR is retried),
/// "writen error: <reason>" if the echo fails.
#[unsafe(export_name = "lnp_rs_str_echo")]
pub extern "C" fn str_echo(sockfd: c_int) {
    let mut buf = [0u8; MAXLINE];
    if let Err(failure) = echo::echo_stream(&mut Raw(sockfd), &mut buf) {
        die(failure, c"str_echo: read error", c"writen error");
    }
    trace_call!(IO, "str_echo", &(), [Int(sockfd.into())]);
}

/// Send each line of `fp` to `sockfd` and copy each echoed line to stdout, until EOF on `fp` (UNP §5.5).
///
/// Prints "str_cli: server terminated prematurely" and exits(1) if the server closes first.
///
/// # Safety
/// `fp` must be an open input stream.
#[unsafe(export_name = "lnp_rs_str_cli")]
pub unsafe extern "C" fn str_cli(fp: *mut FILE, sockfd: c_int) {
    let mut input = Fgets { fp, buf: [0; MAXLINE] };
    let mut replies = Readline { fd: sockfd, buf: [0; MAXLINE] };
    match echo::stream_client(&mut input, &mut Raw(sockfd), &mut replies, &mut CStdout) {
        Ok(()) => {}
        Err(Failure::ServerClosed) => error::quit(c"str_cli: server terminated prematurely"),
        Err(failure) => die(failure, c"readline error", c"writen error"),
    }
    trace_call!(IO, "str_cli", &(), [Stream(fp), Int(sockfd.into())]);
}

/// Echo every datagram received on `sockfd` back to its sender, forever (UNP §8.3).
///
/// # Safety
/// `pcliaddr` must be valid for writes of `clilen` bytes.
#[unsafe(export_name = "lnp_rs_dg_echo")]
pub unsafe extern "C" fn dg_echo(sockfd: c_int, pcliaddr: *mut sockaddr, clilen: socklen_t) {
    trace_call!(IO, "dg_echo", &Starting, [Int(sockfd.into()), Out, Int(clilen.into())]);
    let mut mesg = [0u8; MAXLINE];
    let mut clients = Clients { fd: sockfd, addr: pcliaddr, addrlen: clilen };
    die(echo::echo_datagrams(&mut clients, &mut mesg), c"recvfrom error", c"sendto error");
}

/// Send each line of `fp` as a datagram to `pservaddr` and print each reply, until EOF on `fp` (UNP §8.5).
///
/// # Safety
/// `fp` must be an open input stream; `pservaddr` valid for reads of `servlen` bytes.
#[unsafe(export_name = "lnp_rs_dg_cli")]
pub unsafe extern "C" fn dg_cli(fp: *mut FILE, sockfd: c_int, pservaddr: *const sockaddr, servlen: socklen_t) {
    let mut input = Fgets { fp, buf: [0; MAXLINE] };
    let mut recvline = [0u8; MAXLINE];
    let mut server = Server { fd: sockfd, addr: pservaddr, addrlen: servlen };
    if let Err(failure) = echo::datagram_client(&mut input, &mut server, &mut recvline, &mut CStdout) {
        die(failure, c"recvfrom error", c"sendto error");
    }
    trace_call!(IO, "dg_cli", &(), [Stream(fp), Int(sockfd.into()), Addr(pservaddr, servlen), Int(servlen.into())]);
}

/// Print the book's message for a failed echo-loop call and exit(1);
/// `receive` and `send` are the messages for the socket's calls.
/// [`Failure::ServerClosed`] is `str_cli`'s, which prints its own message first.
fn die(failure: Failure, receive: &CStr, send: &CStr) {
    match failure {
        Failure::Input(e) => error::sys_exit(&e, c"fgets error"),
        Failure::Receive(e) => error::sys_exit(&e, receive),
        Failure::Send(e) => error::sys_exit(&e, send),
        Failure::Output(e) => error::sys_exit(&e, c"fputs error"),
        Failure::ServerClosed => {}
    }
}
