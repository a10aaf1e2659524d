//! Processes: `fork`, `waitpid`, the book's daemon functions and `gf_time`.
//!
//! ```
//! use lnp::unix::{self, Fork, WaitStatus};
//! match unix::fork()? {                        // safe: checks the process has one thread
//!     Fork::Child => std::process::exit(7),
//!     Fork::Parent(pid) => {
//!         assert_eq!(unix::waitpid(pid, 0)?, Some((pid, WaitStatus::Exited(7))));
//!     }
//! }
//! assert_eq!(unix::gf_time().len(), "12:34:56.123456".len());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::ffi::{CStr, c_int};
use std::io;

use libc::pid_t;

use crate::os::{self, cvt};

/// Which side of a [`fork`] this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fork {
    /// In the parent, with the child's process id.
    Parent(pid_t),
    /// In the child.
    Child,
}

impl Fork {
    fn from_pid(pid: pid_t) -> Fork {
        if pid == 0 { Fork::Child } else { Fork::Parent(pid) }
    }
}

/// `fork(2)` for a single-threaded process, such as the book's servers.
///
/// It checks that the process has one thread (in `/proc/self/task`): a child
/// forked from a multi-threaded Rust program could find memory locked by a
/// thread that does not exist in it, so that case is an error instead.
///
/// # Errors
/// `Unsupported` if the process has more than one thread (the raw [`crate::sys::Fork`] does not check),
/// the error reading `/proc/self/task`, or the `fork(2)` error (`EAGAIN`, `ENOMEM`).
pub fn fork() -> io::Result<Fork> {
    os::fork_single_threaded().map(Fork::from_pid)
}

/// How a child changed state, decoded from `waitpid`'s status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitStatus {
    /// It called `exit` with this status (`WIFEXITED`, `WEXITSTATUS`).
    Exited(c_int),
    /// A signal ended it (`WIFSIGNALED`, `WTERMSIG`); `true` if it dumped core.
    Signaled(c_int, bool),
    /// A signal stopped it (`WIFSTOPPED`, `WSTOPSIG`; with `WUNTRACED`).
    Stopped(c_int),
    /// `SIGCONT` resumed it (`WIFCONTINUED`; with `WCONTINUED`).
    Continued,
}

impl WaitStatus {
    /// Decode a raw status as `wait(2)` stores it.
    #[must_use]
    pub fn from_raw(status: c_int) -> WaitStatus {
        if libc::WIFEXITED(status) {
            WaitStatus::Exited(libc::WEXITSTATUS(status))
        } else if libc::WIFSIGNALED(status) {
            WaitStatus::Signaled(libc::WTERMSIG(status), libc::WCOREDUMP(status))
        } else if libc::WIFSTOPPED(status) {
            WaitStatus::Stopped(libc::WSTOPSIG(status))
        } else {
            WaitStatus::Continued
        }
    }
}

/// `waitpid(2)`: `Some((pid, status))` for a child that changed state, `None`
/// when `WNOHANG` is given and no child has.
///
/// # Errors
/// The `waitpid(2)` error: `ECHILD` when there is no such child, `EINTR`.
pub fn waitpid(pid: pid_t, options: c_int) -> io::Result<Option<(pid_t, WaitStatus)>> {
    Ok(os::waitpid(pid, options)?.map(|(pid, status)| (pid, WaitStatus::from_raw(status))))
}

/// Reap every child that has ended, without blocking (`waitpid(-1, &stat, WNOHANG)`
/// in a loop, as the book's `sig_chld` does).
///
/// # Returns
/// The children reaped, in order; empty if none had ended (or there are no children).
///
/// # Errors
/// A `waitpid(2)` error other than `ECHILD`.
pub fn reap_children() -> io::Result<Vec<(pid_t, WaitStatus)>> {
    let mut reaped = Vec::new();
    loop {
        match waitpid(-1, libc::WNOHANG) {
            Ok(Some(child)) => reaped.push(child),
            Ok(None) => return Ok(reaped),
            Err(e) if e.raw_os_error() == Some(libc::ECHILD) => return Ok(reaped),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// `daemon_init`: become a daemon (fork twice, new session, `/` as working
/// directory, descriptors 0–2 on `/dev/null`, errors to syslog as `pname`).
///
/// Returns in the daemon only; the original process and the intermediate
/// child exit. `pname` must live as long as the process (syslog keeps it).
///
/// # Errors
/// The `fork(2)` or `setsid(2)` error.
pub fn daemon_init(pname: &'static CStr, facility: c_int) -> io::Result<()> {
    cvt(os::daemon_init(pname, facility)).map(drop)
}

/// `daemon_inetd`: a server started by inetd sends its errors to syslog as `pname`.
pub fn daemon_inetd(pname: &'static CStr, facility: c_int) {
    os::daemon_inetd(pname, facility);
}

/// `gf_time`: the current time of day as `HH:MM:SS.uuuuuu` (empty in the
/// one case where the C `gf_time` exits: `gettimeofday(2)` failing).
#[must_use]
pub fn gf_time() -> String {
    let text = clock_text().unwrap_or_default();
    String::from_utf8_lossy(text.split(|&b| b == 0).next().unwrap_or_default()).into_owned()
}

/// The text of `gf_time`, `HH:MM:SS.uuuuuu` and a NUL (strftime's `%H:%M:%S`, then `.%06ld`).
pub(crate) fn clock_text() -> io::Result<[u8; 16]> {
    let [hour, min, sec, usec] = os::local_time_of_day()?;
    let mut text = *b"00:00:00.000000\0";
    for (value, field) in [(hour, 0..2), (min, 3..5), (sec, 6..8), (usec, 9..15)] {
        let mut rest = value;
        for digit in text.get_mut(field).unwrap_or_default().iter_mut().rev() {
            *digit = b'0' + u8::try_from(rest.rem_euclid(10)).unwrap_or(0);
            rest /= 10;
        }
    }
    Ok(text)
}

/// `ctime(time(NULL))` without its newline, e.g. `Thu Nov 26 11:43:06 2026`
/// (what the book's daytime server sends).
#[must_use]
pub fn ctime() -> String {
    os::ctime_now()
}
