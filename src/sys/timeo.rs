//! Timeouts and time: `connect_timeo`, `connect_nonb`, `readable_timeo`,
//! `writable_timeo`, `tv_sub`, `gf_time` and their wrappers (UNP §14.2,
//! §16.3, lib/connect_timeo.c, lib/connect_nonb.c, lib/readable_timeo.c,
//! lib/tv_sub.c, lib/gf_time.c).

use std::cell::UnsafeCell;
use std::{io, mem, ptr};

use libc::{c_char, c_int, sockaddr, socklen_t, timeval};

use crate::error;
use crate::os::{self, cvt};
use crate::sys::signal::{self, Sigfunc};
use crate::trace::{Returned, trace_call};

/// The empty SIGALRM handler of `connect_timeo`: its only job is to interrupt `connect`.
extern "C" fn connect_alarm(_signo: c_int) {}

/// `connect` with an upper limit of `nsec` seconds, enforced with SIGALRM (UNP §14.2).
///
/// On failure the socket is closed; an interrupted connect is reported as `ETIMEDOUT`.
///
/// # Returns
/// 0, or -1 with `errno` set.
///
/// # Safety
/// `saptr` must be valid for reads of `salen` bytes, as for `connect(2)`.
#[unsafe(export_name = "lnp_rs_connect_timeo")]
pub unsafe extern "C" fn connect_timeo(sockfd: c_int, saptr: *const sockaddr, salen: socklen_t, nsec: c_int) -> c_int {
    // SAFETY: the caller's contract is connect_timeo's.
    let r = unsafe { connect_timeo_core(sockfd, saptr, salen, nsec) };
    trace_call!(
        SOCK,
        "connect_timeo",
        &r,
        [Int(sockfd.into()), Addr(saptr, salen), Int(salen.into()), Int(nsec.into())]
    );
    r
}

/// The body of `connect_timeo` without its trace line (`connect_timeo` traces what it returns).
///
/// # Safety
/// As for `connect_timeo`.
unsafe fn connect_timeo_core(sockfd: c_int, saptr: *const sockaddr, salen: socklen_t, nsec: c_int) -> c_int {
    let handler = connect_alarm as extern "C" fn(c_int) as *mut Sigfunc;
    // SAFETY: connect_alarm is an async-signal-safe handler (it does nothing).
    let previous = unsafe { signal::Signal(libc::SIGALRM, handler) };
    // SAFETY: alarm takes an integer only.
    if unsafe { libc::alarm(nsec as u32) } != 0 {
        // SAFETY: a literal format without conversions.
        unsafe { error::lnp_rs_err_msg(c"connect_timeo: alarm was already set".as_ptr()) };
    }
    // SAFETY: the caller vouches for the address.
    let n = unsafe { libc::connect(sockfd, saptr, salen) };
    let mut err = 0;
    if n < 0 {
        err = os::errno();
        // SAFETY: closing the caller's socket, as the original does.
        unsafe { libc::close(sockfd) };
        if err == libc::EINTR {
            err = libc::ETIMEDOUT;
        }
    }
    // SAFETY: integer argument only.
    unsafe { libc::alarm(0) };
    // SAFETY: restoring the handler that was installed before.
    unsafe { signal::Signal(libc::SIGALRM, previous) };
    if n < 0 {
        os::set_errno(err);
    }
    n
}

/// Non-blocking `connect` that waits at most `nsec` seconds (0: no limit) (UNP §16.3).
///
/// # Returns
/// 0 once connected (the file flags restored), or -1 with `errno` set; after a timeout
/// (`ETIMEDOUT`) or a failed connection the socket is closed.
///
/// # Safety
/// `saptr` must be valid for reads of `salen` bytes, as for `connect(2)`.
#[unsafe(export_name = "lnp_rs_connect_nonb")]
pub unsafe extern "C" fn connect_nonb(sockfd: c_int, saptr: *const sockaddr, salen: socklen_t, nsec: c_int) -> c_int {
    // SAFETY: the caller's contract is connect_nonb's.
    let r = unsafe { connect_nonb_core(sockfd, saptr, salen, nsec) };
    trace_call!(
        SOCK,
        "connect_nonb",
        &r,
        [Int(sockfd.into()), Addr(saptr, salen), Int(salen.into()), Int(nsec.into())]
    );
    r
}

/// The body of `connect_nonb` without its trace line (`connect_nonb` traces what it returns).
///
/// # Safety
/// As for `connect_nonb`.
unsafe fn connect_nonb_core(sockfd: c_int, saptr: *const sockaddr, salen: socklen_t, nsec: c_int) -> c_int {
    let flags = crate::sys::Fcntl(sockfd, libc::F_GETFL, 0);
    crate::sys::Fcntl(sockfd, libc::F_SETFL, flags | libc::O_NONBLOCK);
    let mut error: c_int = 0;
    // SAFETY: the caller vouches for the address.
    let n = unsafe { libc::connect(sockfd, saptr, salen) };
    if n < 0 && os::errno() != libc::EINPROGRESS {
        return -1;
    }
    if n != 0 {
        let Some(mut rset) = single_fd_set(sockfd) else {
            os::set_errno(libc::EINVAL); // beyond what select(2) can watch
            return -1;
        };
        let mut wset = rset;
        let mut tval = timeval { tv_sec: libc::time_t::from(nsec), tv_usec: 0 };
        let tp: *mut timeval = if nsec != 0 { &mut tval } else { ptr::null_mut() };
        // SAFETY: the sets and the timeout are valid for the call.
        if unsafe { crate::sys::Select(sockfd + 1, &mut rset, &mut wset, ptr::null_mut(), tp) } == 0 {
            // SAFETY: closing the caller's socket after the timeout, as the original does.
            unsafe { libc::close(sockfd) };
            os::set_errno(libc::ETIMEDOUT);
            return -1;
        }
        if fd_isset(&rset, sockfd) || fd_isset(&wset, sockfd) {
            let mut len = mem::size_of::<c_int>() as socklen_t;
            // SAFETY: `error` is an int of `len` bytes.
            let rc = unsafe {
                libc::getsockopt(sockfd, libc::SOL_SOCKET, libc::SO_ERROR, (&raw mut error).cast(), &mut len)
            };
            if rc < 0 {
                return -1;
            }
        } else {
            error::quit(c"select error: sockfd not set");
        }
    }
    crate::sys::Fcntl(sockfd, libc::F_SETFL, flags);
    if error != 0 {
        // SAFETY: closing the caller's socket after a failed connection, as the original does.
        unsafe { libc::close(sockfd) };
        os::set_errno(error);
        return -1;
    }
    0
}

/// Bits per word of an `fd_set` (an array of `c_ulong` on Linux).
const FD_WORD_BITS: usize = 8 * mem::size_of::<libc::c_ulong>();

/// An `fd_set` holding only `fd`, or `None` if `fd` is outside `0..FD_SETSIZE`.
///
/// Written out rather than with libc's `FD_SET`, whose indexing has a panic path.
fn single_fd_set(fd: c_int) -> Option<libc::fd_set> {
    let fd = usize::try_from(fd).ok().filter(|&f| f < libc::FD_SETSIZE)?;
    // SAFETY: all-zero bytes are a valid (empty) fd_set.
    let mut set: libc::fd_set = unsafe { mem::zeroed() };
    // SAFETY: the set is FD_SETSIZE bits in c_ulong words, and fd < FD_SETSIZE.
    unsafe { *(&raw mut set).cast::<libc::c_ulong>().add(fd / FD_WORD_BITS) |= 1 << (fd % FD_WORD_BITS) };
    Some(set)
}

/// Whether `fd` is in `set` (false outside `0..FD_SETSIZE`), like libc's `FD_ISSET`.
fn fd_isset(set: &libc::fd_set, fd: c_int) -> bool {
    let Some(fd) = usize::try_from(fd).ok().filter(|&f| f < libc::FD_SETSIZE) else { return false };
    // SAFETY: as in single_fd_set.
    let word = unsafe { *(set as *const libc::fd_set).cast::<libc::c_ulong>().add(fd / FD_WORD_BITS) };
    word & (1 << (fd % FD_WORD_BITS)) != 0
}

/// Wait up to `sec` seconds for `fd` to become readable (`write` false) or writable.
///
/// # Returns
/// Ready (> 0), timed out (0), or the `select` error (EINTR included).
pub fn wait_fd(fd: c_int, sec: c_int, write: bool) -> io::Result<c_int> {
    if fd < 0 {
        return Err(io::Error::from_raw_os_error(libc::EBADF));
    }
    let Some(mut set) = single_fd_set(fd) else { return Err(io::Error::from_raw_os_error(libc::EINVAL)) };
    let mut tv = timeval { tv_sec: libc::time_t::from(sec), tv_usec: 0 };
    let (r, w) = if write { (ptr::null_mut(), &raw mut set) } else { (&raw mut set, ptr::null_mut()) };
    // SAFETY: the set and the timeout are valid for the call.
    cvt(unsafe { libc::select(fd + 1, r, w, ptr::null_mut(), &mut tv) })
}

/// Wait up to `sec` seconds for a descriptor to become readable (UNP §14.2).
///
/// # Returns
/// > 0 if readable, 0 on timeout, -1 with `errno` set on error (`EINTR` is not retried).
#[unsafe(export_name = "lnp_rs_readable_timeo")]
pub extern "C" fn readable_timeo(fd: c_int, sec: c_int) -> c_int {
    let r = wait_fd(fd, sec, false);
    trace_call!(MUX, "readable_timeo", &r, [Int(fd.into()), Int(sec.into())]);
    r.unwrap_or_else(|e| os::fail(&e, -1))
}

/// Wait up to `sec` seconds for a descriptor to become writable (UNP §14.2).
///
/// # Returns
/// > 0 if writable, 0 on timeout, -1 with `errno` set on error.
#[unsafe(export_name = "lnp_rs_writable_timeo")]
pub extern "C" fn writable_timeo(fd: c_int, sec: c_int) -> c_int {
    let r = wait_fd(fd, sec, true);
    trace_call!(MUX, "writable_timeo", &r, [Int(fd.into()), Int(sec.into())]);
    r.unwrap_or_else(|e| os::fail(&e, -1))
}

/// `*out -= *in` for two `struct timeval` (UNP §22.3).
///
/// # Safety
/// Both pointers must be valid `struct timeval`s.
#[unsafe(export_name = "lnp_rs_tv_sub")]
pub unsafe extern "C" fn tv_sub(out: *mut timeval, r#in: *mut timeval) {
    // SAFETY: the caller's contract is tv_sub's.
    unsafe { tv_sub_core(out, r#in) };
    trace_call!(UNIX, "tv_sub", &(), [Ptr(out.cast()), Ptr(r#in.cast())]);
}

/// The body of `tv_sub` without its trace line (`tv_sub` traces what it returns).
///
/// # Safety
/// As for `tv_sub`.
unsafe fn tv_sub_core(out: *mut timeval, r#in: *mut timeval) {
    // SAFETY: the caller vouches for both structures (they may be the same one).
    unsafe {
        (*out).tv_usec -= (*r#in).tv_usec;
        if (*out).tv_usec < 0 {
            (*out).tv_sec -= 1;
            (*out).tv_usec += 1_000_000;
        }
        (*out).tv_sec -= (*r#in).tv_sec;
    }
}

/// Size of `gf_time`'s buffer (libunp's `str[30]`).
const GF_LEN: usize = 30;

thread_local! {
    static GF_BUF: UnsafeCell<[u8; GF_LEN]> = const { UnsafeCell::new([0; GF_LEN]) };
}

/// The current local time as `HH:MM:SS.uuuuuu`, e.g. `14:05:09.123456` (UNP §26.6).
///
/// Prints "gettimeofday error: <reason>" and exits(1) if the clock cannot be read.
///
/// # Returns
/// A 30-byte buffer private to the calling thread, overwritten by its next call
/// (NULL only while the thread's locals are being destroyed).
#[unsafe(export_name = "lnp_rs_gf_time")]
pub extern "C" fn gf_time() -> *mut c_char {
    let r = time_in_buffer();
    trace_call!(UNIX, "gf_time", &Returned(Str(r)), []);
    r
}

/// `gf_time`'s text in this thread's buffer (NULL only while the thread's locals are being destroyed).
fn time_in_buffer() -> *mut c_char {
    let text = crate::unix::clock_text().unwrap_or_else(|e| error::sys_exit(&e, c"gettimeofday error"));
    // try_with, not with: no panic path (it fails only while the thread's locals are destroyed)
    let Ok(buf) = GF_BUF.try_with(UnsafeCell::get) else { return ptr::null_mut() };
    // SAFETY: the buffer is this thread's and nothing else borrows it now (C callers only hold its address).
    let place = unsafe { &mut *buf };
    for (dst, &src) in place.iter_mut().zip(&text) {
        *dst = src;
    }
    buf.cast()
}

/// `connect_timeo`, or print "connect_timeo error: <reason>" and exit(1).
///
/// # Safety
/// As for `connect_timeo`.
#[unsafe(export_name = "lnp_rs_Connect_timeo")]
pub unsafe extern "C" fn Connect_timeo(fd: c_int, sa: *const sockaddr, salen: socklen_t, sec: c_int) {
    // SAFETY: the caller's contract is connect_timeo's.
    if unsafe { connect_timeo(fd, sa, salen, sec) } < 0 {
        error::sys_exit_errno(c"connect_timeo error");
    }
}

/// `readable_timeo`, or print "readable_timeo error: <reason>" and exit(1).
///
/// # Returns
/// > 0 if readable, 0 on timeout.
#[unsafe(export_name = "lnp_rs_Readable_timeo")]
pub extern "C" fn Readable_timeo(fd: c_int, sec: c_int) -> c_int {
    let r = wait_fd(fd, sec, false);
    trace_call!(MUX, "Readable_timeo", &r, [Int(fd.into()), Int(sec.into())]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"readable_timeo error"))
}

/// `writable_timeo`, or print "writable_timeo error: <reason>" and exit(1).
///
/// # Returns
/// > 0 if writable, 0 on timeout.
#[unsafe(export_name = "lnp_rs_Writable_timeo")]
pub extern "C" fn Writable_timeo(fd: c_int, sec: c_int) -> c_int {
    let r = wait_fd(fd, sec, true);
    trace_call!(MUX, "Writable_timeo", &r, [Int(fd.into()), Int(sec.into())]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"writable_timeo error"))
}
