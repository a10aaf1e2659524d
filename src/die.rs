//! The book's die-on-error style, as an opt-in for Rust programs.
//!
//! The C wrappers (`Socket`, `Bind`, `Readline`, ...) print `xxx error:
//! <reason>` and call `exit(1)` when anything fails, so the book's programs
//! need no error handling. Rust programs normally propagate errors with `?`;
//! for teaching, [`OrDie::or_die`] gives the same behaviour and the same
//! text, through the same code as the C library's `err_sys` (C's `stderr`,
//! after flushing C's `stdout`; syslog once the process is a daemon):
//!
//! ```no_run
//! use lnp::OrDie;
//!
//! let fd = lnp::net::tcp_connect("localhost", "daytime").or_die("tcp_connect error");
//! # drop(fd);
//! ```
//!
//! prints `tcp_connect error: Connection refused` and exits with status 1
//! when nothing listens, exactly as the C program would.
//!
//! The functions [`err_sys`], [`err_quit`], [`err_msg`] and [`err_ret`] are
//! the book's `err_*` functions for Rust strings (already formatted, so no
//! `printf` directives are interpreted).

use std::ffi::CString;
use std::io;

use crate::error;
use crate::os;

/// Die the way the book's wrappers do, instead of returning an error.
pub trait OrDie<T> {
    /// The value, or print `"<msg>: <strerror>"` to C's `stderr` and `exit(1)`,
    /// like the C wrapper whose message is `msg` (`err_sys`).
    ///
    /// An error that carries no errno (for example a name-resolution failure)
    /// prints `"<msg>: <its text>"`.
    fn or_die(self, msg: &str) -> T;

    /// The value, or print `msg` alone to C's `stderr` and `exit(1)` (`err_quit`).
    fn or_quit(self, msg: &str) -> T;
}

impl<T> OrDie<T> for io::Result<T> {
    fn or_die(self, msg: &str) -> T {
        match self {
            Ok(value) => value,
            Err(e) => die(&e, msg),
        }
    }

    fn or_quit(self, msg: &str) -> T {
        match self {
            Ok(value) => value,
            Err(_) => err_quit(msg),
        }
    }
}

impl<T> OrDie<T> for Option<T> {
    /// The value, or `err_sys(msg)` with the current `errno`.
    fn or_die(self, msg: &str) -> T {
        match self {
            Some(value) => value,
            None => err_sys(msg),
        }
    }

    fn or_quit(self, msg: &str) -> T {
        match self {
            Some(value) => value,
            None => err_quit(msg),
        }
    }
}

/// Print `"<msg>: <reason>"` for `e` and exit(1).
fn die(e: &io::Error, msg: &str) -> ! {
    let text = c_text(msg);
    match e.raw_os_error() {
        Some(_) => error::sys_exit(e, &text),
        None => err_quit(&format!("{msg}: {e}")),
    }
}

/// `msg` as a C string, interior NUL bytes dropped.
fn c_text(msg: &str) -> CString {
    CString::new(msg.replace('\0', "")).unwrap_or_default()
}

/// `err_sys`: print `"<msg>: <strerror(errno)>"` and exit(1).
pub fn err_sys(msg: &str) -> ! {
    let saved = os::errno();
    let text = c_text(msg);
    os::set_errno(saved);
    error::sys_exit_errno(&text)
}

/// `err_quit`: print `msg` and exit(1).
pub fn err_quit(msg: &str) -> ! {
    error::quit(&c_text(msg))
}

/// `err_msg`: print `msg` and return (errno is left unchanged).
pub fn err_msg(msg: &str) {
    let saved = os::errno();
    let text = c_text(msg);
    os::set_errno(saved);
    error::msg(&text);
}

/// `err_ret`: print `"<msg>: <strerror(errno)>"` and return (errno is left unchanged).
pub fn err_ret(msg: &str) {
    let saved = os::errno();
    let text = c_text(msg);
    os::set_errno(saved);
    error::ret(&text);
}

/// `err_ret` for an error in hand: print `"<msg>: <reason>"` to C's `stderr`
/// and return, as `err_ret` does after a failed call (`errno` is set to the
/// error's). An error that carries no errno prints `"<msg>: <its text>"`.
pub fn report(e: &io::Error, msg: &str) {
    match e.raw_os_error() {
        Some(errno) => {
            os::set_errno(errno);
            err_ret(msg);
        }
        None => err_msg(&format!("{msg}: {e}")),
    }
}
