//! Glue to the C runtime: glibc's stdio streams, `errno`, and the `-1` to
//! `io::Error` conversion used throughout the library.

use std::io;

use libc::{FILE, c_int};

unsafe extern "C" {
    /// glibc's standard streams (the libc crate does not declare them).
    #[link_name = "stdin"]
    pub(crate) static mut C_STDIN: *mut FILE;
    #[link_name = "stdout"]
    pub(crate) static mut C_STDOUT: *mut FILE;
    #[link_name = "stderr"]
    pub(crate) static mut C_STDERR: *mut FILE;
}

/// glibc's `stdout` stream.
pub(crate) fn c_stdout() -> *mut FILE {
    // SAFETY: reading a pointer-sized static that glibc initialises before main.
    unsafe { C_STDOUT }
}

/// glibc's `stderr` stream.
pub(crate) fn c_stderr() -> *mut FILE {
    // SAFETY: as for c_stdout.
    unsafe { C_STDERR }
}

/// glibc's `stdin` stream.
pub(crate) fn c_stdin() -> *mut FILE {
    // SAFETY: as for c_stdout.
    unsafe { C_STDIN }
}

/// `sizeof(T)` as a `socklen_t`, for the structures handed to the socket calls.
#[allow(clippy::cast_possible_truncation)] // socket structures are a few hundred bytes at most
pub(crate) const fn socklen_of<T>() -> libc::socklen_t {
    std::mem::size_of::<T>() as libc::socklen_t
}

/// The calling thread's `errno`.
pub(crate) fn errno() -> c_int {
    // SAFETY: __errno_location always returns a valid thread-local pointer.
    unsafe { *libc::__errno_location() }
}

/// Set the calling thread's `errno`.
pub(crate) fn set_errno(value: c_int) {
    // SAFETY: as for errno().
    unsafe { *libc::__errno_location() = value }
}

/// Turn a C-style result into `io::Result`, capturing `errno` at once when it is -1.
pub(crate) fn cvt<T: IsMinusOne>(ret: T) -> io::Result<T> {
    if ret.is_minus_one() { Err(io::Error::last_os_error()) } else { Ok(ret) }
}

/// Integer types that signal failure with -1.
pub(crate) trait IsMinusOne: Copy {
    /// True for the failure value -1.
    fn is_minus_one(self) -> bool;
}

macro_rules! impl_is_minus_one {
    ($($t:ty)*) => { $(impl IsMinusOne for $t {
        fn is_minus_one(self) -> bool { self == -1 }
    })* };
}
impl_is_minus_one!(i32 i64 isize);

/// Report `err` to a C caller: store its errno and return `value` (usually -1).
pub(crate) fn fail<T>(err: &io::Error, value: T) -> T {
    set_errno(err.raw_os_error().unwrap_or(libc::EIO));
    value
}

mod cfn;
mod fd;
pub(crate) mod ifaddrs;
mod names;
mod process;
mod sctp;
mod signal;
mod sockaddr;

pub(crate) use cfn::*;
pub use fd::PollFd;
pub(crate) use fd::*;
pub(crate) use names::*;
pub(crate) use process::*;
pub(crate) use sctp::*;
pub(crate) use signal::*;
pub use signal::{Handler, Previous, signal, signal_intr};
pub use sockaddr::SockAddr;
pub(crate) use sockaddr::{group_req, group_source_req};

/// One of C's output streams.
#[derive(Clone, Copy)]
pub(crate) enum Stream {
    /// `stdout`.
    Out,
    /// `stderr`.
    Err,
}

impl Stream {
    fn file(self) -> *mut FILE {
        match self {
            Stream::Out => c_stdout(),
            Stream::Err => c_stderr(),
        }
    }
}

/// `fwrite` all of `bytes` to a C stream.
pub(crate) fn fwrite(stream: Stream, bytes: &[u8]) -> io::Result<()> {
    // SAFETY: `bytes` is valid for reads of its length; the stream is one of glibc's.
    let n = unsafe { libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), stream.file()) };
    if n == bytes.len() { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// `fflush` a C stream.
pub(crate) fn fflush(stream: Stream) -> io::Result<()> {
    // SAFETY: the stream is one of glibc's.
    cvt(unsafe { libc::fflush(stream.file()) }).map(drop)
}

/// `atoi(getenv(name))`, or `None` if the variable is not set.
pub(crate) fn getenv_atoi(name: &std::ffi::CStr) -> Option<c_int> {
    // SAFETY: getenv with a NUL-terminated name; the result is read at once by atoi.
    let value = unsafe { libc::getenv(name.as_ptr()) };
    // SAFETY: a non-NULL getenv result is a NUL-terminated string.
    (!value.is_null()).then(|| unsafe { libc::atoi(value) })
}

unsafe extern "C" {
    /// glibc's `tzset` (the libc crate lacks it on Linux).
    fn tzset();
}

/// The local time of day now, as hours, minutes, seconds and microseconds:
/// `gettimeofday(2)`, then `tzset(3)` (a changed `TZ` counts) and `localtime_r(3)`
/// (00:00:00 if it cannot convert the time).
pub(crate) fn local_time_of_day() -> io::Result<[i64; 4]> {
    let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
    // SAFETY: `tv` is writable; the timezone argument may be NULL.
    cvt(unsafe { libc::gettimeofday(&raw mut tv, std::ptr::null_mut()) })?;
    // SAFETY: all-zero bytes are a valid struct tm.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: tzset has no arguments; localtime_r reads `tv_sec` and writes `tm`.
    unsafe {
        tzset();
        libc::localtime_r(&raw const tv.tv_sec, &raw mut tm);
    }
    Ok([i64::from(tm.tm_hour), i64::from(tm.tm_min), i64::from(tm.tm_sec), tv.tv_usec])
}

/// `gettimeofday(2)`: seconds and microseconds since the Epoch. (std's
/// `SystemTime::now` would do, but it unwraps, so it links std's panic
/// machinery into every C program that calls it.)
pub(crate) fn timeofday() -> (i64, i64) {
    let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
    // SAFETY: `tv` is writable; the timezone argument may be NULL.
    unsafe { libc::gettimeofday(&raw mut tv, std::ptr::null_mut()) };
    (tv.tv_sec, tv.tv_usec)
}
