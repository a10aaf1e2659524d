//! Signal dispositions: `sigaction` behind [`Handler`], and the handler of
//! [`crate::signal::Signals`], which only writes the signal's number to a pipe.

use std::io;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};
use std::sync::atomic::{AtomicI32, Ordering};

use libc::{c_int, sighandler_t};

use super::cvt;

/// A signal disposition (the values a `Sigfunc *` can take).
#[derive(Clone, Copy, Debug)]
pub enum Handler {
    /// `SIG_DFL`: the default action.
    Default,
    /// `SIG_IGN`: ignore the signal.
    Ignore,
    /// Run this function as the signal handler (installing it is `unsafe`: see
    /// [`crate::signal::signal`]).
    Catch(extern "C" fn(c_int)),
    /// A handler found in place, installed by other code: it can be put back
    /// with [`crate::signal::restore`], never called.
    Previous(Previous),
}

/// A handler that was installed before, as `sigaction` reported it: its
/// address and whether it takes three arguments (`SA_SIGINFO`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Previous {
    raw: sighandler_t,
    siginfo: bool,
}

impl Previous {
    /// The handler's address.
    #[must_use]
    pub fn address(&self) -> usize {
        self.raw
    }

    /// True for a three-argument `SA_SIGINFO` handler.
    #[must_use]
    pub fn is_siginfo(&self) -> bool {
        self.siginfo
    }
}

/// Two dispositions are equal if they are the same constant or the same
/// one-argument function (a [`Handler::Previous`] equals the [`Handler::Catch`]
/// of its function).
impl PartialEq for Handler {
    fn eq(&self, other: &Handler) -> bool {
        self.raw() == other.raw()
    }
}

impl Eq for Handler {}

impl Handler {
    /// The `sa_sigaction` value and whether it needs `SA_SIGINFO`.
    fn raw(self) -> (sighandler_t, bool) {
        match self {
            Handler::Default => (libc::SIG_DFL, false),
            Handler::Ignore => (libc::SIG_IGN, false),
            Handler::Catch(f) => (f as sighandler_t, false),
            Handler::Previous(p) => (p.raw, p.siginfo),
        }
    }

    /// What `sigaction` reported: never made into a callable function.
    fn from_sigaction(act: &libc::sigaction) -> Handler {
        match act.sa_sigaction {
            libc::SIG_DFL => Handler::Default,
            libc::SIG_IGN => Handler::Ignore,
            raw => Handler::Previous(Previous { raw, siginfo: act.sa_flags & libc::SA_SIGINFO != 0 }),
        }
    }
}

/// `sigaction` with an empty mask and `flags`; the previous disposition.
fn install(signo: c_int, handler: Handler, flags: c_int) -> io::Result<Handler> {
    let (raw, siginfo) = handler.raw();
    // SAFETY: all-zero bytes are a valid sigaction.
    let mut act: libc::sigaction = unsafe { mem::zeroed() };
    // SAFETY: as above.
    let mut old: libc::sigaction = unsafe { mem::zeroed() };
    act.sa_sigaction = raw;
    act.sa_flags = flags | if siginfo { libc::SA_SIGINFO } else { 0 };
    // SAFETY: act.sa_mask is a valid sigset_t to fill.
    unsafe { libc::sigemptyset(&raw mut act.sa_mask) };
    // SAFETY: both structures are valid; what the handler may do is the caller's contract.
    cvt(unsafe { libc::sigaction(signo, &raw const act, &raw mut old) })?;
    Ok(Handler::from_sigaction(&old))
}

/// `Signal`'s flags: `SA_RESTART` for every signal but `SIGALRM`, so `alarm` can interrupt calls.
fn restart_flags(signo: c_int) -> c_int {
    if signo == libc::SIGALRM { 0 } else { libc::SA_RESTART }
}

/// `Signal`: install `handler` for `signo` with an empty mask and `SA_RESTART`
/// (except for `SIGALRM`, so that `alarm` can interrupt a blocking call).
///
/// # Returns
/// The previous disposition.
///
/// # Errors
/// The `sigaction(2)` error: `EINVAL` for an invalid signal, or for `SIGKILL`/`SIGSTOP`.
///
/// # Safety
/// A [`Handler::Catch`] function runs asynchronously, between any two
/// instructions of the program: it may only call async-signal-safe functions
/// (`signal-safety(7)`: `write`, `waitpid`, ...) and touch atomics. It must
/// not allocate, print with `printf!`/`println!`, take locks or panic.
/// [`crate::signal::Signals`] needs no such care.
pub unsafe fn signal(signo: c_int, handler: Handler) -> io::Result<Handler> {
    install(signo, handler, restart_flags(signo))
}

/// `signal_intr`: like [`signal`] but never restarting, so an interrupted
/// system call fails with `ErrorKind::Interrupted`.
///
/// # Errors
/// As for [`signal`].
///
/// # Safety
/// As for [`signal`].
pub unsafe fn signal_intr(signo: c_int, handler: Handler) -> io::Result<Handler> {
    install(signo, handler, 0)
}

/// Install `SIG_DFL`, `SIG_IGN` or a handler found in place before (safe: none of them is new code).
pub(crate) fn set_disposition(signo: c_int, handler: Handler, restart: bool) -> io::Result<Handler> {
    if matches!(handler, Handler::Catch(_)) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "a new handler needs the unsafe signal::signal"));
    }
    install(signo, handler, if restart { restart_flags(signo) } else { 0 })
}

/// Signal numbers up to this one have a pipe slot (Linux's `SIGRTMAX` is 64).
pub(crate) const MAX_SIGNAL: c_int = 64;

/// The write end of each signal's notification pipe, or -1.
static PIPES: [AtomicI32; MAX_SIGNAL as usize + 1] = [const { AtomicI32::new(-1) }; MAX_SIGNAL as usize + 1];

/// The handler behind [`crate::signal::Signals`]: one `write` of the signal's
/// number to its pipe (async-signal-safe; `errno` is preserved; a full pipe
/// drops the byte, which is fine since a signal is already pending there).
extern "C" fn notify(signo: c_int) {
    let Some(slot) = usize::try_from(signo).ok().and_then(|i| PIPES.get(i)) else { return };
    let fd = slot.load(Ordering::Relaxed);
    if fd < 0 {
        return;
    }
    let byte = u8::try_from(signo).unwrap_or(0);
    // SAFETY: errno is this thread's; write(2) on a non-blocking pipe is async-signal-safe.
    unsafe {
        let saved = *libc::__errno_location();
        libc::write(fd, (&raw const byte).cast(), 1);
        *libc::__errno_location() = saved;
    }
}

/// Claim `signo`'s slot for the write end `pipe` and install [`notify`] with `SA_RESTART`.
///
/// # Returns
/// The previous disposition.
///
/// # Errors
/// `InvalidInput` for a signal outside 1..=64, `AddrInUse` if another
/// `Signals` has it, or the `sigaction` error (the slot is then released).
pub(crate) fn watch(signo: c_int, pipe: BorrowedFd<'_>) -> io::Result<Handler> {
    let slot = usize::try_from(signo)
        .ok()
        .filter(|&i| i > 0)
        .and_then(|i| PIPES.get(i))
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("no such signal: {signo}")))?;
    let fd: RawFd = pipe.as_raw_fd();
    if slot.compare_exchange(-1, fd, Ordering::SeqCst, Ordering::SeqCst).is_err() {
        return Err(io::Error::new(io::ErrorKind::AddrInUse, format!("signal {signo} is already watched")));
    }
    install(signo, Handler::Catch(notify), libc::SA_RESTART).inspect_err(|_| slot.store(-1, Ordering::SeqCst))
}

/// Put `previous` back for `signo` and release its slot.
pub(crate) fn unwatch(signo: c_int, previous: Handler) {
    // The signal was valid when watched, so sigaction cannot fail now.
    let _ = install(signo, previous, restart_flags(signo));
    if let Some(slot) = usize::try_from(signo).ok().and_then(|i| PIPES.get(i)) {
        slot.store(-1, Ordering::SeqCst);
    }
}
