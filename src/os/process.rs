//! The daemon functions and the clock, for `crate::unix`.

use std::ffi::CStr;

use libc::{c_char, c_int};

/// `daemon_init` with a name that lives as long as the process (syslog keeps the pointer).
pub(crate) fn daemon_init(pname: &'static CStr, facility: c_int) -> c_int {
    // SAFETY: `pname` is a NUL-terminated string that lives forever, as openlog needs.
    unsafe { crate::sys::daemon_init(pname.as_ptr(), facility) }
}

/// `daemon_inetd` with a name that lives as long as the process.
pub(crate) fn daemon_inetd(pname: &'static CStr, facility: c_int) {
    // SAFETY: as for daemon_init.
    unsafe { crate::sys::daemon_inetd(pname.as_ptr(), facility) }
}

/// A copy of a NUL-terminated string returned by the library (NULL gives "").
pub(crate) fn c_text(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the library returns NUL-terminated buffers, valid until its next call on this thread.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// `ctime(time(NULL))` without its newline.
pub(crate) fn ctime_now() -> String {
    let mut buf = [0 as c_char; 32];
    // SAFETY: time(NULL) only returns a value; ctime_r writes at most 26 bytes into `buf`.
    let p = unsafe {
        let now = libc::time(std::ptr::null_mut());
        libc::ctime_r(&raw const now, buf.as_mut_ptr())
    };
    c_text(p).trim_end_matches('\n').to_string()
}
