//! The Internet checksum (lnp.h group C, UNP libfree/in_cksum.c).

use libc::c_int;

use crate::trace::{Returned, trace_call};

/// RFC 1071 checksum of `bytes`: 16-bit words summed in memory order, an odd
/// last byte padded with a zero byte, the carries folded in, the sum inverted.
///
/// The result is in the same (host) byte order as the words were read, so it
/// can be stored straight into a header's checksum field.
pub fn internet_checksum(bytes: &[u8]) -> u16 {
    let mut chunks = bytes.chunks_exact(2);
    // A 64-bit accumulator cannot overflow for any slice (the C original's
    // 32-bit one does beyond 128 KiB); folding until no carry is left gives
    // the same result as the original's two folds wherever that one is right.
    let mut sum: u64 = 0;
    for pair in &mut chunks {
        sum += u64::from(u16::from_ne_bytes([pair[0], pair[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u64::from(u16::from_ne_bytes([*last, 0]));
    }
    while sum >> 16 != 0 {
        sum = (sum >> 16) + (sum & 0xffff);
    }
    !(sum as u16)
}

/// Internet checksum of `len` bytes at `addr` (RFC 1071; UNP §28.5, in_cksum).
///
/// # Returns
/// The one's complement of the one's complement sum, ready to be stored in
/// the checksum field. A `len` of 0 or less gives 0xffff.
///
/// # Safety
/// When `len > 0`, `addr` must be valid for reads of `len` bytes (it need not
/// be 2-byte aligned).
#[unsafe(export_name = "lnp_rs_in_cksum")]
pub unsafe extern "C" fn in_cksum(addr: *mut u16, len: c_int) -> u16 {
    // SAFETY: the caller's contract is in_cksum's.
    let r = unsafe { cksum_core(addr, len) };
    trace_call!(UNIX, "in_cksum", &Returned(Int(r.into())), [Ptr(addr.cast()), Int(len.into())]);
    r
}

/// The body of `in_cksum` without its trace line (`in_cksum` traces what it returns).
///
/// # Safety
/// As for `in_cksum`.
unsafe fn cksum_core(addr: *mut u16, len: c_int) -> u16 {
    let Ok(n) = usize::try_from(len) else { return internet_checksum(&[]) };
    if n == 0 || addr.is_null() {
        return internet_checksum(&[]);
    }
    // SAFETY: the caller guarantees `len` readable bytes at `addr`; u8 has no alignment.
    let bytes = unsafe { core::slice::from_raw_parts(addr.cast::<u8>().cast_const(), n) };
    internet_checksum(bytes)
}
