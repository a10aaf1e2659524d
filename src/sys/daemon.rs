//! `daemon_init` and `daemon_inetd` (UNP §13.4, §13.5, lib/daemon_init.c,
//! lib/daemon_inetd.c).

use libc::{c_char, c_int};

use crate::error::daemon_proc;
use crate::sys::signal::{self, Sigfunc};
use crate::trace::trace_call;

/// Descriptors `daemon_init` closes: 0 to `MAXFD - 1`.
const MAXFD: c_int = 64;

/// Turn the caller into a daemon that logs through syslog (UNP §13.4).
///
/// Forks twice (the parents `_exit(0)`), starts a new session, ignores SIGHUP, moves to `/`,
/// puts descriptors 0-2 on `/dev/null` and calls `openlog(pname, LOG_PID, facility)`.
/// Sets `daemon_proc`, so `err_*` write to syslog afterwards.
///
/// # Returns
/// 0 in the daemon, or -1 if `setsid` fails.
///
/// # Safety
/// `pname` must be NULL or a NUL-terminated string that lives as long as the process
/// (`openlog` keeps the pointer).
#[unsafe(export_name = "lnp_rs_daemon_init")]
pub unsafe extern "C" fn daemon_init(pname: *const c_char, facility: c_int) -> c_int {
    // SAFETY: the caller's contract is daemon_init's.
    let r = unsafe { daemon_init_core(pname, facility) };
    trace_call!(PROC, "daemon_init", &r, [Str(pname), Int(facility.into())]);
    r
}

/// The body of `daemon_init` without its trace line (`daemon_init` traces what it returns).
///
/// # Safety
/// As for `daemon_init`.
unsafe fn daemon_init_core(pname: *const c_char, facility: c_int) -> c_int {
    if crate::sys::Fork() != 0 {
        // SAFETY: the parent terminates at once, without running atexit handlers.
        unsafe { libc::_exit(0) };
    }
    // SAFETY: no arguments.
    if unsafe { libc::setsid() } < 0 {
        return -1;
    }
    // SAFETY: SIG_IGN is a valid disposition.
    unsafe { signal::Signal(libc::SIGHUP, std::ptr::without_provenance_mut::<Sigfunc>(libc::SIG_IGN)) };
    if crate::sys::Fork() != 0 {
        // SAFETY: the first child terminates at once.
        unsafe { libc::_exit(0) };
    }
    // SAFETY: daemon_proc is a plain int of the C shim; the rest are plain system calls
    // on constant strings and descriptor numbers.
    unsafe {
        daemon_proc = 1;
        libc::chdir(c"/".as_ptr());
        for fd in 0..MAXFD {
            libc::close(fd);
        }
        libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
        libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
        libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
        libc::openlog(pname, libc::LOG_PID, facility);
    }
    0
}

/// Prepare a server started by inetd to log through syslog (UNP §13.5).
///
/// Sets `daemon_proc` (so `err_*` use syslog) and calls `openlog(pname, LOG_PID, facility)`.
///
/// # Safety
/// As for `daemon_init`.
#[unsafe(export_name = "lnp_rs_daemon_inetd")]
pub unsafe extern "C" fn daemon_inetd(pname: *const c_char, facility: c_int) {
    // SAFETY: the caller's contract is daemon_inetd's.
    unsafe { daemon_inetd_core(pname, facility) };
    trace_call!(PROC, "daemon_inetd", &(), [Str(pname), Int(facility.into())]);
}

/// The body of `daemon_inetd` without its trace line (`daemon_inetd` traces what it returns).
///
/// # Safety
/// As for `daemon_inetd`.
unsafe fn daemon_inetd_core(pname: *const c_char, facility: c_int) {
    // SAFETY: daemon_proc is a plain int of the C shim; openlog keeps pname (the caller's contract).
    unsafe {
        daemon_proc = 1;
        libc::openlog(pname, libc::LOG_PID, facility);
    }
}
