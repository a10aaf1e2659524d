//! The book's retransmission-timeout estimator for UDP (UNP §22.5, the original's
//! lib/rtt.c and `unprtt.h`), as a Rust type.
//!
//! [`Rtt`] keeps the Jacobson/Karels estimators in float seconds exactly as
//! the original does: the first RTO is 3 s (`srtt` 0, `rttvar` 0.75); every
//! measured RTT updates `srtt` with gain 1/8 and `rttvar` with gain 1/4; the
//! RTO is `srtt + 4 * rttvar` clamped to [`RTT_RXTMIN`], [`RTT_RXTMAX`]; a
//! timeout doubles the RTO, and after [`RTT_MAXNREXMT`] retransmissions the
//! packet is given up. The same value is the C library's `struct rtt_info`
//! (its layout is `#[repr(C)]`), so both layers share this arithmetic.
//!
//! ```
//! use lnp::rtt::Rtt;
//!
//! let mut rtt = Rtt::new();
//! rtt.newpack();
//! assert_eq!(rtt.start(), 3); // seconds until the first retransmission
//! rtt.stop(100);              // the reply came after 100 ms
//! assert_eq!(rtt.rto(), 2.3625); // srtt 0.0125 + 4 * rttvar 0.5875
//! assert_eq!(rtt.start(), 2);
//! ```

// `Rtt` is C's `struct rtt_info` field for field (hence the `rtt_` names), and
// its arithmetic converts between int, float and double exactly where the
// original's C does, so these casts are the point, not an accident.
#![allow(
    clippy::struct_field_names,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]

use crate::os;

/// The smallest retransmission timeout, in seconds.
pub const RTT_RXTMIN: i32 = 2;
/// The largest retransmission timeout computed from measurements, in seconds.
pub const RTT_RXTMAX: i32 = 60;
/// How many times one packet is retransmitted before [`Rtt::timeout`] gives up.
pub const RTT_MAXNREXMT: i32 = 3;

/// The estimator state: `struct rtt_info` of `unprtt.h`, field for field.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rtt {
    rtt_rtt: f32,
    rtt_srtt: f32,
    rtt_rttvar: f32,
    rtt_rto: f32,
    rtt_nrexmt: i32,
    rtt_base: u32,
}

/// The timeout give-up signal of [`Rtt::timeout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timeout {
    /// Retransmit, waiting [`Rtt::start`] seconds this time.
    Retransmit,
    /// [`RTT_MAXNREXMT`] retransmissions are spent: give up on this packet.
    GiveUp,
}

/// The current time as (seconds, microseconds) since the Epoch, as gettimeofday reports it.
fn now() -> (u32, u32) {
    let (sec, usec) = os::timeofday();
    (sec as u32, usec as u32)
}

/// Clamp an RTO to [`RTT_RXTMIN`, `RTT_RXTMAX`] (the original's `rtt_minmax`).
fn minmax(rto: f32) -> f32 {
    if rto < RTT_RXTMIN as f32 {
        RTT_RXTMIN as f32
    } else if rto > RTT_RXTMAX as f32 {
        RTT_RXTMAX as f32
    } else {
        rto
    }
}

impl Rtt {
    /// A fresh estimator whose timestamps count from now (`rtt_init`).
    #[must_use]
    pub fn new() -> Rtt {
        let mut rtt = Rtt { rtt_rtt: 0.0, rtt_srtt: 0.0, rtt_rttvar: 0.0, rtt_rto: 0.0, rtt_nrexmt: 0, rtt_base: 0 };
        rtt.init();
        rtt
    }

    /// Reset the estimators and the timestamp base (`rtt_init`).
    pub fn init(&mut self) {
        self.rtt_base = now().0;
        self.rtt_rtt = 0.0;
        self.rtt_srtt = 0.0;
        self.rtt_rttvar = 0.75;
        self.rtt_rto = minmax(self.rtocalc());
    }

    /// `srtt + 4 * rttvar`, computed in double as C's `RTT_RTOCALC` is, stored as float.
    fn rtocalc(&self) -> f32 {
        (f64::from(self.rtt_srtt) + 4.0 * f64::from(self.rtt_rttvar)) as f32
    }

    /// Milliseconds since [`Rtt::init`], wrapping at 2^32 (`rtt_ts`).
    #[must_use]
    pub fn ts(&self) -> u32 {
        let (sec, usec) = now();
        sec.wrapping_sub(self.rtt_base).wrapping_mul(1000).wrapping_add(usec / 1000)
    }

    /// A new packet is about to be sent for the first time (`rtt_newpack`).
    pub fn newpack(&mut self) {
        self.rtt_nrexmt = 0;
    }

    /// The current RTO in whole seconds, rounded, for `alarm` (`rtt_start`).
    #[must_use]
    pub fn start(&self) -> i32 {
        (f64::from(self.rtt_rto) + 0.5) as i32
    }

    /// A reply came `ms` milliseconds after its request: update the estimators and the RTO (`rtt_stop`).
    pub fn stop(&mut self, ms: u32) {
        self.rtt_rtt = (f64::from(ms) / 1000.0) as f32;
        let delta = f64::from(self.rtt_rtt) - f64::from(self.rtt_srtt);
        self.rtt_srtt = (f64::from(self.rtt_srtt) + delta / 8.0) as f32;
        let delta = delta.abs();
        self.rtt_rttvar = (f64::from(self.rtt_rttvar) + (delta - f64::from(self.rtt_rttvar)) / 4.0) as f32;
        self.rtt_rto = minmax(self.rtocalc());
    }

    /// The retransmission timer expired: double the RTO and count the retransmission (`rtt_timeout`).
    pub fn timeout(&mut self) -> Timeout {
        self.rtt_rto *= 2.0;
        self.rtt_nrexmt += 1;
        if self.rtt_nrexmt > RTT_MAXNREXMT { Timeout::GiveUp } else { Timeout::Retransmit }
    }

    /// The most recent measured RTT, in seconds.
    #[must_use]
    pub fn rtt(&self) -> f32 {
        self.rtt_rtt
    }

    /// The smoothed RTT, in seconds.
    #[must_use]
    pub fn srtt(&self) -> f32 {
        self.rtt_srtt
    }

    /// The smoothed mean deviation, in seconds.
    #[must_use]
    pub fn rttvar(&self) -> f32 {
        self.rtt_rttvar
    }

    /// The current retransmission timeout, in seconds.
    #[must_use]
    pub fn rto(&self) -> f32 {
        self.rtt_rto
    }

    /// Retransmissions of the current packet so far.
    #[must_use]
    pub fn nrexmt(&self) -> i32 {
        self.rtt_nrexmt
    }
}

impl Default for Rtt {
    fn default() -> Rtt {
        Rtt::new()
    }
}
