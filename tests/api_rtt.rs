//! `lnp::rtt::Rtt`, the safe RTT estimator: its arithmetic against a
//! reference computed here from the formulas of UNP §22.5, the timeout
//! doubling and give-up, timestamps, and the same state as the C functions.

use std::time::Duration;

use lnp::rtt::{RTT_MAXNREXMT, RTT_RXTMAX, RTT_RXTMIN, Rtt, Timeout};

/// The reference estimator, in f64.
struct Reference {
    srtt: f64,
    rttvar: f64,
    rto: f64,
}

impl Reference {
    fn stop(&mut self, ms: u32) -> f64 {
        let rtt = f64::from(ms) / 1000.0;
        let err = rtt - self.srtt;
        self.srtt += err / 8.0;
        self.rttvar += (err.abs() - self.rttvar) / 4.0;
        self.rto = (self.srtt + 4.0 * self.rttvar).clamp(f64::from(RTT_RXTMIN), f64::from(RTT_RXTMAX));
        rtt
    }
}

fn near(got: f32, want: f64) -> bool {
    (f64::from(got) - want).abs() < 1e-5
}

#[test]
fn estimator_follows_the_formulas() {
    let mut rtt = Rtt::new();
    assert_eq!((rtt.rtt(), rtt.srtt(), rtt.rttvar(), rtt.rto()), (0.0, 0.0, 0.75, 3.0));
    assert_eq!(rtt.start(), 3);
    let mut r = Reference { srtt: 0.0, rttvar: 0.75, rto: 3.0 };
    for ms in [100, 120, 90, 2500, 110, 100, 300_000, 200, 50, 0, 70_000, 10, 1, 1, 1] {
        let measured = r.stop(ms);
        rtt.stop(ms);
        assert!(near(rtt.rtt(), measured), "rtt after {ms}");
        assert!(near(rtt.srtt(), r.srtt), "srtt after {ms}: {} vs {}", rtt.srtt(), r.srtt);
        assert!(near(rtt.rttvar(), r.rttvar), "rttvar after {ms}");
        assert!(near(rtt.rto(), r.rto), "rto after {ms}");
        assert_eq!(rtt.start(), (r.rto + 0.5) as i32);
    }
}

#[test]
fn timeouts_double_then_give_up() {
    let mut rtt = Rtt::new();
    rtt.newpack();
    for k in 1..=RTT_MAXNREXMT {
        assert_eq!(rtt.timeout(), Timeout::Retransmit);
        assert_eq!(rtt.nrexmt(), k);
        assert_eq!(rtt.rto(), 3.0 * f32::powi(2.0, k));
    }
    assert_eq!(rtt.timeout(), Timeout::GiveUp);
    rtt.newpack();
    assert_eq!(rtt.nrexmt(), 0);
}

#[test]
fn timestamps_count_milliseconds() {
    let rtt = Rtt::new();
    let t0 = rtt.ts();
    std::thread::sleep(Duration::from_millis(120));
    let dt = rtt.ts().wrapping_sub(t0);
    assert!((110..1000).contains(&dt), "{dt} ms over a 120 ms sleep");
}

#[test]
fn same_state_as_the_c_functions() {
    let mut safe = Rtt::new();
    let mut c = Rtt::new();
    // SAFETY: `c` is a valid struct rtt_info for the C functions.
    unsafe {
        lnp::sys::rtt_init(&mut c);
        for ms in [40, 2000, 7] {
            safe.stop(ms);
            lnp::sys::rtt_stop(&mut c, ms);
        }
        assert_eq!(lnp::sys::rtt_start(&mut c), safe.start());
        assert_eq!(lnp::sys::rtt_timeout(&mut c), 0);
    }
    safe.timeout();
    assert_eq!(
        (c.rtt(), c.srtt(), c.rttvar(), c.rto(), c.nrexmt()),
        (safe.rtt(), safe.srtt(), safe.rttvar(), safe.rto(), safe.nrexmt())
    );
}
