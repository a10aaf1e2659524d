//! `readn`, `writen`, `readline`, `readlinebuf` and their wrappers `Readn`,
//! `Writen`, `Readline` (UNP §3.9, lib/readn.c, lib/writen.c, lib/readline.c).
//!
//! The cores ([`readn_raw`], [`writen_raw`], [`readline_raw`] and their slice
//! versions) return `io::Result` and are shared with the native Rust API; the
//! `extern "C"` functions only convert arguments and map errors.

use std::cell::UnsafeCell;
use std::io;

use libc::{c_int, c_void, size_t, ssize_t};

use crate::consts::MAXLINE;
use crate::error;
use crate::os;
use crate::trace::trace_call;

/// Read `n` bytes into `vptr` unless EOF comes first; `EINTR` is retried.
///
/// # Returns
/// The byte count (less than `n` only at EOF), or the `read(2)` error.
///
/// # Safety
/// `vptr` must be valid for writes of `n` bytes (it is handed to `read(2)` unchanged).
pub unsafe fn readn_raw(fd: c_int, vptr: *mut u8, n: usize) -> io::Result<usize> {
    let mut nleft = n;
    while nleft > 0 {
        // SAFETY: vptr + (n - nleft) .. vptr + n lies inside the caller's buffer.
        let got = unsafe { libc::read(fd, vptr.add(n - nleft).cast(), nleft) };
        if got < 0 {
            let err = io::Error::last_os_error();
            if err.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(err);
        }
        if got == 0 {
            break; // EOF
        }
        nleft -= got as usize;
    }
    Ok(n - nleft)
}

/// [`readn_raw`] over a slice: fill `buf` unless EOF comes first.
pub fn readn_into(fd: c_int, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: the slice is valid for writes of its length.
    unsafe { readn_raw(fd, buf.as_mut_ptr(), buf.len()) }
}

/// Write all `n` bytes from `vptr`; `EINTR` is retried.
///
/// # Returns
/// `n`, or an error: the `write(2)` error, or (for a `write` that returned 0)
/// whatever `errno` held then.
///
/// # Safety
/// `vptr` must be valid for reads of `n` bytes (it is handed to `write(2)` unchanged).
pub unsafe fn writen_raw(fd: c_int, vptr: *const u8, n: usize) -> io::Result<usize> {
    let mut nleft = n;
    while nleft > 0 {
        // SAFETY: vptr + (n - nleft) .. vptr + n lies inside the caller's buffer.
        let put = unsafe { libc::write(fd, vptr.add(n - nleft).cast(), nleft) };
        if put <= 0 {
            let err = io::Error::last_os_error();
            if put < 0 && err.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(err);
        }
        nleft -= put as usize;
    }
    Ok(n)
}

/// [`writen_raw`] over a slice: write all of `buf`.
pub fn writen_all(fd: c_int, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: the slice is valid for reads of its length.
    unsafe { writen_raw(fd, buf.as_ptr(), buf.len()) }
}

/// The read-ahead buffer of `readline`: one per thread, shared by every
/// descriptor the thread reads (API.md §3.5).
struct LineBuf {
    /// Bytes buffered; -1 after a failed refill (libunp's `read_cnt`).
    cnt: isize,
    /// Offset of the next unread byte (libunp's `read_ptr`).
    pos: usize,
    /// The bytes themselves.
    buf: [u8; MAXLINE],
}

thread_local! {
    static LINEBUF: UnsafeCell<LineBuf> = const {
        UnsafeCell::new(LineBuf { cnt: 0, pos: 0, buf: [0; MAXLINE] })
    };
}

/// Raw pointer to the calling thread's `readline` buffer (valid until the thread exits).
///
/// `None` only while the thread's locals are being destroyed (never for this
/// constant, destructor-free buffer); `try_with` keeps `with`'s panic path out.
fn linebuf() -> Option<*mut LineBuf> {
    LINEBUF.try_with(UnsafeCell::get).ok()
}

/// Outcome of a `readline` refill.
enum Refill {
    /// Bytes are buffered.
    Data,
    /// `read` returned 0.
    Eof,
}

impl LineBuf {
    /// Refill from `fd` with one `read(fd, buf, MAXLINE)`, retrying `EINTR`.
    fn refill(&mut self, fd: c_int) -> io::Result<Refill> {
        loop {
            // SAFETY: the buffer is writable for MAXLINE bytes.
            let got = unsafe { libc::read(fd, self.buf.as_mut_ptr().cast(), MAXLINE) };
            self.cnt = got;
            if got < 0 {
                let err = io::Error::last_os_error();
                if err.raw_os_error() == Some(libc::EINTR) {
                    continue;
                }
                return Err(err);
            }
            if got == 0 {
                return Ok(Refill::Eof);
            }
            self.pos = 0;
            return Ok(Refill::Data);
        }
    }
}

/// Copy `src` to `dst` up to and including the first newline.
///
/// The first 64 bytes are scanned eight at a time in a register (a newline
/// is found with the classic has-zero-byte bit trick), so a short line costs
/// a couple of predictable branches instead of one per byte; past them the
/// rest is scanned with glibc's `memchr` and copied with `memcpy`. Only the
/// line's own bytes are written to `dst`. Returns the bytes copied and
/// whether a newline ended the copy.
///
/// # Safety
/// `dst` must be valid for writes of `src.len()` bytes.
#[inline(always)]
unsafe fn copy_line(src: &[u8], dst: *mut u8) -> (usize, bool) {
    const SWAR: usize = 64;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const NLS: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let n = src.len();
    let mut i = 0;
    while i + 8 <= n && i < SWAR {
        // SAFETY: i + 8 <= src.len().
        let raw = unsafe { src.as_ptr().add(i).cast::<u64>().read_unaligned() };
        let x = u64::from_le(raw) ^ NLS; // byte k of the line is bits 8k..8k+8; newlines become zero
        let hits = x.wrapping_sub(ONES) & !x & HIGHS; // lowest set bit marks the first zero byte
        if hits != 0 {
            let len = (hits.trailing_zeros() / 8) as usize + 1;
            // SAFETY: i + len <= i + 8 <= src.len() bytes fit in dst.
            unsafe { copy_small(src.as_ptr().add(i), dst.add(i), len) };
            return (i + len, true);
        }
        // SAFETY: as above; all eight bytes belong to the line.
        unsafe { dst.add(i).cast::<u64>().write_unaligned(raw) };
        i += 8;
    }
    if i < SWAR {
        // fewer than eight bytes left: one at a time
        while let Some(&b) = src.get(i) {
            // SAFETY: i < src.len().
            unsafe { *dst.add(i) = b };
            i += 1;
            if b == b'\n' {
                return (i, true);
            }
        }
        return (n, false);
    }
    let rest = src.get(i..).unwrap_or_default(); // no indexing: no panic path is linked
    // SAFETY: memchr reads the `rest.len()` bytes of `rest` only.
    let hit = unsafe { libc::memchr(rest.as_ptr().cast(), c_int::from(b'\n'), rest.len()) };
    let len = if hit.is_null() { rest.len() } else { hit as usize - rest.as_ptr() as usize + 1 };
    // SAFETY: i + len <= src.len() bytes fit in dst; src (ours) and dst (the caller's) do not overlap.
    unsafe { std::ptr::copy_nonoverlapping(rest.as_ptr(), dst.add(i), len) };
    (i + len, !hit.is_null())
}

/// Copy `len` bytes (1 to 8) with at most two overlapping loads and stores.
///
/// # Safety
/// `src` must be valid for reads and `dst` for writes of `len` bytes.
#[inline(always)]
unsafe fn copy_small(src: *const u8, dst: *mut u8, len: usize) {
    // SAFETY: every access below lies within the first `len` (1 to 8) bytes.
    unsafe {
        if len >= 4 {
            let head = src.cast::<u32>().read_unaligned();
            let tail = src.add(len - 4).cast::<u32>().read_unaligned();
            dst.cast::<u32>().write_unaligned(head);
            dst.add(len - 4).cast::<u32>().write_unaligned(tail);
        } else if len >= 2 {
            let head = src.cast::<u16>().read_unaligned();
            let tail = src.add(len - 2).cast::<u16>().read_unaligned();
            dst.cast::<u16>().write_unaligned(head);
            dst.add(len - 2).cast::<u16>().write_unaligned(tail);
        } else {
            *dst = *src;
        }
    }
}

/// The core of `readline` with libunp's exact results (API.md #18): stores at
/// most `maxlen - 1` bytes at `vptr`, stopping after a newline, and
/// NUL-terminates except on a read error.
///
/// # Returns
/// * `n` when a newline was stored as the n-th byte;
/// * the bytes stored before EOF (0 at once: `vptr` holds "");
/// * `maxlen` when `maxlen - 1` bytes filled the buffer without a newline
///   (1 for `maxlen` 0 or 1, with only the NUL stored);
/// * the `read(2)` error (the bytes already copied are lost).
///
/// # Safety
/// `vptr` must be valid for writes of `max(maxlen, 1)` bytes, and no other
/// `readline` call may run on this thread meanwhile (a signal handler).
#[inline]
pub unsafe fn readline_raw(fd: c_int, vptr: *mut u8, maxlen: usize) -> io::Result<usize> {
    let Some(lb) = linebuf() else { return Err(io::Error::from_raw_os_error(libc::ENOMEM)) };
    // SAFETY: the buffer belongs to this thread and nothing else borrows it now.
    let lb = unsafe { &mut *lb };
    let cap = maxlen.saturating_sub(1);
    let mut stored = 0usize;
    while stored < cap {
        if lb.cnt <= 0 {
            match lb.refill(fd)? {
                Refill::Data => {}
                Refill::Eof => {
                    // SAFETY: stored < cap < maxlen, inside the caller's buffer.
                    unsafe { *vptr.add(stored) = 0 };
                    return Ok(stored);
                }
            }
        }
        let avail = (lb.cnt as usize).min(cap - stored);
        // Without indexing, so that no panic path (and none of std's panic and
        // backtrace code) is linked into programs that call readline.
        let Some(chunk) = lb.buf.get(lb.pos..).and_then(|rest| rest.get(..avail)) else {
            lb.cnt = 0; // unreachable: pos + cnt never exceeds MAXLINE
            continue;
        };
        // SAFETY: stored + avail <= cap < maxlen bytes fit in the caller's buffer.
        let (take, found) = unsafe { copy_line(chunk, vptr.add(stored)) };
        lb.pos += take;
        lb.cnt -= take as isize;
        stored += take;
        if found {
            // SAFETY: stored <= cap < maxlen.
            unsafe { *vptr.add(stored) = 0 };
            return Ok(stored);
        }
    }
    // SAFETY: stored == cap, and the buffer holds max(maxlen, 1) bytes.
    unsafe { *vptr.add(stored) = 0 };
    Ok(stored + 1)
}

/// [`readline_raw`] over a slice (`maxlen` = `buf.len()`); an empty slice reads nothing and returns 0.
pub fn readline_into(fd: c_int, buf: &mut [u8]) -> io::Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    // SAFETY: the slice is valid for writes of its length, which is at least 1.
    unsafe { readline_raw(fd, buf.as_mut_ptr(), buf.len()) }
}

/// The calling thread's `readline` read-ahead: the count of bytes still
/// buffered (-1 after a failed refill, as in libunp) and a pointer to them.
pub fn readline_buffered() -> (isize, *mut u8) {
    let Some(lb) = linebuf() else { return (0, std::ptr::null_mut()) };
    // SAFETY: the buffer belongs to this thread and is not borrowed elsewhere now.
    let lb = unsafe { &mut *lb };
    // SAFETY: pos <= MAXLINE, so the pointer stays inside (or one past) the buffer.
    let ptr = unsafe { lb.buf.as_mut_ptr().add(lb.pos) };
    (lb.cnt, ptr)
}

/// Read `n` bytes from a descriptor unless EOF comes first; EINTR is retried (UNP §3.9).
///
/// # Returns
/// The byte count (less than `n` only at EOF), or -1 with `errno` set by `read(2)`.
///
/// # Safety
/// `vptr` must be valid for writes of `n` bytes, as for `read(2)`.
#[unsafe(export_name = "lnp_rs_readn")]
pub unsafe extern "C" fn readn(fd: c_int, vptr: *mut c_void, n: size_t) -> ssize_t {
    // SAFETY: the caller's contract is readn_raw's.
    let r = unsafe { readn_raw(fd, vptr.cast(), n) };
    trace_call!(
        IO,
        "readn",
        &r,
        [Int(fd.into()), Out, Int(n as i64)],
        Data(vptr.cast_const().cast(), *r.as_ref().unwrap_or(&0))
    );
    match r {
        Ok(got) => got as ssize_t,
        Err(e) => os::fail(&e, -1),
    }
}

/// Write all `n` bytes to a descriptor; EINTR is retried (UNP §3.9).
///
/// # Returns
/// `n`, or -1 (with `errno` from `write(2)`, or unchanged if `write` returned 0).
///
/// # Safety
/// `vptr` must be valid for reads of `n` bytes, as for `write(2)`.
#[unsafe(export_name = "lnp_rs_writen")]
pub unsafe extern "C" fn writen(fd: c_int, vptr: *const c_void, n: size_t) -> ssize_t {
    // SAFETY: the caller's contract is writen_raw's.
    let r = unsafe { writen_raw(fd, vptr.cast(), n) };
    trace_call!(IO, "writen", &r.as_ref().map(|_| n), [Int(fd.into()), Data(vptr.cast(), n), Int(n as i64)]);
    match r {
        Ok(put) => put as ssize_t,
        Err(e) => os::fail(&e, -1),
    }
}

/// Read one line (at most `maxlen - 1` bytes, newline included) and NUL-terminate it (UNP §3.9).
///
/// Reads ahead `MAXLINE` bytes at a time into a buffer private to the calling thread
/// and shared by all its descriptors.
///
/// # Returns
/// * the line length, newline included;
/// * 0 at EOF before any byte (the buffer holds ""), or the length of an unterminated last line;
/// * `maxlen` when `maxlen - 1` bytes came without a newline;
/// * -1 with `errno` set by `read(2)` (the buffer is then not terminated).
///
/// # Safety
/// `vptr` must be valid for writes of `maxlen` bytes (one byte if `maxlen` is 0).
///
/// # Example
/// ```
/// use lnp::sys::{readline, writen};
/// let mut sv = [0; 2];
/// // SAFETY: sv has room for two descriptors; the buffers are valid for the sizes given.
/// unsafe {
///     libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr());
///     writen(sv[1], b"hello\nworld\n".as_ptr().cast(), 12);
///     let mut buf = [0u8; 64];
///     assert_eq!(readline(sv[0], buf.as_mut_ptr().cast(), 64), 6);
///     assert_eq!(&buf[..7], b"hello\n\0");
///     // "world\n" is already buffered; a 4-byte buffer gets 3 bytes and returns maxlen
///     assert_eq!(readline(sv[0], buf.as_mut_ptr().cast(), 4), 4);
///     assert_eq!(&buf[..4], b"wor\0");
/// }
/// ```
#[unsafe(export_name = "lnp_rs_readline")]
pub unsafe extern "C" fn readline(fd: c_int, vptr: *mut c_void, maxlen: size_t) -> ssize_t {
    // SAFETY: the caller's contract is readline_raw's.
    let r = unsafe { readline_raw(fd, vptr.cast(), maxlen) };
    trace_call!(
        IO,
        "readline",
        &r,
        [Int(fd.into()), Out, Int(maxlen as i64)],
        Data(vptr.cast_const().cast(), *r.as_ref().unwrap_or(&0))
    );
    match r {
        Ok(got) => got as ssize_t,
        Err(e) => os::fail(&e, -1),
    }
}

/// How many bytes the calling thread's `readline` buffer still holds (libunp's readlinebuf).
///
/// # Returns
/// The count (-1 after a failed refill); if non-zero, `*vptrptr` is set to the buffered bytes,
/// which stay buffered.
///
/// # Safety
/// `vptrptr` must be valid for a pointer write when the result is non-zero.
#[unsafe(export_name = "lnp_rs_readlinebuf")]
pub unsafe extern "C" fn readlinebuf(vptrptr: *mut *mut c_void) -> ssize_t {
    let (cnt, ptr) = readline_buffered();
    if cnt != 0 && !vptrptr.is_null() {
        // SAFETY: the caller vouches for vptrptr.
        unsafe { *vptrptr = ptr.cast() };
    }
    trace_call!(IO, "readlinebuf", &cnt, [Out], Data(ptr.cast_const(), usize::try_from(cnt).unwrap_or(0)));
    cnt
}

/// `readn`, or print "readn error: <reason>" and exit(1).
///
/// # Returns
/// The byte count (less than `nbytes` only at EOF).
///
/// # Safety
/// As for `readn`.
#[unsafe(export_name = "lnp_rs_Readn")]
pub unsafe extern "C" fn Readn(fd: c_int, ptr: *mut c_void, nbytes: size_t) -> ssize_t {
    // SAFETY: the caller's contract is readn_raw's.
    let r = unsafe { readn_raw(fd, ptr.cast(), nbytes) };
    trace_call!(
        IO,
        "Readn",
        &r,
        [Int(fd.into()), Out, Int(nbytes as i64)],
        Data(ptr.cast_const().cast(), *r.as_ref().unwrap_or(&0))
    );
    match r {
        Ok(got) => got as ssize_t,
        Err(e) => error::sys_exit(&e, c"readn error"),
    }
}

/// `writen`, or print "writen error: <reason>" and exit(1).
///
/// # Safety
/// As for `writen`.
#[unsafe(export_name = "lnp_rs_Writen")]
pub unsafe extern "C" fn Writen(fd: c_int, ptr: *mut c_void, nbytes: size_t) {
    // SAFETY: the caller's contract is writen_raw's.
    let r = unsafe { writen_raw(fd, ptr.cast_const().cast(), nbytes) };
    trace_call!(
        IO,
        "Writen",
        &r.as_ref().map(|_| nbytes),
        [Int(fd.into()), Data(ptr.cast_const().cast(), nbytes), Int(nbytes as i64)]
    );
    if let Err(e) = r {
        error::sys_exit(&e, c"writen error");
    }
}

/// `readline`, or print "readline error: <reason>" and exit(1).
///
/// # Returns
/// As for `readline`, never -1.
///
/// # Safety
/// As for `readline`.
#[unsafe(export_name = "lnp_rs_Readline")]
pub unsafe extern "C" fn Readline(fd: c_int, ptr: *mut c_void, maxlen: size_t) -> ssize_t {
    // SAFETY: the caller's contract is readline_raw's.
    let r = unsafe { readline_raw(fd, ptr.cast(), maxlen) };
    trace_call!(
        IO,
        "Readline",
        &r,
        [Int(fd.into()), Out, Int(maxlen as i64)],
        Data(ptr.cast_const().cast(), *r.as_ref().unwrap_or(&0))
    );
    match r {
        Ok(got) => got as ssize_t,
        Err(e) => error::sys_exit(&e, c"readline error"),
    }
}
