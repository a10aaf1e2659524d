//! The RTT estimator of `unprtt.h` (the original libunp's lib/rtt.c) for C.
//!
//! `struct rtt_info` is [`crate::rtt::Rtt`]; these functions only turn the
//! pointer into a reference and call its methods. A NULL `ptr` is a no-op
//! (`rtt_start` and `rtt_timeout` then return -1, `rtt_ts` 0) where the
//! original would crash. `rtt_d_flag` is a weak `int` of the C shim.

use libc::c_int;

use crate::os;
use crate::rtt::{Rtt, Timeout};
use crate::trace::{Returned, trace_call};

unsafe extern "C" {
    /// Nonzero: `rtt_debug` prints. Weak in the shim, so a program may define its own.
    static rtt_d_flag: c_int;
}

/// Initialise `*ptr`: timestamps count from now, the first RTO is 3 s (UNP §22.5).
///
/// # Safety
/// `ptr` must be NULL or valid for writing a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_init")]
pub unsafe extern "C" fn rtt_init(ptr: *mut Rtt) {
    // SAFETY: NULL or valid for writes (the caller's contract); Rtt is plain data, so writing a new value is sound.
    if let Some(rtt) = unsafe { ptr.as_mut() } {
        *rtt = Rtt::new();
    }
    trace_call!(RTT, "rtt_init", &(), [Ptr(ptr.cast())]);
}

/// Reset the retransmission count before a new packet is sent.
///
/// # Safety
/// `ptr` must be NULL or point to a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_newpack")]
pub unsafe extern "C" fn rtt_newpack(ptr: *mut Rtt) {
    // SAFETY: NULL or valid (the caller's contract).
    if let Some(rtt) = unsafe { ptr.as_mut() } {
        rtt.newpack();
    }
    trace_call!(RTT, "rtt_newpack", &(), [Ptr(ptr.cast())]);
}

/// The current RTO rounded to whole seconds (for `alarm`).
///
/// # Returns
/// The seconds to wait; -1 if `ptr` is NULL.
///
/// # Safety
/// `ptr` must be NULL or point to a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_start")]
pub unsafe extern "C" fn rtt_start(ptr: *mut Rtt) -> c_int {
    // SAFETY: NULL or valid (the caller's contract).
    let rto = unsafe { ptr.as_ref() }.map_or(-1, Rtt::start);
    trace_call!(RTT, "rtt_start", &Returned(Int(rto.into())), [Ptr(ptr.cast())]);
    rto
}

/// Milliseconds since `rtt_init`, to put in a request and give back to `rtt_stop`.
///
/// # Returns
/// The timestamp (wrapping at 2^32); 0 if `ptr` is NULL.
///
/// # Safety
/// `ptr` must be NULL or point to a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_ts")]
pub unsafe extern "C" fn rtt_ts(ptr: *mut Rtt) -> u32 {
    // SAFETY: NULL or valid (the caller's contract).
    let ts = unsafe { ptr.as_ref() }.map_or(0, Rtt::ts);
    trace_call!(RTT, "rtt_ts", &Returned(Int(ts.into())), [Ptr(ptr.cast())]);
    ts
}

/// A reply arrived `ms` milliseconds after its request: update the estimators and the RTO.
///
/// # Safety
/// `ptr` must be NULL or point to a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_stop")]
pub unsafe extern "C" fn rtt_stop(ptr: *mut Rtt, ms: u32) {
    // SAFETY: NULL or valid (the caller's contract).
    if let Some(rtt) = unsafe { ptr.as_mut() } {
        rtt.stop(ms);
    }
    trace_call!(RTT, "rtt_stop", &(), [Ptr(ptr.cast()), Int(ms.into())]);
}

/// The retransmission timer expired: double the RTO.
///
/// # Returns
/// 0 to retransmit; -1 to give up (more than `RTT_MAXNREXMT` retransmissions, or `ptr` NULL).
///
/// # Safety
/// `ptr` must be NULL or point to a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_timeout")]
pub unsafe extern "C" fn rtt_timeout(ptr: *mut Rtt) -> c_int {
    // SAFETY: NULL or valid (the caller's contract).
    let r = match unsafe { ptr.as_mut() }.map(Rtt::timeout) {
        Some(Timeout::Retransmit) => 0,
        Some(Timeout::GiveUp) | None => -1,
    };
    trace_call!(RTT, "rtt_timeout", &Returned(Int(r.into())), [Ptr(ptr.cast())]);
    r
}

/// If `rtt_d_flag` is nonzero, print `rtt = ..., srtt = ..., rttvar = ..., rto = ...` on stderr.
///
/// # Safety
/// `ptr` must be NULL or point to a `struct rtt_info`.
#[unsafe(export_name = "lnp_rs_rtt_debug")]
pub unsafe extern "C" fn rtt_debug(ptr: *mut Rtt) {
    // SAFETY: a plain int of the C shim (or the program's own), read once.
    let enabled = unsafe { core::ptr::addr_of!(rtt_d_flag).read_volatile() } != 0;
    trace_call!(RTT, "rtt_debug", &(), [Ptr(ptr.cast())]);
    // SAFETY: NULL or valid (the caller's contract).
    let Some(rtt) = (unsafe { ptr.as_ref() }) else { return };
    if enabled {
        // SAFETY: the format takes four doubles, as passed (C promotes float to double the same way).
        unsafe {
            libc::fprintf(
                os::c_stderr(),
                c"rtt = %.3f, srtt = %.3f, rttvar = %.3f, rto = %.3f\n".as_ptr(),
                f64::from(rtt.rtt()),
                f64::from(rtt.srtt()),
                f64::from(rtt.rttvar()),
                f64::from(rtt.rto()),
            );
            libc::fflush(os::c_stderr());
        }
    }
}
