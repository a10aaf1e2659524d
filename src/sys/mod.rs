//! The C ABI: every function of `lnp.h` under its book name.
//!
//! Each function is exported under a strong internal symbol `lnp_rs_NAME`;
//! build.rs adds a weak public `NAME` that jumps to it, so a C program may
//! define its own `NAME` and win. Modules follow the header's groups.
//!
//! This is also the raw layer for Rust: `lnp::sys::Socket`, `lnp::sys::readline`,
//! ... behave exactly as from C (raw descriptors and pointers, -1 and `errno`,
//! wrappers that print and exit). The safe layer is in the crate's other modules.
#![allow(non_snake_case)]
// The docs are for C readers too (cbindgen copies them): "<reason>" is message notation, not HTML.
#![allow(rustdoc::invalid_html_tags)]

pub mod timeo;
pub mod daemon;
pub mod echo;
pub mod names;
pub mod io;
pub mod fdpass;
pub mod signal;
pub mod addr;
pub mod wraplib;
pub mod wrapunix;
pub mod wrapstdio;
pub mod wrapsock;
pub mod advio;
pub mod cksum;
pub mod heartbeat;
#[cfg(lnp_mcast)]
pub mod mcast;
pub mod srcrt;
pub mod sctp;
// The original libunp's names outside lnp.h: unpthread.h, unpifi.h, unprtt.h.
pub mod pthread;
pub mod ifi;
pub mod rtt;
/// Declared in `<netinet/sctp.h>` only, so cbindgen leaves it out of lnp.h:
/// cbindgen:ignore
pub mod libsctp;

pub use addr::*;
pub use advio::*;
pub use cksum::*;
pub use daemon::*;
pub use echo::*;
pub use fdpass::*;
pub use heartbeat::*;
pub use ifi::*;
pub use io::*;
pub use libsctp::*;
#[cfg(lnp_mcast)]
pub use mcast::*;
pub use names::*;
pub use pthread::*;
pub use rtt::*;
pub use sctp::*;
pub use signal::*;
pub use srcrt::*;
pub use timeo::*;
pub use wraplib::*;
pub use wrapsock::*;
pub use wrapstdio::*;
pub use wrapunix::*;

use std::os::fd::BorrowedFd;

use libc::c_int;

/// A C caller's descriptor as a `BorrowedFd`, for the safe cores; `None` for -1,
/// which a `BorrowedFd` cannot hold.
///
/// C passes descriptors as integers and the kernel judges them: one that is not
/// open makes the core's calls fail with `EBADF`, as they fail in C. For -1 the
/// C function gives what its core gives for a descriptor that is not open.
pub(crate) fn borrow_fd<'fd>(fd: c_int) -> Option<BorrowedFd<'fd>> {
    // SAFETY: not -1 (checked). The descriptor is the C caller's, borrowed for the
    // one call that passed it; if it is not open, the kernel answers EBADF.
    (fd != -1).then(|| unsafe { BorrowedFd::borrow_raw(fd) })
}
