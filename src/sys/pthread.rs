//! The threads wrappers of `unpthread.h` (the original libunp's lib/wrappthread.c).
//!
//! A pthread function returns its error number instead of setting `errno`;
//! each wrapper stores that number in `errno` and dies through `err_sys` with
//! `"pthread_xxx error: <strerror>"`, exit status 1. A NULL pointer where the
//! pthread function would dereference it fails with EINVAL the same way
//! (glibc would crash). These names are declared in `unpthread.h`, not in `lnp.h`.

use std::ffi::CStr;

use libc::{
    c_int, c_void, pthread_attr_t, pthread_cond_t, pthread_key_t, pthread_mutex_t, pthread_mutexattr_t, pthread_once_t,
    pthread_t, timespec,
};

use crate::os;
use crate::trace::{ErrorNumber, trace_call};

/// A thread id as the trace shows it (in hex, like an address).
fn thread_id(tid: pthread_t) -> crate::trace::Arg {
    crate::trace::Arg::Ptr(std::ptr::without_provenance(tid as usize))
}

/// A thread's start routine, `void *(*)(void *)`.
pub type StartRoutine = extern "C" fn(*mut c_void) -> *mut c_void;
/// A key's destructor, `void (*)(void *)`.
pub type KeyDestructor = extern "C" fn(*mut c_void);
/// A once routine, `void (*)(void)`.
pub type OnceRoutine = extern "C" fn();

/// Return if `n` is 0, else store `n` in `errno` and `err_sys(msg)`.
fn check(n: c_int, msg: &CStr) {
    if n != 0 {
        os::set_errno(n);
        crate::error::sys_exit_errno(msg);
    }
}

/// `pthread_create(3)`, or print "pthread_create error: <reason>" and exit(1).
///
/// # Safety
/// `tid` must be valid for writing a `pthread_t`; `attr` NULL or an initialised
/// attribute object; `func` must be safe to run in a new thread with `arg`.
#[unsafe(export_name = "lnp_rs_Pthread_create")]
pub unsafe extern "C" fn Pthread_create(
    tid: *mut pthread_t,
    attr: *const pthread_attr_t,
    func: Option<StartRoutine>,
    arg: *mut c_void,
) {
    let n = match func {
        Some(func) if !tid.is_null() => {
            // SAFETY: tid is non-NULL and writable, attr NULL or initialised (the caller's contract).
            unsafe { libc::pthread_create(tid, attr, func, arg) }
        }
        _ => libc::EINVAL,
    };
    // SAFETY: after a successful pthread_create the id is written (tid is non-NULL then).
    let new = if n == 0 { thread_id(unsafe { *tid }) } else { crate::trace::Arg::Out };
    let start = func.map_or(0, |f| f as usize);
    trace_call!(
        THREAD,
        "Pthread_create",
        &ErrorNumber(n),
        [new, Ptr(attr.cast()), crate::symname::func(start), Ptr(arg)]
    );
    check(n, c"pthread_create error");
}

/// `pthread_join(3)`, or print "pthread_join error: <reason>" and exit(1).
///
/// # Safety
/// `tid` must name a joinable thread of this process that nobody has joined yet
/// (as for `pthread_join(3)`); `status` NULL or valid for writing a pointer.
#[unsafe(export_name = "lnp_rs_Pthread_join")]
pub unsafe extern "C" fn Pthread_join(tid: pthread_t, status: *mut *mut c_void) {
    // SAFETY: the caller's contract is pthread_join's.
    let n = unsafe { libc::pthread_join(tid, status) };
    trace_call!(THREAD, "Pthread_join", &ErrorNumber(n), [thread_id(tid), Out]);
    check(n, c"pthread_join error");
}

/// `pthread_detach(3)`, or print "pthread_detach error: <reason>" and exit(1).
///
/// # Safety
/// `tid` must name a thread of this process that has not been joined (as for `pthread_detach(3)`).
#[unsafe(export_name = "lnp_rs_Pthread_detach")]
pub unsafe extern "C" fn Pthread_detach(tid: pthread_t) {
    // SAFETY: the caller's contract is pthread_detach's.
    let n = unsafe { libc::pthread_detach(tid) };
    trace_call!(THREAD, "Pthread_detach", &ErrorNumber(n), [thread_id(tid)]);
    check(n, c"pthread_detach error");
}

/// `pthread_kill(3)`, or print "pthread_kill error: <reason>" and exit(1).
///
/// # Safety
/// `tid` must name a thread of this process that has not been joined (as for `pthread_kill(3)`).
#[unsafe(export_name = "lnp_rs_Pthread_kill")]
pub unsafe extern "C" fn Pthread_kill(tid: pthread_t, signo: c_int) {
    // SAFETY: the caller's contract is pthread_kill's.
    let n = unsafe { libc::pthread_kill(tid, signo) };
    trace_call!(THREAD, "Pthread_kill", &ErrorNumber(n), [thread_id(tid), Signal(signo)]);
    check(n, c"pthread_kill error");
}

/// `pthread_mutexattr_init(3)`, or print "pthread_mutexattr_init error: <reason>" and exit(1).
///
/// # Safety
/// `attr` must be NULL or valid for writing a `pthread_mutexattr_t`.
#[unsafe(export_name = "lnp_rs_Pthread_mutexattr_init")]
pub unsafe extern "C" fn Pthread_mutexattr_init(attr: *mut pthread_mutexattr_t) {
    let n = if attr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: attr is non-NULL and writable (the caller's contract).
        unsafe { libc::pthread_mutexattr_init(attr) }
    };
    trace_call!(THREAD, "Pthread_mutexattr_init", &ErrorNumber(n), [Ptr(attr.cast())]);
    check(n, c"pthread_mutexattr_init error");
}

/// `pthread_mutexattr_setpshared(3)`, or print "pthread_mutexattr_setpshared error: <reason>" and exit(1).
///
/// # Safety
/// `attr` must be NULL or an initialised mutex attribute object.
#[unsafe(export_name = "lnp_rs_Pthread_mutexattr_setpshared")]
pub unsafe extern "C" fn Pthread_mutexattr_setpshared(attr: *mut pthread_mutexattr_t, flag: c_int) {
    let n = if attr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: attr is non-NULL and initialised (the caller's contract).
        unsafe { libc::pthread_mutexattr_setpshared(attr, flag) }
    };
    trace_call!(THREAD, "Pthread_mutexattr_setpshared", &ErrorNumber(n), [Ptr(attr.cast()), Int(flag.into())]);
    check(n, c"pthread_mutexattr_setpshared error");
}

/// `pthread_mutex_init(3)`, or print "pthread_mutex_init error: <reason>" and exit(1).
///
/// # Safety
/// `mptr` must be NULL or valid for writing a `pthread_mutex_t` that no thread
/// uses; `attr` NULL or an initialised mutex attribute object.
#[unsafe(export_name = "lnp_rs_Pthread_mutex_init")]
pub unsafe extern "C" fn Pthread_mutex_init(mptr: *mut pthread_mutex_t, attr: *mut pthread_mutexattr_t) {
    let n = if mptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: mptr is non-NULL and writable, attr NULL or initialised (the caller's contract).
        unsafe { libc::pthread_mutex_init(mptr, attr) }
    };
    trace_call!(THREAD, "Pthread_mutex_init", &ErrorNumber(n), [Ptr(mptr.cast()), Ptr(attr.cast())]);
    check(n, c"pthread_mutex_init error");
}

/// `pthread_mutex_lock(3)`, or print "pthread_mutex_lock error: <reason>" and exit(1).
///
/// # Safety
/// `mptr` must be NULL or an initialised mutex.
#[unsafe(export_name = "lnp_rs_Pthread_mutex_lock")]
pub unsafe extern "C" fn Pthread_mutex_lock(mptr: *mut pthread_mutex_t) {
    let n = if mptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: mptr is non-NULL and initialised (the caller's contract).
        unsafe { libc::pthread_mutex_lock(mptr) }
    };
    trace_call!(THREAD, "Pthread_mutex_lock", &ErrorNumber(n), [Ptr(mptr.cast())]);
    check(n, c"pthread_mutex_lock error");
}

/// `pthread_mutex_unlock(3)`, or print "pthread_mutex_unlock error: <reason>" and exit(1).
///
/// # Safety
/// `mptr` must be NULL or an initialised mutex.
#[unsafe(export_name = "lnp_rs_Pthread_mutex_unlock")]
pub unsafe extern "C" fn Pthread_mutex_unlock(mptr: *mut pthread_mutex_t) {
    let n = if mptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: mptr is non-NULL and initialised (the caller's contract).
        unsafe { libc::pthread_mutex_unlock(mptr) }
    };
    trace_call!(THREAD, "Pthread_mutex_unlock", &ErrorNumber(n), [Ptr(mptr.cast())]);
    check(n, c"pthread_mutex_unlock error");
}

/// `pthread_cond_broadcast(3)`, or print "pthread_cond_broadcast error: <reason>" and exit(1).
///
/// # Safety
/// `cptr` must be NULL or an initialised condition variable.
#[unsafe(export_name = "lnp_rs_Pthread_cond_broadcast")]
pub unsafe extern "C" fn Pthread_cond_broadcast(cptr: *mut pthread_cond_t) {
    let n = if cptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: cptr is non-NULL and initialised (the caller's contract).
        unsafe { libc::pthread_cond_broadcast(cptr) }
    };
    trace_call!(THREAD, "Pthread_cond_broadcast", &ErrorNumber(n), [Ptr(cptr.cast())]);
    check(n, c"pthread_cond_broadcast error");
}

/// `pthread_cond_signal(3)`, or print "pthread_cond_signal error: <reason>" and exit(1).
///
/// # Safety
/// `cptr` must be NULL or an initialised condition variable.
#[unsafe(export_name = "lnp_rs_Pthread_cond_signal")]
pub unsafe extern "C" fn Pthread_cond_signal(cptr: *mut pthread_cond_t) {
    let n = if cptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: cptr is non-NULL and initialised (the caller's contract).
        unsafe { libc::pthread_cond_signal(cptr) }
    };
    trace_call!(THREAD, "Pthread_cond_signal", &ErrorNumber(n), [Ptr(cptr.cast())]);
    check(n, c"pthread_cond_signal error");
}

/// `pthread_cond_wait(3)`, or print "pthread_cond_wait error: <reason>" and exit(1).
///
/// # Safety
/// `cptr` and `mptr` must be NULL or an initialised condition variable and mutex.
#[unsafe(export_name = "lnp_rs_Pthread_cond_wait")]
pub unsafe extern "C" fn Pthread_cond_wait(cptr: *mut pthread_cond_t, mptr: *mut pthread_mutex_t) {
    let n = if cptr.is_null() || mptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: both are non-NULL and initialised (the caller's contract).
        unsafe { libc::pthread_cond_wait(cptr, mptr) }
    };
    trace_call!(THREAD, "Pthread_cond_wait", &ErrorNumber(n), [Ptr(cptr.cast()), Ptr(mptr.cast())]);
    check(n, c"pthread_cond_wait error");
}

/// `pthread_cond_timedwait(3)`, or print "pthread_cond_timedwait error: <reason>" and exit(1)
/// (a timeout, ETIMEDOUT, is an error here as in the original).
///
/// # Safety
/// `cptr` and `mptr` must be NULL or an initialised condition variable and
/// mutex; `tsptr` NULL or valid for reading a `struct timespec`.
#[unsafe(export_name = "lnp_rs_Pthread_cond_timedwait")]
pub unsafe extern "C" fn Pthread_cond_timedwait(
    cptr: *mut pthread_cond_t,
    mptr: *mut pthread_mutex_t,
    tsptr: *const timespec,
) {
    let n = if cptr.is_null() || mptr.is_null() || tsptr.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: all three are non-NULL and valid (the caller's contract).
        unsafe { libc::pthread_cond_timedwait(cptr, mptr, tsptr) }
    };
    trace_call!(
        THREAD,
        "Pthread_cond_timedwait",
        &ErrorNumber(n),
        [Ptr(cptr.cast()), Ptr(mptr.cast()), Ptr(tsptr.cast())]
    );
    check(n, c"pthread_cond_timedwait error");
}

/// `pthread_key_create(3)`, or print "pthread_key_create error: <reason>" and exit(1).
///
/// # Safety
/// `key` must be NULL or valid for writing a `pthread_key_t`; `func`, if not
/// NULL, must be safe to call with any value stored under the key.
#[unsafe(export_name = "lnp_rs_Pthread_key_create")]
pub unsafe extern "C" fn Pthread_key_create(key: *mut pthread_key_t, func: Option<KeyDestructor>) {
    let n = if key.is_null() {
        libc::EINVAL
    } else {
        // SAFETY: key is non-NULL and writable; func NULL or callable (the caller's contract).
        unsafe { libc::pthread_key_create(key, func.map(|f| f as unsafe extern "C" fn(*mut c_void))) }
    };
    trace_call!(
        THREAD,
        "Pthread_key_create",
        &ErrorNumber(n),
        [Out, crate::symname::func(func.map_or(0, |f| f as usize))]
    );
    check(n, c"pthread_key_create error");
}

/// `pthread_setspecific(3)`, or print "pthread_setspecific error: <reason>" and exit(1).
///
/// # Safety
/// `value` is stored, never read here; it must suit the key's destructor, if any.
#[unsafe(export_name = "lnp_rs_Pthread_setspecific")]
pub unsafe extern "C" fn Pthread_setspecific(key: pthread_key_t, value: *const c_void) {
    // SAFETY: glibc checks the key; the value is stored, never dereferenced.
    let n = unsafe { libc::pthread_setspecific(key, value) };
    trace_call!(THREAD, "Pthread_setspecific", &ErrorNumber(n), [Int(key.into()), Ptr(value)]);
    check(n, c"pthread_setspecific error");
}

/// `pthread_once(3)`, or print "pthread_once error: <reason>" and exit(1).
///
/// # Safety
/// `ptr` must be NULL or a `pthread_once_t` initialised with `PTHREAD_ONCE_INIT`;
/// `func` must be safe to call.
#[unsafe(export_name = "lnp_rs_Pthread_once")]
pub unsafe extern "C" fn Pthread_once(ptr: *mut pthread_once_t, func: Option<OnceRoutine>) {
    let n = match func {
        Some(func) if !ptr.is_null() => {
            // SAFETY: ptr is non-NULL and initialised (the caller's contract).
            unsafe { libc::pthread_once(ptr, func) }
        }
        _ => libc::EINVAL,
    };
    trace_call!(
        THREAD,
        "Pthread_once",
        &ErrorNumber(n),
        [Ptr(ptr.cast()), crate::symname::func(func.map_or(0, |f| f as usize))]
    );
    check(n, c"pthread_once error");
}
