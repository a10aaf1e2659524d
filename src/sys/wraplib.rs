//! Wrappers of glibc's address and interface-name functions: `Inet_ntop`,
//! `Inet_pton`, `If_indextoname`, `If_nametoindex`, `If_nameindex`
//! (lnp.h group E, UNP lib/wraplib.c).
//!
//! The lower-case functions are glibc's and are never exported (API.md §6).

use libc::{c_char, c_int, c_uint, c_void, size_t, socklen_t};

use crate::error::{self, lnp_rs_err_quit, lnp_rs_err_sys};
use crate::sys::addr::{inet_ntop, inet_pton};
use crate::trace::{Pointer, Returned, trace_call};

/// glibc's `inet_ntop`, or print "inet_ntop error: <reason>" and exit(1) (UNP §3.7).
///
/// A NULL `strptr` prints "NULL 3rd argument to inet_ntop" and exits(1).
///
/// # Returns
/// `strptr`, holding the text.
///
/// # Safety
/// `addrptr` must point to an address of `family`; `strptr` must be valid for writes of `len` bytes.
#[unsafe(export_name = "lnp_rs_Inet_ntop")]
pub unsafe extern "C" fn Inet_ntop(
    family: c_int,
    addrptr: *const c_void,
    strptr: *mut c_char,
    len: size_t,
) -> *const c_char {
    if strptr.is_null() {
        error::quit(c"NULL 3rd argument to inet_ntop");
    }
    let len = socklen_t::try_from(len).unwrap_or(socklen_t::MAX);
    // SAFETY: the caller vouches for both buffers.
    let ptr = unsafe { inet_ntop(family, addrptr, strptr, len) };
    trace_call!(NAMES, "Inet_ntop", &Returned(Str(ptr)), [Family(family), Ptr(addrptr), Out, Int(len.into())]);
    if ptr.is_null() {
        error::sys_exit_errno(c"inet_ntop error");
    }
    ptr
}

/// glibc's `inet_pton`, or print "inet_pton error for <text>" and exit(1) (UNP §3.7).
///
/// A bad family adds the errno text: "inet_pton error for <text>: <reason>".
///
/// # Safety
/// `strptr` must be a NUL-terminated string; `addrptr` valid for the family's address size.
#[unsafe(export_name = "lnp_rs_Inet_pton")]
pub unsafe extern "C" fn Inet_pton(family: c_int, strptr: *const c_char, addrptr: *mut c_void) {
    // SAFETY: the caller vouches for both buffers.
    let n = unsafe { inet_pton(family, strptr, addrptr) };
    trace_call!(NAMES, "Inet_pton", &n, [Family(family), Str(strptr), Out]);
    if n < 0 {
        // SAFETY: a format with one string argument.
        unsafe { lnp_rs_err_sys(c"inet_pton error for %s".as_ptr(), strptr) }
    } else if n == 0 {
        // SAFETY: a format with one string argument.
        unsafe { lnp_rs_err_quit(c"inet_pton error for %s".as_ptr(), strptr) }
    }
}

/// glibc's `if_indextoname`, or print "if_indextoname error for <index>" and exit(1) (UNP §17.6).
///
/// # Returns
/// `name`, holding the interface name.
///
/// # Safety
/// `name` must be valid for writes of `IF_NAMESIZE` bytes.
#[unsafe(export_name = "lnp_rs_If_indextoname")]
pub unsafe extern "C" fn If_indextoname(index: c_uint, name: *mut c_char) -> *mut c_char {
    // SAFETY: the caller vouches for the buffer.
    let ptr = unsafe { libc::if_indextoname(index, name) };
    trace_call!(IFI, "If_indextoname", &Returned(Str(ptr)), [Int(index.into()), Out]);
    if ptr.is_null() {
        // SAFETY: a format with one int argument (the index shown signed, as in libunp).
        unsafe { lnp_rs_err_quit(c"if_indextoname error for %d".as_ptr(), index as c_int) }
    }
    ptr
}

/// glibc's `if_nametoindex`, or print "if_nametoindex error for <name>" and exit(1) (UNP §17.6).
///
/// # Returns
/// The interface index (never 0).
///
/// # Safety
/// `name` must be a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_If_nametoindex")]
pub unsafe extern "C" fn If_nametoindex(name: *const c_char) -> c_uint {
    // SAFETY: the caller vouches for the string.
    let index = unsafe { libc::if_nametoindex(name) };
    trace_call!(IFI, "If_nametoindex", &Returned(Int(index.into())), [Str(name)]);
    if index == 0 {
        // SAFETY: a format with one string argument.
        unsafe { lnp_rs_err_quit(c"if_nametoindex error for %s".as_ptr(), name) }
    }
    index
}

/// glibc's `if_nameindex`, or print "if_nameindex error" and exit(1) (UNP §17.6).
///
/// # Returns
/// The interface list; release it with `if_freenameindex`.
#[unsafe(export_name = "lnp_rs_If_nameindex")]
pub extern "C" fn If_nameindex() -> *mut libc::if_nameindex {
    // SAFETY: no arguments.
    let ptr = unsafe { libc::if_nameindex() };
    trace_call!(IFI, "If_nameindex", &Pointer(ptr.cast()), []);
    if ptr.is_null() {
        error::quit(c"if_nameindex error");
    }
    ptr
}
