//! `LNP_TRACE` of signal delivery: `[lnp 4711] signal SIGCHLD -> sig_chld`.
//!
//! When the `proc` group is traced, `Signal`, `Signal_intr` and
//! `signal_intr` install [`delivered`] in place of the program's handler,
//! with the same flags and mask, and remember the handler and its name per
//! signal. On delivery `delivered` writes the line (one `write(2)`, `errno`
//! kept) and calls the handler, so what the handler does, the `errno` it
//! leaves and `SA_RESTART` are as without the trace. The previous handler
//! these functions return is the program's, never [`delivered`]. With the
//! trace off nothing is wrapped.

use std::io;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use libc::{c_int, sighandler_t};

use crate::symname::{self, NAME_LEN};
use crate::sys::signal;
use crate::trace;

/// Signals 1..=64 have a slot (index = signal number).
const SLOTS: usize = 65;
/// Name bytes kept per slot, in words of 8.
const NAME_WORDS: usize = NAME_LEN / 8;

/// A signal's handler and its name (NUL-padded), written by `Signal`, read on delivery.
struct Slot {
    handler: AtomicUsize,
    name: [AtomicU64; NAME_WORDS],
}

static TABLE: [Slot; SLOTS] =
    [const { Slot { handler: AtomicUsize::new(0), name: [const { AtomicU64::new(0) }; NAME_WORDS] } }; SLOTS];

/// A real function, not `SIG_DFL`, `SIG_IGN` or `SIG_ERR`.
fn is_function(h: sighandler_t) -> bool {
    !matches!(h, libc::SIG_DFL | libc::SIG_IGN | libc::SIG_ERR)
}

/// The address of [`delivered`] as a handler value.
fn wrapper() -> sighandler_t {
    delivered as extern "C" fn(c_int) as sighandler_t
}

/// `signal::install`, with `handler` wrapped in [`delivered`] when the `proc` group is traced.
///
/// # Returns
/// The previous handler (the program's own if it was wrapped), or the `sigaction` error.
pub(crate) fn install(signo: c_int, handler: sighandler_t, flags: c_int) -> io::Result<sighandler_t> {
    if !trace::enabled(trace::PROC) {
        return signal::install(signo, handler, flags);
    }
    let Some(slot) = usize::try_from(signo).ok().and_then(|i| TABLE.get(i)) else {
        return signal::install(signo, handler, flags);
    };
    let previous = slot.handler.load(Ordering::Relaxed);
    let installed = if is_function(handler) {
        symname::enable();
        let name = symname::function_name(handler);
        let mut words = [0u64; NAME_WORDS];
        for (word, chunk) in words.iter_mut().zip(name.as_bytes().chunks(8)) {
            let mut bytes = [0u8; 8];
            bytes.iter_mut().zip(chunk).for_each(|(dst, &b)| *dst = b);
            *word = u64::from_ne_bytes(bytes);
        }
        slot.name.iter().zip(words).for_each(|(cell, w)| cell.store(w, Ordering::Relaxed));
        slot.handler.store(handler, Ordering::Release);
        wrapper()
    } else {
        handler
    };
    match signal::install(signo, installed, flags) {
        Ok(old) if old == wrapper() => Ok(previous),
        Ok(old) => Ok(old),
        Err(e) => {
            slot.handler.store(previous, Ordering::Release);
            Err(e)
        }
    }
}

/// The handler [`install`] puts in place: trace the delivery, then run the program's handler.
extern "C" fn delivered(signo: c_int) {
    let Some(slot) = usize::try_from(signo).ok().and_then(|i| TABLE.get(i)) else { return };
    let handler = slot.handler.load(Ordering::Acquire);
    if !is_function(handler) {
        return;
    }
    let mut bytes = [0u8; NAME_LEN];
    for (chunk, cell) in bytes.chunks_mut(8).zip(&slot.name) {
        chunk.iter_mut().zip(cell.load(Ordering::Relaxed).to_ne_bytes()).for_each(|(dst, b)| *dst = b);
    }
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(NAME_LEN);
    trace::Line::delivery(signo, bytes.get(..len).unwrap_or(b""));
    // SAFETY: `handler` is the function the program gave `Signal` for this signal
    // (`void (*)(int)`, checked not to be SIG_DFL/SIG_IGN/SIG_ERR).
    let run = unsafe { std::mem::transmute::<sighandler_t, extern "C" fn(c_int)>(handler) };
    run(signo);
}
