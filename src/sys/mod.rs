//! The C ABI: every function of `lnp.h` under its book name.
//!
//! Each function is exported under a strong internal symbol `lnp_rs_NAME`;
//! build.rs adds a weak public `NAME` that jumps to it, so a C program may
//! define its own `NAME` and win. Modules follow the header's groups.
#![allow(non_snake_case)]

pub mod wrapunix;
pub mod wrapstdio;
pub mod wrapsock;

pub use wrapunix::*;
pub use wrapstdio::*;
pub use wrapsock::*;
