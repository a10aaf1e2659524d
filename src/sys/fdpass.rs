//! Descriptor passing over Unix-domain sockets: `write_fd`, `read_fd` and
//! their wrappers (UNP §15.7, lib/write_fd.c, lib/read_fd.c).

use std::{io, mem, ptr};

use libc::{c_int, c_void, size_t, ssize_t};

use crate::error;
use crate::os::{self, cvt};
use crate::trace::trace_call;

/// Control buffer for one descriptor, aligned for `struct cmsghdr`.
#[repr(C, align(8))]
struct FdControl([u8; 32]);

/// `CMSG_SPACE(sizeof(int))` and `CMSG_LEN(sizeof(int))`.
fn cmsg_sizes() -> (usize, usize) {
    let int = mem::size_of::<c_int>() as u32;
    // SAFETY: pure arithmetic macros.
    unsafe { (libc::CMSG_SPACE(int) as usize, libc::CMSG_LEN(int) as usize) }
}

/// Send `nbytes` from `ptr` and the descriptor `sendfd` in one `sendmsg`.
///
/// # Safety
/// `ptr` must be valid for reads of `nbytes` bytes.
pub unsafe fn send_fd(fd: c_int, ptr: *const c_void, nbytes: usize, sendfd: c_int) -> io::Result<usize> {
    let (space, len) = cmsg_sizes();
    let mut control = FdControl([0; 32]);
    let mut iov = libc::iovec { iov_base: ptr.cast_mut(), iov_len: nbytes };
    // SAFETY: all-zero bytes are a valid msghdr.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast();
    msg.msg_controllen = space;
    // SAFETY: msg_control holds `space` bytes, enough for one header and one int.
    unsafe {
        let cmsg = libc::CMSG_FIRSTHDR(&msg);
        (*cmsg).cmsg_len = len;
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_RIGHTS;
        ptr::write_unaligned(libc::CMSG_DATA(cmsg).cast::<c_int>(), sendfd);
    }
    // SAFETY: msg and everything it points to are valid for the call.
    cvt(unsafe { libc::sendmsg(fd, &msg, 0) }).map(|n| n as usize)
}

/// Receive up to `nbytes` into `ptr` and perhaps a descriptor (not close-on-exec).
///
/// # Returns
/// The byte count and the descriptor (-1 if none came). Exits through
/// `err_quit` for a control message that is not `SOL_SOCKET`/`SCM_RIGHTS`.
///
/// # Safety
/// `ptr` must be valid for writes of `nbytes` bytes.
pub unsafe fn recv_fd(fd: c_int, ptr: *mut c_void, nbytes: usize) -> io::Result<(usize, c_int)> {
    let (space, len) = cmsg_sizes();
    let mut control = FdControl([0; 32]);
    let mut iov = libc::iovec { iov_base: ptr, iov_len: nbytes };
    // SAFETY: all-zero bytes are a valid msghdr.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast();
    msg.msg_controllen = space;
    // SAFETY: msg and everything it points to are valid for the call.
    let n = cvt(unsafe { libc::recvmsg(fd, &mut msg, 0) })? as usize;
    if n == 0 {
        return Ok((0, -1));
    }
    // SAFETY: msg describes our control buffer, as updated by the kernel.
    let cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    // SAFETY: a non-null cmsg points into our control buffer.
    if !cmsg.is_null() && unsafe { (*cmsg).cmsg_len } == len {
        // SAFETY: as above.
        let (level, kind) = unsafe { ((*cmsg).cmsg_level, (*cmsg).cmsg_type) };
        if level != libc::SOL_SOCKET {
            error::quit(c"control level != SOL_SOCKET");
        }
        if kind != libc::SCM_RIGHTS {
            error::quit(c"control type != SCM_RIGHTS");
        }
        // SAFETY: cmsg_len says one int of data follows the header.
        let got = unsafe { ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<c_int>()) };
        return Ok((n, got));
    }
    Ok((n, -1))
}

/// Send `nbytes` of data and the descriptor `sendfd` over a Unix-domain socket (UNP §15.7).
///
/// # Returns
/// `sendmsg`'s result: the bytes sent, or -1 with `errno` set.
///
/// # Safety
/// `ptr` must be valid for reads of `nbytes` bytes.
#[unsafe(export_name = "lnp_rs_write_fd")]
pub unsafe extern "C" fn write_fd(fd: c_int, ptr: *mut c_void, nbytes: size_t, sendfd: c_int) -> ssize_t {
    // SAFETY: the caller's contract is write_fd's.
    let r = unsafe { write_fd_core(fd, ptr, nbytes, sendfd) };
    trace_call!(
        IO,
        "write_fd",
        &r,
        [Int(fd.into()), Data(ptr.cast_const().cast(), nbytes), Int(nbytes as i64), Int(sendfd.into())]
    );
    r
}

/// The body of `write_fd` without its trace line (`write_fd` traces what it returns).
///
/// # Safety
/// As for `write_fd`.
unsafe fn write_fd_core(fd: c_int, ptr: *mut c_void, nbytes: size_t, sendfd: c_int) -> ssize_t {
    // SAFETY: the caller's contract is send_fd's.
    match unsafe { send_fd(fd, ptr, nbytes, sendfd) } {
        Ok(n) => n as ssize_t,
        Err(e) => os::fail(&e, -1),
    }
}

/// Receive data and perhaps a descriptor over a Unix-domain socket (UNP §15.7).
///
/// `*recvfd` gets the descriptor (not close-on-exec), or -1 if none was passed.
///
/// # Returns
/// `recvmsg`'s result: the bytes received (0 at EOF, `*recvfd` then untouched), or -1.
///
/// # Safety
/// `ptr` must be valid for writes of `nbytes` bytes; `recvfd` for an int write.
#[unsafe(export_name = "lnp_rs_read_fd")]
pub unsafe extern "C" fn read_fd(fd: c_int, ptr: *mut c_void, nbytes: size_t, recvfd: *mut c_int) -> ssize_t {
    // SAFETY: the caller's contract is read_fd's.
    let r = unsafe { read_fd_core(fd, ptr, nbytes, recvfd) };
    trace_call!(
        IO,
        "read_fd",
        &r,
        [Int(fd.into()), Out, Int(nbytes as i64), Out],
        Data(ptr.cast_const().cast(), usize::try_from(r).unwrap_or(0))
    );
    r
}

/// The body of `read_fd` without its trace line (`read_fd` traces what it returns).
///
/// # Safety
/// As for `read_fd`.
unsafe fn read_fd_core(fd: c_int, ptr: *mut c_void, nbytes: size_t, recvfd: *mut c_int) -> ssize_t {
    // SAFETY: the caller's contract is recv_fd's.
    match unsafe { recv_fd(fd, ptr, nbytes) } {
        Ok((0, _)) => 0,
        Ok((n, got)) => {
            if !recvfd.is_null() {
                // SAFETY: the caller vouches for recvfd.
                unsafe { *recvfd = got };
            }
            n as ssize_t
        }
        Err(e) => os::fail(&e, -1),
    }
}

/// `write_fd`, or print "write_fd error: <reason>" and exit(1).
///
/// # Safety
/// As for `write_fd`.
#[unsafe(export_name = "lnp_rs_Write_fd")]
pub unsafe extern "C" fn Write_fd(fd: c_int, ptr: *mut c_void, nbytes: size_t, sendfd: c_int) -> ssize_t {
    // SAFETY: the caller's contract is send_fd's.
    let r = unsafe { send_fd(fd, ptr, nbytes, sendfd) };
    trace_call!(
        IO,
        "Write_fd",
        &r,
        [Int(fd.into()), Data(ptr.cast_const().cast(), nbytes), Int(nbytes as i64), Int(sendfd.into())]
    );
    match r {
        Ok(n) => n as ssize_t,
        Err(e) => error::sys_exit(&e, c"write_fd error"),
    }
}

/// `read_fd`, or print "read_fd error: <reason>" and exit(1).
///
/// # Safety
/// As for `read_fd`.
#[unsafe(export_name = "lnp_rs_Read_fd")]
pub unsafe extern "C" fn Read_fd(fd: c_int, ptr: *mut c_void, nbytes: size_t, recvfd: *mut c_int) -> ssize_t {
    // SAFETY: the caller's contract is read_fd's.
    let n = unsafe { read_fd(fd, ptr, nbytes, recvfd) };
    if n < 0 {
        error::sys_exit_errno(c"read_fd error");
    }
    n
}
