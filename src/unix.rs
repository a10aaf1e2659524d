//! Processes: `fork`, `waitpid`, the book's daemon functions and `gf_time`.
//!
//! ```
//! // SAFETY: the doctest is single-threaded at this point.
//! match unsafe { lnp::unix::fork() }? {
//!     lnp::unix::Fork::Child => std::process::exit(7),
//!     lnp::unix::Fork::Parent(pid) => {
//!         let (got, status) = lnp::unix::waitpid(pid, 0)?.unwrap();
//!         assert_eq!((got, libc::WEXITSTATUS(status)), (pid, 7));
//!     }
//! }
//! assert_eq!(lnp::unix::gf_time().len(), "12:34:56.123456".len());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::ffi::{CStr, c_int};
use std::io;

use libc::pid_t;

use crate::os::cvt;
use crate::sys;

/// Which side of a [`fork`] this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fork {
    /// In the parent, with the child's process id.
    Parent(pid_t),
    /// In the child.
    Child,
}

/// `fork(2)`.
///
/// # Safety
/// As for `fork(2)` in a Rust program: if other threads exist, the child may
/// only call async-signal-safe functions before `exec` or `exit`. The book's
/// servers are single-threaded, which makes this safe.
pub unsafe fn fork() -> io::Result<Fork> {
    // SAFETY: the caller upholds the threading requirement above.
    match cvt(unsafe { libc::fork() })? {
        0 => Ok(Fork::Child),
        pid => Ok(Fork::Parent(pid)),
    }
}

/// `waitpid(2)`: `Some((pid, status))` for a child that changed state, `None`
/// when `WNOHANG` is given and no child has (decode `status` with `libc::WEXITSTATUS` ...).
/// Safe to call from a signal handler (it only calls `waitpid`).
pub fn waitpid(pid: pid_t, options: c_int) -> io::Result<Option<(pid_t, c_int)>> {
    let mut status: c_int = 0;
    // SAFETY: `status` is a valid out-pointer.
    match cvt(unsafe { libc::waitpid(pid, &mut status, options) })? {
        0 => Ok(None),
        pid => Ok(Some((pid, status))),
    }
}

/// `daemon_init`: become a daemon (fork twice, new session, `/` as working
/// directory, descriptors 0–2 on `/dev/null`, errors to syslog as `pname`).
///
/// Returns in the daemon only; the original process and the intermediate
/// child exit. `pname` must live as long as the process (syslog keeps it).
pub fn daemon_init(pname: &'static CStr, facility: c_int) -> io::Result<()> {
    // SAFETY: `pname` is a NUL-terminated string that lives forever, as openlog needs.
    cvt(unsafe { sys::daemon_init(pname.as_ptr(), facility) }).map(drop)
}

/// `daemon_inetd`: a server started by inetd sends its errors to syslog as `pname`.
pub fn daemon_inetd(pname: &'static CStr, facility: c_int) {
    // SAFETY: `pname` is a NUL-terminated string that lives forever, as openlog needs.
    unsafe { sys::daemon_inetd(pname.as_ptr(), facility) }
}

/// `gf_time`: the current time of day as `HH:MM:SS.uuuuuu`.
pub fn gf_time() -> String {
    let p = sys::gf_time();
    if p.is_null() {
        return String::new();
    }
    // SAFETY: gf_time returns its NUL-terminated per-thread buffer.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// `ctime(time(NULL))` without its newline, e.g. `Thu Nov 26 11:43:06 2026`
/// (what the book's daytime server sends).
pub fn ctime() -> String {
    let mut buf = [0 as libc::c_char; 32];
    // SAFETY: time(NULL) only returns a value; ctime_r writes at most 26 bytes into `buf`.
    let p = unsafe {
        let now = libc::time(std::ptr::null_mut());
        libc::ctime_r(&now, buf.as_mut_ptr())
    };
    if p.is_null() {
        return String::new();
    }
    // SAFETY: ctime_r NUL-terminated `buf`.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy();
    text.trim_end_matches('\n').to_string()
}
