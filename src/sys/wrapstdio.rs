//! "Our stdio wrapper functions" (lnp.h group G, UNP lib/wrapstdio.c).
//!
//! They work on the caller's glibc `FILE *` streams (API.md §4.G).

use libc::{FILE, c_char, c_int};

use crate::error;
use crate::trace::{Pointer, Returned, trace_call};

/// `fclose(3)`, or print "fclose error: <reason>" and exit(1).
///
/// # Safety
/// `fp` must be an open stream.
#[unsafe(export_name = "lnp_rs_Fclose")]
pub unsafe extern "C" fn Fclose(fp: *mut FILE) {
    // SAFETY: the caller guarantees the stream.
    let r = unsafe { libc::fclose(fp) };
    trace_call!(IO, "Fclose", &r, [Stream(fp)]);
    if r != 0 {
        error::sys_exit_errno(c"fclose error");
    }
}

/// `fdopen(3)`, or print "fdopen error: <reason>" and exit(1).
///
/// # Returns
/// The new stream.
///
/// # Safety
/// `type` must be a NUL-terminated mode string.
#[unsafe(export_name = "lnp_rs_Fdopen")]
pub unsafe extern "C" fn Fdopen(fd: c_int, r#type: *const c_char) -> *mut FILE {
    // SAFETY: the caller guarantees the mode string.
    let fp = unsafe { libc::fdopen(fd, r#type) };
    trace_call!(IO, "Fdopen", &Pointer(fp.cast()), [Int(fd.into()), Str(r#type)]);
    if fp.is_null() {
        error::sys_exit_errno(c"fdopen error");
    }
    fp
}

/// `fgets(3)`; NULL with the stream's error flag set prints "fgets error: <reason>" and exits(1).
///
/// # Returns
/// `ptr`, or NULL at end of file.
///
/// # Safety
/// `ptr` must be valid for writes of `n` bytes and `stream` an open stream.
#[unsafe(export_name = "lnp_rs_Fgets")]
pub unsafe extern "C" fn Fgets(ptr: *mut c_char, n: c_int, stream: *mut FILE) -> *mut c_char {
    // SAFETY: the caller guarantees the buffer and the stream.
    let rptr = unsafe { libc::fgets(ptr, n, stream) };
    trace_call!(IO, "Fgets", &Returned(Str(rptr)), [Out, Int(n.into()), Stream(stream)]);
    // SAFETY: `stream` is the open stream fgets just used.
    if rptr.is_null() && unsafe { libc::ferror(stream) } != 0 {
        error::sys_exit_errno(c"fgets error");
    }
    rptr
}

/// `fopen(3)`, or print "fopen error: <reason>" and exit(1).
///
/// # Returns
/// The new stream.
///
/// # Safety
/// `filename` and `mode` must be NUL-terminated strings.
#[unsafe(export_name = "lnp_rs_Fopen")]
pub unsafe extern "C" fn Fopen(filename: *const c_char, mode: *const c_char) -> *mut FILE {
    // SAFETY: the caller guarantees both strings.
    let fp = unsafe { libc::fopen(filename, mode) };
    trace_call!(IO, "Fopen", &Pointer(fp.cast()), [Str(filename), Str(mode)]);
    if fp.is_null() {
        error::sys_exit_errno(c"fopen error");
    }
    fp
}

/// `fputs(3)`, or print "fputs error: <reason>" and exit(1).
///
/// # Safety
/// `ptr` must be a NUL-terminated string and `stream` an open stream.
#[unsafe(export_name = "lnp_rs_Fputs")]
pub unsafe extern "C" fn Fputs(ptr: *const c_char, stream: *mut FILE) {
    // SAFETY: the caller guarantees the string and the stream.
    let r = unsafe { libc::fputs(ptr, stream) };
    trace_call!(IO, "Fputs", &if r == libc::EOF { -1 } else { 0 }, [Str(ptr), Stream(stream)]);
    if r == libc::EOF {
        error::sys_exit_errno(c"fputs error");
    }
}
