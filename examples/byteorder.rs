//! byteorder: print the host's byte order (book section 3.3, Figure 3.5's
//! program intro/byteorder.c; C: c-examples/byteorder.c).
//!
//! The C program looks at the two bytes of a `short` through a union; here
//! `to_ne_bytes` shows them. `CPU_VENDOR_OS` is lnp.h's name of the host
//! (`x86_64-pc-linux-gnu` on a PC).
//!
//! Usage: `byteorder`

use lnp::printf;

/// lnp.h's `CPU_VENDOR_OS`: the host the library is built for.
const CPU_VENDOR_OS: &str = if cfg!(target_arch = "x86_64") {
    "x86_64-pc-linux-gnu"
} else if cfg!(target_arch = "aarch64") {
    "aarch64-unknown-linux-gnu"
} else {
    "unknown-linux-gnu"
};

fn main() {
    let bytes = 0x0102_i16.to_ne_bytes();
    printf!("{CPU_VENDOR_OS}: ");
    match bytes {
        [1, 2] => printf!("big-endian\n"),
        [2, 1] => printf!("little-endian\n"),
        _ => printf!("unknown\n"),
    }
}
