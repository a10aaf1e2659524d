//! The book's echo loops: `str_echo`, `str_cli` (TCP) and `dg_echo`,
//! `dg_cli` (UDP), the library's own code, run on Rust descriptors.
//!
//! They behave exactly like the C functions, including their error
//! handling: a failure prints the book's message (`str_cli: server
//! terminated prematurely`, `readline error: ...`) and exits with status 1.
//! The clients read C's `stdin` and print to C's `stdout`.

use std::os::fd::{AsFd, AsRawFd};

use crate::addr::SockAddr;
use crate::os;
use crate::sys;

/// `str_echo`: echo everything read from `fd` back to it until EOF (server side).
pub fn str_echo(fd: impl AsFd) {
    sys::str_echo(fd.as_fd().as_raw_fd());
}

/// `str_cli(stdin, fd)`: send each line of standard input to `fd` and print
/// the echoed line, until EOF on standard input.
pub fn str_cli(fd: impl AsFd) {
    // SAFETY: glibc's stdin stream is valid for the life of the process.
    unsafe { sys::str_cli(os::c_stdin(), fd.as_fd().as_raw_fd()) }
}

/// `dg_echo`: echo every datagram back to its sender; never returns.
pub fn dg_echo(fd: impl AsFd) -> ! {
    let mut cliaddr = SockAddr::empty();
    // SAFETY: the storage is writable for `capacity()` bytes.
    unsafe { sys::dg_echo(fd.as_fd().as_raw_fd(), cliaddr.as_mut_ptr(), SockAddr::capacity()) };
    // dg_echo loops forever; a return would be a library bug.
    std::process::exit(1)
}

/// `dg_cli(stdin, fd, servaddr)`: send each line of standard input to
/// `servaddr` and print the reply, until EOF on standard input.
pub fn dg_cli(fd: impl AsFd, servaddr: &SockAddr) {
    // SAFETY: glibc's stdin stream; the address is valid for its length.
    unsafe { sys::dg_cli(os::c_stdin(), fd.as_fd().as_raw_fd(), servaddr.as_ptr(), servaddr.len()) }
}
