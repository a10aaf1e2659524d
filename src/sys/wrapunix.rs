//! "Our Unix wrapper functions" (lnp.h group F, UNP lib/wrapunix.c).
//!
//! Each wrapper calls the system function of the same name and, on failure,
//! prints `"<name> error: <strerror(errno)>"` and exits with status 1
//! (API.md §4.F). Descriptors are created without close-on-exec.

use libc::{c_char, c_int, c_long, c_uint, c_void, mode_t, off_t, pid_t, sigset_t, size_t, ssize_t};

use crate::error;
use crate::os::{self, cvt};
use crate::trace::{Pointer, trace_call};

/// `calloc(3)`, or print "calloc error: <reason>" and exit(1).
///
/// # Returns
/// The zeroed block (free it with `free`).
#[unsafe(export_name = "lnp_rs_Calloc")]
pub extern "C" fn Calloc(n: size_t, size: size_t) -> *mut c_void {
    // SAFETY: calloc takes plain sizes.
    let ptr = unsafe { libc::calloc(n, size) };
    trace_call!(UNIX, "Calloc", &Pointer(ptr), [Int(n as i64), Int(size as i64)]);
    if ptr.is_null() {
        error::sys_exit_errno(c"calloc error");
    }
    ptr
}

/// `close(2)`, or print "close error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Close")]
pub extern "C" fn Close(fd: c_int) {
    // SAFETY: integer argument only; closing a descriptor the caller owns.
    let r = cvt(unsafe { libc::close(fd) });
    trace_call!(SOCK, "Close", &r, [Int(fd.into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"close error");
    }
}

/// `dup2(2)`, or print "dup2 error: <reason>" and exit(1).
#[unsafe(export_name = "lnp_rs_Dup2")]
pub extern "C" fn Dup2(fd1: c_int, fd2: c_int) {
    // SAFETY: integer arguments only.
    let r = cvt(unsafe { libc::dup2(fd1, fd2) });
    trace_call!(UNIX, "Dup2", &r, [Int(fd1.into()), Int(fd2.into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"dup2 error");
    }
}

/// `fcntl(2)` with an int argument, or print "fcntl error: <reason>" and exit(1).
///
/// # Returns
/// fcntl's value (for example the flags for `F_GETFL`).
#[unsafe(export_name = "lnp_rs_Fcntl")]
pub extern "C" fn Fcntl(fd: c_int, cmd: c_int, arg: c_int) -> c_int {
    // SAFETY: the book's Fcntl passes an int third argument, as the int-taking commands expect.
    let r = cvt(unsafe { libc::fcntl(fd, cmd, arg) });
    trace_call!(UNIX, "Fcntl", &r, [Int(fd.into()), Int(cmd.into()), Int(arg.into())]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"fcntl error"))
}

/// `gettimeofday(2)`, or print "gettimeofday error: <reason>" and exit(1).
///
/// # Safety
/// `tv` must be NULL or valid for writing a `struct timeval`; `tz` is the
/// (obsolete) timezone pointer, NULL or valid for writing a `struct timezone`.
#[unsafe(export_name = "lnp_rs_Gettimeofday")]
pub unsafe extern "C" fn Gettimeofday(tv: *mut libc::timeval, tz: *mut c_void) {
    // SAFETY: the caller guarantees both pointers as gettimeofday(2) requires.
    let r = cvt(unsafe { libc::gettimeofday(tv, tz.cast()) });
    trace_call!(UNIX, "Gettimeofday", &r, [Out, Ptr(tz)]);
    if let Err(e) = r {
        error::sys_exit(&e, c"gettimeofday error");
    }
}

/// `ioctl(2)`, or print "ioctl error: <reason>" and exit(1).
///
/// # Returns
/// ioctl's value.
///
/// # Safety
/// `arg` must be what `request` expects, as for `ioctl(2)`.
#[unsafe(export_name = "lnp_rs_Ioctl")]
pub unsafe extern "C" fn Ioctl(fd: c_int, request: c_int, arg: *mut c_void) -> c_int {
    // The int request is sign-extended, exactly as C converts it; the kernel uses the low 32 bits.
    // SAFETY: the caller guarantees `arg` suits `request`.
    let r = cvt(unsafe { libc::ioctl(fd, request as libc::Ioctl, arg) });
    trace_call!(UNIX, "Ioctl", &r, [Int(fd.into()), Int(i64::from(request as u32)), Ptr(arg)]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"ioctl error"))
}

/// `fork(2)`, or print "fork error: <reason>" and exit(1).
///
/// # Returns
/// 0 in the child, the child's pid in the parent.
#[unsafe(export_name = "lnp_rs_Fork")]
pub extern "C" fn Fork() -> pid_t {
    // SAFETY: fork has no arguments; the child continues in the C program.
    let r = cvt(unsafe { libc::fork() });
    trace_call!(PROC, "Fork", &r, []);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"fork error"))
}

/// `malloc(3)`, or print "malloc error: <reason>" and exit(1).
///
/// # Returns
/// The new block (free it with `free`).
#[unsafe(export_name = "lnp_rs_Malloc")]
pub extern "C" fn Malloc(size: size_t) -> *mut c_void {
    // SAFETY: malloc takes a plain size.
    let ptr = unsafe { libc::malloc(size) };
    trace_call!(UNIX, "Malloc", &Pointer(ptr), [Int(size as i64)]);
    if ptr.is_null() {
        error::sys_exit_errno(c"malloc error");
    }
    ptr
}

/// `mkstemp(3)`, or print "mkstemp error" (no errno text) and exit(1).
///
/// # Returns
/// The descriptor of the new file (without close-on-exec).
///
/// # Safety
/// `template` must be a writable NUL-terminated string, as for `mkstemp(3)`.
#[unsafe(export_name = "lnp_rs_Mkstemp")]
pub unsafe extern "C" fn Mkstemp(template: *mut c_char) -> c_int {
    // SAFETY: the caller guarantees the template string.
    let fd = unsafe { libc::mkstemp(template) };
    trace_call!(UNIX, "Mkstemp", &fd, [Str(template)]);
    if fd < 0 {
        error::quit(c"mkstemp error");
    }
    fd
}

/// `mmap(2)`, or print "mmap error: <reason>" and exit(1).
///
/// # Returns
/// The address of the mapping.
///
/// # Safety
/// As for `mmap(2)`: a fixed mapping at `addr` replaces what was there.
#[unsafe(export_name = "lnp_rs_Mmap")]
pub unsafe extern "C" fn Mmap(
    addr: *mut c_void,
    len: size_t,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: off_t,
) -> *mut c_void {
    // SAFETY: the caller takes responsibility for the mapping, as with mmap(2).
    let ptr = unsafe { libc::mmap(addr, len, prot, flags, fd, offset) };
    let shown = if ptr == libc::MAP_FAILED { std::ptr::null_mut() } else { ptr };
    trace_call!(
        UNIX,
        "Mmap",
        &Pointer(shown),
        [Ptr(addr), Int(len as i64), Int(prot.into()), Int(flags.into()), Int(fd.into()), Int(offset)]
    );
    if ptr == libc::MAP_FAILED {
        error::sys_exit_errno(c"mmap error");
    }
    ptr
}

/// `open(2)`, or print "open error for <pathname>: <reason>" and exit(1).
///
/// # Returns
/// The new descriptor (without close-on-exec unless `oflag` asks for it).
///
/// # Safety
/// `pathname` must be a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_Open")]
pub unsafe extern "C" fn Open(pathname: *const c_char, oflag: c_int, mode: mode_t) -> c_int {
    // SAFETY: the caller guarantees the path; the mode travels as the variadic unsigned int.
    let fd = unsafe { libc::open(pathname, oflag, mode as c_uint) };
    trace_call!(UNIX, "Open", &fd, [Str(pathname), Int(oflag.into()), Int(mode.into())]);
    if fd == -1 {
        // SAFETY: format with one string argument, the caller's path (glibc prints NULL as "(null)").
        unsafe { error::lnp_rs_err_sys(c"open error for %s".as_ptr(), pathname) }
    }
    fd
}

/// `pipe(2)`, or print "pipe error: <reason>" and exit(1).
///
/// # Safety
/// `fds` must be valid for writing two ints.
#[unsafe(export_name = "lnp_rs_Pipe")]
pub unsafe extern "C" fn Pipe(fds: *mut c_int) {
    // SAFETY: the caller guarantees room for two descriptors.
    let r = cvt(unsafe { libc::pipe(fds) });
    // SAFETY: after a successful pipe the two ints are written.
    let ends = r.as_ref().map_or([0, 0], |_| unsafe { [*fds, *fds.add(1)] });
    trace_call!(UNIX, "Pipe", &r, [Int(ends[0].into()), Int(ends[1].into())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"pipe error");
    }
}

/// `read(2)`, or print "read error: <reason>" and exit(1).
///
/// # Returns
/// The byte count; 0 at end of file.
///
/// # Safety
/// `ptr` must be valid for writes of `nbytes` bytes, as for `read(2)`.
#[unsafe(export_name = "lnp_rs_Read")]
pub unsafe extern "C" fn Read(fd: c_int, ptr: *mut c_void, nbytes: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer; the kernel checks it.
    let r = cvt(unsafe { libc::read(fd, ptr, nbytes) });
    trace_call!(
        IO,
        "Read",
        &r,
        [Int(fd.into()), Out, Int(nbytes as i64)],
        Data(ptr.cast(), r.as_ref().map_or(0, |&n| n as usize))
    );
    r.unwrap_or_else(|e| error::sys_exit(&e, c"read error"))
}

/// `sigaddset(3)`, or print "sigaddset error: <reason>" and exit(1).
///
/// # Safety
/// `set` must point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigaddset")]
pub unsafe extern "C" fn Sigaddset(set: *mut sigset_t, signo: c_int) {
    // SAFETY: the caller guarantees the set.
    let r = cvt(unsafe { libc::sigaddset(set, signo) });
    trace_call!(PROC, "Sigaddset", &r, [Out, Signal(signo)]);
    if let Err(e) = r {
        error::sys_exit(&e, c"sigaddset error");
    }
}

/// `sigdelset(3)`, or print "sigdelset error: <reason>" and exit(1).
///
/// # Safety
/// `set` must point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigdelset")]
pub unsafe extern "C" fn Sigdelset(set: *mut sigset_t, signo: c_int) {
    // SAFETY: the caller guarantees the set.
    let r = cvt(unsafe { libc::sigdelset(set, signo) });
    trace_call!(PROC, "Sigdelset", &r, [Out, Signal(signo)]);
    if let Err(e) = r {
        error::sys_exit(&e, c"sigdelset error");
    }
}

/// `sigemptyset(3)`, or print "sigemptyset error: <reason>" and exit(1).
///
/// # Safety
/// `set` must point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigemptyset")]
pub unsafe extern "C" fn Sigemptyset(set: *mut sigset_t) {
    // SAFETY: the caller guarantees the set.
    let r = cvt(unsafe { libc::sigemptyset(set) });
    trace_call!(PROC, "Sigemptyset", &r, [Out]);
    if let Err(e) = r {
        error::sys_exit(&e, c"sigemptyset error");
    }
}

/// `sigfillset(3)`, or print "sigfillset error: <reason>" and exit(1).
///
/// # Safety
/// `set` must point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigfillset")]
pub unsafe extern "C" fn Sigfillset(set: *mut sigset_t) {
    // SAFETY: the caller guarantees the set.
    let r = cvt(unsafe { libc::sigfillset(set) });
    trace_call!(PROC, "Sigfillset", &r, [Out]);
    if let Err(e) = r {
        error::sys_exit(&e, c"sigfillset error");
    }
}

/// `sigismember(3)`, or print "sigismember error: <reason>" and exit(1).
///
/// # Returns
/// 1 if `signo` is in the set, else 0.
///
/// # Safety
/// `set` must point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigismember")]
pub unsafe extern "C" fn Sigismember(set: *const sigset_t, signo: c_int) -> c_int {
    // SAFETY: the caller guarantees the set.
    let r = cvt(unsafe { libc::sigismember(set, signo) });
    trace_call!(PROC, "Sigismember", &r, [Out, Signal(signo)]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"sigismember error"))
}

/// `sigpending(2)`, or print "sigpending error: <reason>" and exit(1).
///
/// # Safety
/// `set` must point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigpending")]
pub unsafe extern "C" fn Sigpending(set: *mut sigset_t) {
    // SAFETY: the caller guarantees the set.
    let r = cvt(unsafe { libc::sigpending(set) });
    trace_call!(PROC, "Sigpending", &r, [Out]);
    if let Err(e) = r {
        error::sys_exit(&e, c"sigpending error");
    }
}

/// `sigprocmask(2)`, or print "sigprocmask error: <reason>" and exit(1).
///
/// # Safety
/// `set` and `oset` must each be NULL or point to a `sigset_t`.
#[unsafe(export_name = "lnp_rs_Sigprocmask")]
pub unsafe extern "C" fn Sigprocmask(how: c_int, set: *const sigset_t, oset: *mut sigset_t) {
    // SAFETY: the caller guarantees both pointers.
    let r = cvt(unsafe { libc::sigprocmask(how, set, oset) });
    trace_call!(PROC, "Sigprocmask", &r, [SigHow(how), Ptr(set.cast()), Ptr(oset.cast())]);
    if let Err(e) = r {
        error::sys_exit(&e, c"sigprocmask error");
    }
}

/// `strdup(3)`, or print "strdup error: <reason>" and exit(1).
///
/// # Returns
/// The copy (free it with `free`).
///
/// # Safety
/// `str` must be a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_Strdup")]
pub unsafe extern "C" fn Strdup(str: *const c_char) -> *mut c_char {
    // SAFETY: the caller guarantees the string.
    let ptr = unsafe { libc::strdup(str) };
    trace_call!(UNIX, "Strdup", &Pointer(ptr.cast()), [Str(str)]);
    if ptr.is_null() {
        error::sys_exit_errno(c"strdup error");
    }
    ptr
}

/// `sysconf(3)` with errno cleared first; -1 prints "sysconf error: <reason>" and exits(1).
///
/// An indeterminate limit (-1, errno still 0) is fatal too: "sysconf error: Success".
///
/// # Returns
/// The value of the limit.
#[unsafe(export_name = "lnp_rs_Sysconf")]
pub extern "C" fn Sysconf(name: c_int) -> c_long {
    os::set_errno(0);
    // SAFETY: integer argument only.
    let val = unsafe { libc::sysconf(name) };
    trace_call!(UNIX, "Sysconf", &(val as isize), [Int(name.into())]);
    if val == -1 {
        error::sys_exit_errno(c"sysconf error");
    }
    val
}

/// BSD sysctl stub: print "sysctl error: Function not implemented" and exit(1).
///
/// BSD's `sysctl(3)` does not exist on current Linux.
#[unsafe(export_name = "lnp_rs_Sysctl")]
pub extern "C" fn Sysctl(
    name: *mut c_int,
    namelen: c_uint,
    oldp: *mut c_void,
    oldlenp: *mut size_t,
    newp: *mut c_void,
    newlen: size_t,
) {
    let _ = (name, namelen, oldp, oldlenp, newp, newlen);
    os::set_errno(libc::ENOSYS);
    trace_call!(UNIX, "Sysctl", &-1, [Ptr(name.cast()), Int(namelen.into()), Out, Out, Ptr(newp), Int(newlen as i64)]);
    error::sys_exit_errno(c"sysctl error");
}

/// `unlink(2)`, or print "unlink error for <pathname>: <reason>" and exit(1).
///
/// # Safety
/// `pathname` must be a NUL-terminated string.
#[unsafe(export_name = "lnp_rs_Unlink")]
pub unsafe extern "C" fn Unlink(pathname: *const c_char) {
    // SAFETY: the caller guarantees the path.
    let r = unsafe { libc::unlink(pathname) };
    trace_call!(UNIX, "Unlink", &r, [Str(pathname)]);
    if r == -1 {
        // SAFETY: format with one string argument, the caller's path.
        unsafe { error::lnp_rs_err_sys(c"unlink error for %s".as_ptr(), pathname) }
    }
}

/// `wait(2)`, or print "wait error: <reason>" and exit(1).
///
/// # Returns
/// The pid of the child that ended.
///
/// # Safety
/// `iptr` must be NULL or valid for writing an int.
#[unsafe(export_name = "lnp_rs_Wait")]
pub unsafe extern "C" fn Wait(iptr: *mut c_int) -> pid_t {
    // SAFETY: the caller guarantees the status pointer.
    let r = cvt(unsafe { libc::wait(iptr) });
    trace_call!(PROC, "Wait", &r, [Out]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"wait error"))
}

/// `waitpid(2)`, or print "waitpid error: <reason>" and exit(1).
///
/// # Returns
/// The pid of the child, or 0 with `WNOHANG` when no child has ended.
///
/// # Safety
/// `iptr` must be NULL or valid for writing an int.
#[unsafe(export_name = "lnp_rs_Waitpid")]
pub unsafe extern "C" fn Waitpid(pid: pid_t, iptr: *mut c_int, options: c_int) -> pid_t {
    // SAFETY: the caller guarantees the status pointer.
    let r = cvt(unsafe { libc::waitpid(pid, iptr, options) });
    trace_call!(PROC, "Waitpid", &r, [Int(pid.into()), Out, WaitOpts(options)]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"waitpid error"))
}

/// `write(2)` of all `nbytes`, else (short writes too) print "write error: <reason>" and exit(1).
///
/// # Safety
/// `ptr` must be valid for reads of `nbytes` bytes, as for `write(2)`.
#[unsafe(export_name = "lnp_rs_Write")]
pub unsafe extern "C" fn Write(fd: c_int, ptr: *mut c_void, nbytes: size_t) {
    // SAFETY: the caller guarantees the buffer; the kernel checks it.
    let n = unsafe { libc::write(fd, ptr, nbytes) };
    trace_call!(IO, "Write", &n, [Int(fd.into()), Data(ptr.cast_const().cast(), nbytes), Int(nbytes as i64)]);
    if n != nbytes as ssize_t {
        error::sys_exit_errno(c"write error");
    }
}
