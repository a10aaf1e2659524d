//! Output through C's stdio, as the library's own output goes.
//!
//! The library and C code print with `printf`/`fputs` on glibc's `stdout`;
//! Rust's `print!` has its own buffer, so mixing the two reorders output.
//! Rust programs that also call the library's printing functions (the
//! `err_*` family, [`crate::OrDie`]) print through these functions instead, so
//! that everything shares C's buffer and `exit` flushes it.
//!
//! ```
//! use std::io::Write;
//! lnp::stdio::print("hello from C's stdout\n");
//! writeln!(lnp::stdio::stdout(), "and through io::Write: {}", 42)?;
//! lnp::stdio::flush();
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;

use crate::os::{self, Stream};

/// Write `text` to C's `stdout` (output errors are ignored, as `printf`'s usually are).
pub fn print(text: &str) {
    print_bytes(text.as_bytes());
}

/// Write raw bytes to C's `stdout` (`fwrite`), for data that need not be UTF-8.
pub fn print_bytes(bytes: &[u8]) {
    let _ = os::fwrite(Stream::Out, bytes);
}

/// Write `text` to C's `stderr`.
pub fn eprint(text: &str) {
    let _ = os::fwrite(Stream::Err, text.as_bytes());
}

/// Flush C's `stdout` (`fflush`).
pub fn flush() {
    let _ = os::fflush(Stream::Out);
}

/// C's `stdout` as an [`io::Write`], for `write!` and the echo clients.
#[derive(Clone, Copy, Debug, Default)]
pub struct CStdout;

/// C's `stdout` as an [`io::Write`].
#[must_use]
pub fn stdout() -> CStdout {
    CStdout
}

impl io::Write for CStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        os::fwrite(Stream::Out, buf).map(|()| buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        os::fflush(Stream::Out)
    }
}

/// `printf`-like formatting to C's `stdout`: `lnp::printf!("child {pid} terminated\n")`.
#[macro_export]
macro_rules! printf {
    ($($arg:tt)*) => { $crate::stdio::print(&::std::format!($($arg)*)) };
}
