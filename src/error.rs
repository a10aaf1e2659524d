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
    // SAFETY: the shim passes its own NUL-terminated buffer.
    let text = unsafe { CStr::from_ptr(msg) }.to_bytes();
    let mut line = Vec::with_capacity(MAXLINE + 1);
    line.extend_from_slice(&text[..text.len().min(MAXLINE - 1)]);
    if errnoflag != 0 {
        let room = (MAXLINE - 1).saturating_sub(line.len());
        let mut suffix = b": ".to_vec();
        suffix.extend_from_slice(&strerror(saved_errno));
        line.extend_from_slice(&suffix[..suffix.len().min(room)]);
    }
    line.push(b'\n');
    line.push(0);
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

/// `strerror(errnum)` as bytes, from glibc (C locale text, no " (os error N)").
pub(crate) fn strerror(errnum: c_int) -> Vec<u8> {
    let mut buf = [0u8; 256];
    // SAFETY: buf is writable for its length; the XSI strerror_r NUL-terminates it.
    let rc = unsafe { libc::strerror_r(errnum, buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {errnum}").into_bytes();
    }
    let len = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    buf[..len].to_vec()
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
