//! Output through C's stdio, as the library's own output goes.
//!
//! The library and C code print with `printf`/`fputs` on glibc's `stdout`;
//! Rust's `print!` has its own buffer, so mixing the two reorders output.
//! Rust programs that call the library's printing functions (`str_cli`,
//! `dg_cli`, the `err_*` family) print through these functions instead, so
//! that everything shares C's buffer and `exit` flushes it.
//!
//! ```
//! lnp::stdio::print("hello from C's stdout\n");
//! lnp::stdio::flush();
//! ```

use std::ffi::CString;

use crate::os;

/// Write `text` to C's `stdout` (`fputs`); interior NUL bytes are dropped.
pub fn print(text: &str) {
    fputs_to(text, os::c_stdout());
}

/// Write raw bytes to C's `stdout` (`fwrite`), for data that need not be UTF-8.
pub fn print_bytes(bytes: &[u8]) {
    // SAFETY: `bytes` is valid for reads of its length; the stream is glibc's stdout.
    unsafe { libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), os::c_stdout()) };
}

/// Write `text` to C's `stderr` (`fputs`); interior NUL bytes are dropped.
pub fn eprint(text: &str) {
    fputs_to(text, os::c_stderr());
}

/// Flush C's `stdout` (`fflush`).
pub fn flush() {
    // SAFETY: glibc's stdout stream is valid for the life of the process.
    unsafe { libc::fflush(os::c_stdout()) };
}

fn fputs_to(text: &str, stream: *mut libc::FILE) {
    let text = CString::new(text.replace('\0', "")).unwrap_or_default();
    // SAFETY: a NUL-terminated string and one of glibc's standard streams.
    unsafe { libc::fputs(text.as_ptr(), stream) };
}

/// `printf`-like formatting to C's `stdout`: `lnp::printf!("child {pid} terminated\n")`.
#[macro_export]
macro_rules! printf {
    ($($arg:tt)*) => { $crate::stdio::print(&::std::format!($($arg)*)) };
}
