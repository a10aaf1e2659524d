//! The error-reporting core behind `err_sys`, `err_quit`, `err_msg`,
//! `err_ret` and `err_dump` (API.md §3.1), and the helpers the wrappers use
//! to die with the book's messages.
//!
//! The variadic entry points live in `sys/variadic.c`; they format the
//! message and call [`lnp_rs_err_emit`]. Library code calls the strong
//! `lnp_rs_err_*` names, so a program's own `err_sys` never replaces the
//! library's.

use std::ffi::CStr;
use std::io;

use libc::{c_char, c_int};

use crate::consts::MAXLINE;
use crate::os;

unsafe extern "C" {
    /// Set by `daemon_init`/`daemon_inetd` (weak definition in the C shim).
    pub(crate) static mut daemon_proc: c_int;
    /// The library's own `err_sys`: message + errno text, `exit(1)`.
    pub(crate) fn lnp_rs_err_sys(fmt: *const c_char, ...) -> !;
    /// The library's own `err_quit`: message, `exit(1)`.
    pub(crate) fn lnp_rs_err_quit(fmt: *const c_char, ...) -> !;
    /// The library's own `err_msg`: message, returns.
    pub(crate) fn lnp_rs_err_msg(fmt: *const c_char, ...);
    /// The library's own `err_ret`: message + errno text, returns.
    pub(crate) fn lnp_rs_err_ret(fmt: *const c_char, ...);
}

/// Write one error line: `msg`, then `": " strerror(saved_errno)` if
/// `errnoflag`, then a newline, at most `MAXLINE` bytes in all. Goes to syslog
/// at `level` when `daemon_proc` is set, else to C's `stderr` after flushing
/// `stdout`. Called only by the C shim.
///
/// # Safety
/// `msg` must point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lnp_rs_err_emit(errnoflag: c_int, saved_errno: c_int, level: c_int, msg: *const c_char) {
    // A fixed buffer and iterator copies: no allocation, formatting or
    // indexing, so a program that only calls err_* links no panic machinery
    // (which would pull in std's backtrace printer: README, Performance).
    let mut line = [0u8; MAXLINE + 1];
    // SAFETY: the shim passes its own NUL-terminated buffer.
    let text = unsafe { CStr::from_ptr(msg) }.to_bytes();
    let mut len = append(&mut line, 0, text, MAXLINE - 1);
    if errnoflag != 0 {
        let mut errbuf = [0u8; 256];
        // SAFETY: errbuf is writable for its length; the XSI strerror_r writes a
        // NUL-terminated text there ("Unknown error N" for an unknown number).
        unsafe { libc::strerror_r(saved_errno, errbuf.as_mut_ptr().cast(), errbuf.len()) };
        let etext = CStr::from_bytes_until_nul(&errbuf).map_or(&b""[..], CStr::to_bytes);
        len = append(&mut line, len, b": ", MAXLINE - 1);
        len = append(&mut line, len, etext, MAXLINE - 1);
    }
    // The newline always fits (len <= MAXLINE - 1), and the zeroed buffer supplies the NUL.
    append(&mut line, len, b"\n", MAXLINE);
    // SAFETY: daemon_proc is a plain int defined by the shim.
    let to_syslog = unsafe { daemon_proc } != 0;
    // SAFETY: `line` is NUL-terminated and outlives the calls; the streams are glibc's.
    unsafe {
        if to_syslog {
            libc::syslog(level, c"%s".as_ptr(), line.as_ptr().cast::<c_char>());
        } else {
            libc::fflush(os::c_stdout());
            libc::fputs(line.as_ptr().cast(), os::c_stderr());
            libc::fflush(os::c_stderr());
        }
    }
}

/// Copy `src` into `line` from `len` on, stopping at `limit`; returns the new length.
fn append(line: &mut [u8], len: usize, src: &[u8], limit: usize) -> usize {
    let room = limit.saturating_sub(len);
    let copied = line.iter_mut().skip(len).take(room).zip(src).map(|(dst, &b)| *dst = b).count();
    len + copied
}

/// Print `"<msg>: <strerror(err)>"` and exit(1), like `err_sys(msg)` with
/// `errno` set from `err`.
pub(crate) fn sys_exit(err: &io::Error, msg: &CStr) -> ! {
    os::set_errno(err.raw_os_error().unwrap_or(0));
    // SAFETY: "%s" with one NUL-terminated string argument.
    unsafe { lnp_rs_err_sys(c"%s".as_ptr(), msg.as_ptr()) }
}

/// Print `"<msg>: <strerror(errno)>"` with the current `errno` and exit(1).
pub(crate) fn sys_exit_errno(msg: &CStr) -> ! {
    // SAFETY: "%s" with one NUL-terminated string argument.
    unsafe { lnp_rs_err_sys(c"%s".as_ptr(), msg.as_ptr()) }
}

/// Print `msg` and exit(1), like `err_quit(msg)`.
pub(crate) fn quit(msg: &CStr) -> ! {
    // SAFETY: "%s" with one NUL-terminated string argument.
    unsafe { lnp_rs_err_quit(c"%s".as_ptr(), msg.as_ptr()) }
}

/// Print `msg` and return, like `err_msg(msg)`.
pub(crate) fn msg(msg: &CStr) {
    // SAFETY: "%s" with one NUL-terminated string argument.
    unsafe { lnp_rs_err_msg(c"%s".as_ptr(), msg.as_ptr()) }
}

/// Print `"<msg>: <strerror(errno)>"` and return, like `err_ret(msg)`.
pub(crate) fn ret(msg: &CStr) {
    // SAFETY: "%s" with one NUL-terminated string argument.
    unsafe { lnp_rs_err_ret(c"%s".as_ptr(), msg.as_ptr()) }
}
