//! "Our socket wrapper functions" (lnp.h group H, UNP lib/wrapsock.c).

use libc::c_int;

use crate::error;
use crate::os::cvt;

/// `socket(2)`, or print "socket error: <reason>" and exit(1) (book §1.2).
///
/// # Returns
/// The new descriptor (without close-on-exec).
#[unsafe(export_name = "lnp_rs_Socket")]
pub extern "C" fn Socket(family: c_int, r#type: c_int, protocol: c_int) -> c_int {
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::socket(family, r#type, protocol) }).unwrap_or_else(|e| error::sys_exit(&e, c"socket error"))
}
