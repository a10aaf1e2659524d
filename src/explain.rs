//! `LNP_EXPLAIN`: after a fatal error's message, one line that says what
//! usually causes it and what to check.
//!
//! With `LNP_EXPLAIN=1` in the environment, `err_sys`, `err_quit` and
//! `err_dump` (and so every dying wrapper) print, after the book's exact
//! message, `[lnp explain] ...`, or `[lnp 설명] ...` when the locale
//! (`LC_ALL`, then `LC_MESSAGES`, then `LANG`) is Korean. Without the
//! variable nothing is printed. The explanation is chosen by the call the
//! message names (the text before " error", e.g. `connect` in
//! "connect error") and the errno. The texts are in src/explanations.txt;
//! build.rs packs them into tables this module includes.

use std::ffi::CStr;

use libc::{c_char, c_int};

use crate::error::daemon_proc;
use crate::os;

// ERRNOS, ENDS, TEXT, PAIRS, LONGEST, DEPTH: the explanations of
// src/explanations.txt, most specific first (a call's own entry before the
// any-call one), packed by build.rs.
include!(concat!(env!("OUT_DIR"), "/explanations.rs"));

/// The parts of an entry, in the order [`ENDS`] stores them: the call it is
/// for (empty: any call), the text a message without errno must contain,
/// English, Korean (both pair-encoded).
const CALL: usize = 0;
const TEXT_PART: usize = 1;
const EN: usize = 2;
const KO: usize = 3;

/// Part `part` of entry `i`: from the end of the part before it.
fn part(i: usize, part: usize) -> &'static [u8] {
    let end_of = |i: usize, part: usize| ENDS.get(i).and_then(|e| e.get(part)).copied().unwrap_or(0);
    let start = match part.checked_sub(1) {
        Some(before) => end_of(i, before),
        None => i.checked_sub(1).map_or(0, |prev| end_of(prev, KO)),
    };
    TEXT.get(usize::from(start)..usize::from(end_of(i, part))).unwrap_or(b"")
}

/// Expand pair-encoded `packed` into `out`; returns the length written.
fn expand(packed: &[u8], out: &mut [u8]) -> usize {
    let mut len = 0;
    // The bytes still to expand, the next on top.
    let mut pending = [0u8; DEPTH + 1];
    let mut top: usize = 0;
    for &byte in packed {
        if let Some(slot) = pending.get_mut(0) {
            *slot = byte;
            top = 1;
        }
        while let Some(b) = top.checked_sub(1).and_then(|t| pending.get(t).copied()) {
            top -= 1;
            match PAIRS.get(usize::from(b)) {
                Some(&[first, second]) if first != 0 => {
                    for x in [second, first] {
                        if let Some(slot) = pending.get_mut(top) {
                            *slot = x;
                            top += 1;
                        }
                    }
                }
                _ => {
                    if let Some(slot) = out.get_mut(len) {
                        *slot = b;
                        len += 1;
                    }
                }
            }
        }
    }
    len
}

/// Whether the message locale is Korean (the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`).
fn korean() -> bool {
    for name in [c"LC_ALL", c"LC_MESSAGES", c"LANG"] {
        // SAFETY: getenv with a NUL-terminated name; the result is read at once.
        let p = unsafe { libc::getenv(name.as_ptr()) };
        if !p.is_null() {
            // SAFETY: an environment string is NUL-terminated.
            let value = unsafe { CStr::from_ptr(p) }.to_bytes();
            if !value.is_empty() {
                return value.starts_with(b"ko");
            }
        }
    }
    false
}

/// The offset of the first `needle` in `hay` (slices and `get` only: no panic path).
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().saturating_sub(needle.len())).find(|&i| hay.get(i..i + needle.len()) == Some(needle))
}

/// The call a message names: the text before " error" or ':' ("connect error" → "connect").
fn call_of(text: &[u8]) -> &[u8] {
    let end = find_bytes(text, b" error").unwrap_or(text.len());
    let head = text.get(..end).unwrap_or(text);
    let colon = head.iter().position(|&b| b == b':').unwrap_or(head.len());
    head.get(..colon).unwrap_or(head)
}

/// The entry for a message and errno (`errnoflag` 0: no errno).
fn find(text: &[u8], errnoflag: c_int, errno: c_int) -> Option<usize> {
    let call = call_of(text);
    ERRNOS.iter().enumerate().find_map(|(i, &e)| {
        let applies = if e == 0 {
            errnoflag == 0 && find_bytes(text, part(i, TEXT_PART)).is_some()
        } else {
            let for_call = part(i, CALL);
            errnoflag != 0
                && (e == errno || (e == libc::EAGAIN && errno == libc::EWOULDBLOCK))
                && (for_call.is_empty() || for_call == call)
        };
        applies.then_some(i)
    })
}

/// Print the explanation line for a fatal error, if `LNP_EXPLAIN` is set and one applies.
/// Called only by the C shim, after the message.
///
/// # Safety
/// `msg` must point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lnp_rs_err_explain(errnoflag: c_int, saved_errno: c_int, msg: *const c_char) {
    // SAFETY: getenv with a NUL-terminated name.
    let on = unsafe { libc::getenv(c"LNP_EXPLAIN".as_ptr()) };
    // SAFETY: daemon_proc is a plain int defined by the shim.
    if on.is_null() || unsafe { daemon_proc } != 0 {
        return;
    }
    // SAFETY: an environment string is NUL-terminated.
    if matches!(unsafe { CStr::from_ptr(on) }.to_bytes(), b"" | b"0") {
        return;
    }
    // SAFETY: the shim passes its own NUL-terminated buffer.
    let text = unsafe { CStr::from_ptr(msg) }.to_bytes();
    let Some(entry) = find(text, errnoflag, saved_errno) else { return };
    let (prefix, language): (&[u8], usize) =
        if korean() { (b"[lnp \xec\x84\xa4\xeb\xaa\x85] ", KO) } else { (b"[lnp explain] ", EN) };
    let mut body = [0u8; LONGEST];
    let len = expand(part(entry, language), &mut body);
    let saved = os::errno();
    for piece in [prefix, body.get(..len).unwrap_or(b""), b"\n"] {
        let _ = os::fwrite(os::Stream::Err, piece);
    }
    let _ = os::fflush(os::Stream::Err);
    os::set_errno(saved);
}
