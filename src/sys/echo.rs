//! The echo loops of the book's clients and servers: `str_echo`, `str_cli`,
//! `dg_echo`, `dg_cli` (UNP §5.3, §5.5, §8.3, §8.5, lib/str_echo.c,
//! lib/str_cli.c, lib/dg_echo.c, lib/dg_cli.c).
//!
//! Book programs often define their own versions; theirs win (weak symbols).

use std::ptr;

use libc::{FILE, c_char, c_int, sockaddr, socklen_t};

use crate::consts::MAXLINE;
use crate::error;
use crate::os;
use crate::sys::io::{readline_into, writen_all};
use crate::trace::{Starting, trace_call};

/// Echo everything read from `sockfd` back to it until EOF (UNP §5.3).
///
/// Prints "str_echo: read error: <reason>" and exits(1) on a read error (EINTR is retried),
/// "writen error: <reason>" if the echo fails.
#[unsafe(export_name = "lnp_rs_str_echo")]
pub extern "C" fn str_echo(sockfd: c_int) {
    str_echo_core(sockfd);
    trace_call!(IO, "str_echo", &(), [Int(sockfd.into())]);
}

/// The body of `str_echo` without its trace line (for `str_echo` itself and the library's own calls).
pub(crate) fn str_echo_core(sockfd: c_int) {
    let mut buf = [0u8; MAXLINE];
    loop {
        // SAFETY: buf is writable for MAXLINE bytes.
        let n = unsafe { libc::read(sockfd, buf.as_mut_ptr().cast(), MAXLINE) };
        if n > 0 {
            let got = buf.get(..n as usize).unwrap_or(&buf);
            if let Err(e) = writen_all(sockfd, got) {
                error::sys_exit(&e, c"writen error");
            }
        } else if n == 0 {
            return;
        } else if os::errno() != libc::EINTR {
            error::sys_exit_errno(c"str_echo: read error");
        }
    }
}

/// Send each line of `fp` to `sockfd` and copy each echoed line to stdout, until EOF on `fp` (UNP §5.5).
///
/// Prints "str_cli: server terminated prematurely" and exits(1) if the server closes first.
///
/// # Safety
/// `fp` must be an open input stream.
#[unsafe(export_name = "lnp_rs_str_cli")]
pub unsafe extern "C" fn str_cli(fp: *mut FILE, sockfd: c_int) {
    // SAFETY: the caller's contract is str_cli's.
    unsafe { str_cli_core(fp, sockfd) };
    trace_call!(IO, "str_cli", &(), [Stream(fp), Int(sockfd.into())]);
}

/// The body of `str_cli` without its trace line (for `str_cli` itself and the library's own calls).
///
/// # Safety
/// As for `str_cli`.
pub(crate) unsafe fn str_cli_core(fp: *mut FILE, sockfd: c_int) {
    let mut sendline = [0u8; MAXLINE];
    let mut recvline = [0u8; MAXLINE];
    // SAFETY: sendline is writable for MAXLINE bytes; fp is the caller's open stream.
    while !unsafe { crate::sys::Fgets(sendline.as_mut_ptr().cast(), MAXLINE as c_int, fp) }.is_null() {
        let len = sendline.iter().position(|&b| b == 0).unwrap_or(MAXLINE);
        if let Err(e) = writen_all(sockfd, &sendline[..len]) {
            error::sys_exit(&e, c"writen error");
        }
        match readline_into(sockfd, &mut recvline) {
            Ok(0) => error::quit(c"str_cli: server terminated prematurely"),
            Ok(_) => {}
            Err(e) => error::sys_exit(&e, c"readline error"),
        }
        // SAFETY: readline NUL-terminated recvline; stdout is glibc's.
        unsafe { crate::sys::Fputs(recvline.as_ptr().cast(), os::c_stdout()) };
    }
}

/// Echo every datagram received on `sockfd` back to its sender, forever (UNP §8.3).
///
/// # Safety
/// `pcliaddr` must be valid for writes of `clilen` bytes.
#[unsafe(export_name = "lnp_rs_dg_echo")]
pub unsafe extern "C" fn dg_echo(sockfd: c_int, pcliaddr: *mut sockaddr, clilen: socklen_t) {
    trace_call!(IO, "dg_echo", &Starting, [Int(sockfd.into()), Out, Int(clilen.into())]);
    let mut mesg = [0u8; MAXLINE];
    loop {
        let mut len = clilen;
        // SAFETY: mesg holds MAXLINE bytes; pcliaddr holds clilen bytes (the caller's contract).
        let n = unsafe { crate::sys::Recvfrom(sockfd, mesg.as_mut_ptr().cast(), MAXLINE, 0, pcliaddr, &mut len) };
        // SAFETY: n bytes of mesg were received; pcliaddr now holds the sender's len-byte address.
        unsafe { crate::sys::Sendto(sockfd, mesg.as_ptr().cast(), n as usize, 0, pcliaddr, len) };
    }
}

/// Send each line of `fp` as a datagram to `pservaddr` and print each reply, until EOF on `fp` (UNP §8.5).
///
/// # Safety
/// `fp` must be an open input stream; `pservaddr` valid for reads of `servlen` bytes.
#[unsafe(export_name = "lnp_rs_dg_cli")]
pub unsafe extern "C" fn dg_cli(fp: *mut FILE, sockfd: c_int, pservaddr: *const sockaddr, servlen: socklen_t) {
    // SAFETY: the caller's contract is dg_cli's.
    unsafe { dg_cli_core(fp, sockfd, pservaddr, servlen) };
    trace_call!(IO, "dg_cli", &(), [Stream(fp), Int(sockfd.into()), Addr(pservaddr, servlen), Int(servlen.into())]);
}

/// The body of `dg_cli` without its trace line (for `dg_cli` itself and the library's own calls).
///
/// # Safety
/// As for `dg_cli`.
pub(crate) unsafe fn dg_cli_core(fp: *mut FILE, sockfd: c_int, pservaddr: *const sockaddr, servlen: socklen_t) {
    let mut sendline = [0u8; MAXLINE];
    let mut recvline = [0u8; MAXLINE + 1];
    // SAFETY: sendline is writable for MAXLINE bytes; fp is the caller's open stream.
    while !unsafe { crate::sys::Fgets(sendline.as_mut_ptr().cast(), MAXLINE as c_int, fp) }.is_null() {
        let len = sendline.iter().position(|&b| b == 0).unwrap_or(MAXLINE);
        // SAFETY: len bytes of sendline; the caller vouches for the address.
        unsafe { crate::sys::Sendto(sockfd, sendline.as_ptr().cast(), len, 0, pservaddr, servlen) };
        // SAFETY: recvline has room for MAXLINE bytes and the NUL.
        let n = unsafe {
            crate::sys::Recvfrom(sockfd, recvline.as_mut_ptr().cast(), MAXLINE, 0, ptr::null_mut(), ptr::null_mut())
        };
        recvline[(n as usize).min(MAXLINE)] = 0;
        // SAFETY: recvline is NUL-terminated; stdout is glibc's.
        unsafe { crate::sys::Fputs(recvline.as_ptr().cast::<c_char>(), os::c_stdout()) };
    }
}
