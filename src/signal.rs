//! Signals the book's way, and a safe way.
//!
//! * [`Signals`]: the safe way, with no `unsafe` in the program. The signals
//!   are caught by the library's own handler, which writes their numbers to a
//!   pipe; the program sees them as a readable descriptor (watch it with
//!   [`crate::sock::poll`] next to its sockets) and does the work, such as
//!   reaping children with `waitpid`, in ordinary code. System calls are
//!   restarted (`SA_RESTART`).
//! * [`signal`] and [`signal_intr`]: the book's `Signal` and `signal_intr`
//!   with a handler function of your own. They are `unsafe`: the handler runs
//!   asynchronously and may only do async-signal-safe things.
//! * [`ignore`], [`default`] and [`restore`]: safe, since they install no new code.
//!
//! ```
//! use std::os::fd::AsFd;
//! use lnp::libc::{POLLIN, SIGUSR1};
//! use lnp::signal::Signals;
//! use lnp::sock::{self, PollFd};
//!
//! let signals = Signals::new(&[SIGUSR1])?;
//! std::process::Command::new("kill").args(["-USR1", &std::process::id().to_string()]).status()?;
//! let mut fds = [PollFd::new(signals.as_fd(), POLLIN)];
//! sock::poll(&mut fds, None)?;
//! assert_eq!(signals.pending()?, vec![SIGUSR1]);
//! assert!(signals.pending()?.is_empty());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use libc::c_int;

use crate::os;
pub use crate::os::{Handler, Previous, signal, signal_intr};

/// Ignore `signo` (`Signal(signo, SIG_IGN)`); ignoring `SIGCHLD` makes the kernel reap children.
///
/// # Returns
/// The previous disposition.
///
/// # Errors
/// The `sigaction(2)` error (`EINVAL` for an invalid signal, `SIGKILL` or `SIGSTOP`).
pub fn ignore(signo: c_int) -> io::Result<Handler> {
    os::set_disposition(signo, Handler::Ignore, true)
}

/// Give `signo` its default action back (`Signal(signo, SIG_DFL)`).
///
/// # Returns
/// The previous disposition.
///
/// # Errors
/// As for [`ignore`].
pub fn default(signo: c_int) -> io::Result<Handler> {
    os::set_disposition(signo, Handler::Default, true)
}

/// Put back a disposition that [`signal`], [`ignore`], [`default`] or [`restore`] returned,
/// with `Signal`'s flags (a three-argument `SA_SIGINFO` handler stays one).
///
/// # Returns
/// The disposition it replaces.
///
/// # Errors
/// `InvalidInput` for a [`Handler::Catch`] (new code needs the unsafe [`signal`]),
/// or the `sigaction(2)` error.
pub fn restore(signo: c_int, previous: Handler) -> io::Result<Handler> {
    os::set_disposition(signo, previous, true)
}

/// A set of signals delivered through a pipe instead of to a handler function
/// (the self-pipe technique); the previous dispositions come back on drop.
///
/// The descriptor ([`AsFd`]) becomes readable when one of the signals
/// arrives; [`Signals::pending`] and [`Signals::wait`] tell which. As with
/// handlers, several deliveries of one signal may be merged into one.
#[derive(Debug)]
pub struct Signals {
    read: OwnedFd,
    /// The write end, kept open for the handler, which writes to it.
    write: OwnedFd,
    watched: Vec<(c_int, Handler)>,
}

impl Signals {
    /// Catch each signal of `signos` from now on.
    ///
    /// # Errors
    /// `InvalidInput` for a number outside 1..=64, `AddrInUse` if a live
    /// `Signals` already has one of them, the `sigaction(2)` error (`EINVAL` for
    /// `SIGKILL`, `SIGSTOP`), or the `pipe2(2)` error. Nothing is changed then.
    pub fn new(signos: &[c_int]) -> io::Result<Signals> {
        let (read, write) = os::pipe(libc::O_CLOEXEC | libc::O_NONBLOCK)?;
        let mut signals = Signals { read, write, watched: Vec::new() };
        for &signo in signos {
            if signals.watched.iter().any(|&(s, _)| s == signo) {
                continue;
            }
            let previous = os::watch(signo, signals.write.as_fd())?; // on error, drop undoes the others
            signals.watched.push((signo, previous));
        }
        Ok(signals)
    }

    /// The signals caught since the last call, each once, in order of arrival;
    /// empty if none (it does not block).
    ///
    /// # Errors
    /// The `read(2)` error of the pipe (none in practice).
    pub fn pending(&self) -> io::Result<Vec<c_int>> {
        let mut caught = Vec::new();
        let mut buf = [0u8; 64];
        loop {
            match os::read(self.read.as_fd(), &mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    for &b in buf.iter().take(n) {
                        let signo = c_int::from(b);
                        if !caught.contains(&signo) {
                            caught.push(signo);
                        }
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(caught)
    }

    /// Block until at least one of the signals has come; the signals caught, as for [`Signals::pending`].
    ///
    /// # Errors
    /// The `poll(2)` or `read(2)` error.
    pub fn wait(&self) -> io::Result<Vec<c_int>> {
        loop {
            let caught = self.pending()?;
            if !caught.is_empty() {
                return Ok(caught);
            }
            let mut fds = [os::PollFd::new(self.read.as_fd(), libc::POLLIN)];
            match os::poll(&mut fds, -1) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl AsFd for Signals {
    /// The read end of the pipe: readable while a caught signal is pending.
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.read.as_fd()
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for &(signo, previous) in self.watched.iter().rev() {
            os::unwatch(signo, previous);
        }
    }
}
