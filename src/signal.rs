//! Signal handlers the book's way: `Signal` (interrupted system calls are
//! restarted, except by `SIGALRM`) and `signal_intr` (never restarted).
//!
//! ```
//! use lnp::signal::{self, Handler};
//!
//! extern "C" fn on_usr1(_signo: libc::c_int) {}
//!
//! let old = signal::signal(libc::SIGUSR1, Handler::Catch(on_usr1))?;
//! assert_eq!(old, Handler::Default);
//! assert_eq!(signal::signal(libc::SIGUSR1, old)?, Handler::Catch(on_usr1));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;

use libc::{c_int, sighandler_t};

use crate::sys;

/// A signal disposition (the values a `Sigfunc *` can take).
#[derive(Clone, Copy, Debug)]
pub enum Handler {
    /// `SIG_DFL`: the default action.
    Default,
    /// `SIG_IGN`: ignore the signal.
    Ignore,
    /// Run this function. It runs as a signal handler: keep to
    /// async-signal-safe calls (the book's handlers call `waitpid` and `printf`).
    /// A previous disposition installed by other code with `SA_SIGINFO` is
    /// reported here too; only pass it back to [`signal`], never call it.
    Catch(extern "C" fn(c_int)),
}

/// Two dispositions are equal if they are the same constant or the same function address.
impl PartialEq for Handler {
    fn eq(&self, other: &Handler) -> bool {
        match (self, other) {
            (Handler::Catch(a), Handler::Catch(b)) => std::ptr::fn_addr_eq(*a, *b),
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

impl Eq for Handler {}

impl Handler {
    fn to_raw(self) -> sighandler_t {
        match self {
            Handler::Default => libc::SIG_DFL,
            Handler::Ignore => libc::SIG_IGN,
            Handler::Catch(f) => f as sighandler_t,
        }
    }

    fn from_raw(raw: sighandler_t) -> Handler {
        match raw {
            libc::SIG_DFL => Handler::Default,
            libc::SIG_IGN => Handler::Ignore,
            // SAFETY: any other disposition the kernel reports is the address of a handler function.
            f => Handler::Catch(unsafe { std::mem::transmute::<sighandler_t, extern "C" fn(c_int)>(f) }),
        }
    }
}

/// `Signal`: install `handler` for `signo` with an empty mask and `SA_RESTART`
/// (except for `SIGALRM`, so that `alarm` can interrupt a blocking call).
///
/// # Returns
/// The previous disposition.
pub fn signal(signo: c_int, handler: Handler) -> io::Result<Handler> {
    let flags = if signo == libc::SIGALRM { 0 } else { libc::SA_RESTART };
    sys::install(signo, handler.to_raw(), flags).map(Handler::from_raw)
}

/// `signal_intr`: like [`signal`] but never restarting, so an interrupted
/// system call fails with `ErrorKind::Interrupted`.
pub fn signal_intr(signo: c_int, handler: Handler) -> io::Result<Handler> {
    sys::install(signo, handler.to_raw(), 0).map(Handler::from_raw)
}
