//! `Signal`, `signal_intr` and `Signal_intr` (UNP §5.8, lib/signal.c,
//! lib/signal_intr.c), built on `sigaction`.
//!
//! The library exports no lower-case `signal` (API.md §6): glibc's stays in
//! place for programs that call it.

use std::{io, mem, ptr};

use libc::{c_int, sighandler_t};

use crate::error;
use crate::os::cvt;
use crate::trace::trace_call;

/// The book's `Sigfunc`, a function type `void (int)`; only ever used as `Sigfunc *`.
///
/// Opaque on the Rust side so that `SIG_DFL` (0), `SIG_IGN` (1) and `SIG_ERR` (-1)
/// pass through as raw pointer values; the header's `typedef void Sigfunc(int);`
/// is hand-written.
#[repr(C)]
pub struct Sigfunc {
    _private: [u8; 0],
}

/// Install `handler` for `signo` with an empty mask and `flags`.
///
/// # Returns
/// The previous handler, or the `sigaction` error.
pub fn install(signo: c_int, handler: sighandler_t, flags: c_int) -> io::Result<sighandler_t> {
    // SAFETY: all-zero bytes are a valid sigaction.
    let mut act: libc::sigaction = unsafe { mem::zeroed() };
    // SAFETY: as above.
    let mut oact: libc::sigaction = unsafe { mem::zeroed() };
    act.sa_sigaction = handler;
    // SAFETY: act.sa_mask is a valid sigset_t to fill.
    unsafe { libc::sigemptyset(&mut act.sa_mask) };
    act.sa_flags = flags;
    // SAFETY: both structures are valid; the handler is the caller's choice, as in C.
    cvt(unsafe { libc::sigaction(signo, &act, &mut oact) })?;
    Ok(oact.sa_sigaction)
}

/// `Signal`'s flags: `SA_RESTART` for every signal but `SIGALRM`, so `alarm` can interrupt calls.
fn signal_flags(signo: c_int) -> c_int {
    if signo == libc::SIGALRM { 0 } else { libc::SA_RESTART }
}

/// Convert a `Sigfunc *` to the kernel's handler value, unchanged.
fn to_handler(func: *mut Sigfunc) -> sighandler_t {
    func as sighandler_t
}

/// Convert a handler value back to `Sigfunc *`, unchanged.
fn to_sigfunc(handler: sighandler_t) -> *mut Sigfunc {
    ptr::without_provenance_mut(handler)
}

/// Install a signal handler without `SA_RESTART`, so interrupted calls fail with EINTR (UNP §5.8).
///
/// # Returns
/// The previous handler, or `SIG_ERR` if `sigaction` fails.
///
/// # Safety
/// `func` must be `SIG_DFL`, `SIG_IGN` or a function that is safe to run as a signal handler.
#[unsafe(export_name = "lnp_rs_signal_intr")]
pub unsafe extern "C" fn signal_intr(signo: c_int, func: *mut Sigfunc) -> *mut Sigfunc {
    let r = crate::sigtrace::install(signo, to_handler(func), 0);
    trace_call!(PROC, "signal_intr", &r.as_ref().map(|_| 0), [Signal(signo), Handler(to_handler(func))]);
    match r {
        Ok(old) => to_sigfunc(old),
        Err(_) => to_sigfunc(libc::SIG_ERR),
    }
}

/// Install a signal handler with `sigaction`, restarting interrupted calls except for SIGALRM (UNP §5.8).
///
/// Prints "signal error: <reason>" and exits(1) if `sigaction` fails.
///
/// # Returns
/// The previous handler.
///
/// # Safety
/// As for `signal_intr`.
///
/// # Example
/// ```
/// use lnp::sys::{Signal, Sigfunc};
/// extern "C" fn on_usr1(_: libc::c_int) {}
/// let handler = on_usr1 as extern "C" fn(libc::c_int) as *mut Sigfunc;
/// // SAFETY: on_usr1 is async-signal-safe; the disposition is read back into a zeroed struct.
/// unsafe {
///     assert!(Signal(libc::SIGUSR1, handler).is_null()); // the previous one: SIG_DFL
///     let mut sa: libc::sigaction = std::mem::zeroed();
///     libc::sigaction(libc::SIGUSR1, std::ptr::null(), &mut sa);
///     assert_ne!(sa.sa_flags & libc::SA_RESTART, 0);
/// }
/// ```
#[unsafe(export_name = "lnp_rs_Signal")]
pub unsafe extern "C" fn Signal(signo: c_int, func: *mut Sigfunc) -> *mut Sigfunc {
    let r = crate::sigtrace::install(signo, to_handler(func), signal_flags(signo));
    trace_call!(PROC, "Signal", &r.as_ref().map(|_| 0), [Signal(signo), Handler(to_handler(func))]);
    match r {
        Ok(old) => to_sigfunc(old),
        Err(e) => error::sys_exit(&e, c"signal error"),
    }
}

/// `signal_intr`, or print "signal_intr error: <reason>" and exit(1).
///
/// # Returns
/// The previous handler.
///
/// # Safety
/// As for `signal_intr`.
#[unsafe(export_name = "lnp_rs_Signal_intr")]
pub unsafe extern "C" fn Signal_intr(signo: c_int, func: *mut Sigfunc) -> *mut Sigfunc {
    let r = crate::sigtrace::install(signo, to_handler(func), 0);
    trace_call!(PROC, "Signal_intr", &r.as_ref().map(|_| 0), [Signal(signo), Handler(to_handler(func))]);
    match r {
        Ok(old) => to_sigfunc(old),
        Err(e) => error::sys_exit(&e, c"signal_intr error"),
    }
}
