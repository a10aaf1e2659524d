//! `sctp_sendv` and `sctp_recvv` (RFC 6458 §9.12, §9.13): the structures
//! and constants libsctp's `<netinet/sctp.h>` adds to the kernel's, and the
//! control messages both functions build and read.

use std::io;
use std::mem::{offset_of, size_of};
use std::ptr;

use libc::{c_int, c_uint, c_void, iovec, sockaddr, socklen_t};

use super::Received;
use super::kernel::{self, sctp_authinfo, sctp_nxtinfo, sctp_prinfo, sctp_rcvinfo, sctp_sndinfo};
use crate::os::cvt;

/// `sctp_sendv` infotype: no information.
pub const SCTP_SENDV_NOINFO: c_uint = 0;
/// `sctp_sendv` infotype: a `struct sctp_sndinfo`.
pub const SCTP_SENDV_SNDINFO: c_uint = 1;
/// `sctp_sendv` infotype: a `struct sctp_prinfo`.
pub const SCTP_SENDV_PRINFO: c_uint = 2;
/// `sctp_sendv` infotype: a `struct sctp_authinfo`.
pub const SCTP_SENDV_AUTHINFO: c_uint = 3;
/// `sctp_sendv` infotype: a [`sctp_sendv_spa`].
pub const SCTP_SENDV_SPA: c_uint = 4;

/// `sendv_flags`: `sendv_sndinfo` is to be sent.
pub const SCTP_SEND_SNDINFO_VALID: u32 = 0x1;
/// `sendv_flags`: `sendv_prinfo` is to be sent.
pub const SCTP_SEND_PRINFO_VALID: u32 = 0x2;
/// `sendv_flags`: `sendv_authinfo` is to be sent.
pub const SCTP_SEND_AUTHINFO_VALID: u32 = 0x4;

/// `sctp_recvv` infotype: nothing stored.
pub const SCTP_RECVV_NOINFO: c_uint = 0;
/// `sctp_recvv` infotype: a `struct sctp_rcvinfo` stored.
pub const SCTP_RECVV_RCVINFO: c_uint = 1;
/// `sctp_recvv` infotype: a `struct sctp_nxtinfo` stored.
pub const SCTP_RECVV_NXTINFO: c_uint = 2;
/// `sctp_recvv` infotype: a [`sctp_recvv_rn`] stored.
pub const SCTP_RECVV_RN: c_uint = 3;

/// Several kinds of send information at once (`SCTP_SENDV_SPA`).
#[repr(C)]
#[derive(Clone, Copy, Default)]
#[allow(non_camel_case_types)]
pub struct sctp_sendv_spa {
    /// Which members are valid (`SCTP_SEND_*_VALID`).
    pub sendv_flags: u32,
    /// Stream, flags, ppid, context, association.
    pub sendv_sndinfo: sctp_sndinfo,
    /// Partial-reliability policy and value.
    pub sendv_prinfo: sctp_prinfo,
    /// The shared key to authenticate with.
    pub sendv_authinfo: sctp_authinfo,
}

/// Both kinds of receive information (`SCTP_RECVV_RN`).
#[repr(C)]
#[derive(Clone, Copy, Default)]
#[allow(non_camel_case_types)]
pub struct sctp_recvv_rn {
    /// This message's information.
    pub recvv_rcvinfo: sctp_rcvinfo,
    /// The next message's information.
    pub recvv_nxtinfo: sctp_nxtinfo,
}

/// Control messages of one `sctp_sendv`: on the stack for the send
/// information and up to [`Cmsgs::INLINE_ADDRS`] extra addresses, in a
/// `malloc`ed buffer beyond that.
struct Cmsgs {
    inline: [u64; Cmsgs::INLINE_WORDS],
    heap: *mut u64,
    capacity: usize,
    used: usize,
}

impl Cmsgs {
    /// Extra destination addresses that fit without `malloc`.
    const INLINE_ADDRS: usize = 8;
    /// The three send-information messages and the inline addresses, in 8-byte words.
    const INLINE_WORDS: usize = (Cmsgs::INFO_SPACE + Cmsgs::INLINE_ADDRS * Cmsgs::ADDR_SPACE) / 8;
    /// `CMSG_SPACE` of sctp_sndinfo (16), sctp_prinfo (8) and sctp_authinfo (2).
    const INFO_SPACE: usize = 32 + 24 + 24;
    /// `CMSG_SPACE` of the larger destination address (`struct in6_addr`).
    const ADDR_SPACE: usize = 32;

    /// Room for the send information and `extra_addrs` destination addresses.
    fn new(extra_addrs: usize) -> io::Result<Cmsgs> {
        let mut c = Cmsgs { inline: [0; Cmsgs::INLINE_WORDS], heap: ptr::null_mut(), capacity: 0, used: 0 };
        if extra_addrs <= Cmsgs::INLINE_ADDRS {
            c.capacity = Cmsgs::INLINE_WORDS * 8;
            return Ok(c);
        }
        let bytes = extra_addrs
            .checked_mul(Cmsgs::ADDR_SPACE)
            .and_then(|n| n.checked_add(Cmsgs::INFO_SPACE))
            .ok_or_else(|| io::Error::from_raw_os_error(libc::EINVAL))?;
        // SAFETY: calloc of a checked size; NULL is handled.
        c.heap = unsafe { libc::calloc(bytes, 1) }.cast();
        if c.heap.is_null() {
            return Err(io::Error::from_raw_os_error(libc::ENOMEM));
        }
        c.capacity = bytes;
        Ok(c)
    }

    fn base(&mut self) -> *mut u8 {
        if self.heap.is_null() { self.inline.as_mut_ptr().cast() } else { self.heap.cast() }
    }

    /// Append one `IPPROTO_SCTP` control message of type `kind` carrying
    /// `len` bytes from `data` (never beyond the room `new` made).
    ///
    /// # Safety
    /// `data` must be readable for `len` bytes.
    unsafe fn push(&mut self, kind: u32, data: *const u8, len: usize) -> io::Result<()> {
        // SAFETY: CMSG_SPACE and CMSG_LEN are arithmetic only.
        let (space, cmsg_len) = unsafe { (libc::CMSG_SPACE(len as u32) as usize, libc::CMSG_LEN(len as u32) as usize) };
        if len > 16 || self.capacity - self.used < space {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        let at = self.used;
        let base = self.base();
        let header = libc::cmsghdr { cmsg_len, cmsg_level: libc::IPPROTO_SCTP, cmsg_type: kind as c_int };
        // SAFETY: `at + space` is within the buffer (checked above); the buffer
        // is 8-byte aligned and `at` a multiple of 8, as cmsghdr needs; the data
        // follows the header at CMSG_LEN(0).
        unsafe {
            ptr::write(base.add(at).cast::<libc::cmsghdr>(), header);
            ptr::copy_nonoverlapping(data, base.add(at + cmsg_len - len), len);
        }
        self.used += space;
        Ok(())
    }

    /// Append `value` as the data of a control message of type `kind`.
    fn push_value<T: Copy>(&mut self, kind: u32, value: &T) -> io::Result<()> {
        // SAFETY: `value` is a readable `T`.
        unsafe { self.push(kind, ptr::from_ref(value).cast(), size_of::<T>()) }
    }
}

impl Drop for Cmsgs {
    fn drop(&mut self) {
        // SAFETY: `heap` is NULL or our calloc'ed buffer.
        unsafe { libc::free(self.heap.cast()) };
    }
}

/// Read a `T` from `info`, which must hold at least `size_of::<T>()` of its `infolen` bytes.
///
/// # Safety
/// `info` must be readable for `infolen` bytes.
unsafe fn read_info<T: Copy>(info: *const c_void, infolen: socklen_t) -> io::Result<T> {
    if info.is_null() || (infolen as usize) < size_of::<T>() {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    // SAFETY: at least size_of::<T>() readable bytes (checked), any alignment.
    Ok(unsafe { ptr::read_unaligned(info.cast::<T>()) })
}

/// Add the control messages of the send information `info` of type `infotype`.
///
/// # Safety
/// `info` must be NULL or readable for `infolen` bytes.
unsafe fn push_info(c: &mut Cmsgs, info: *const c_void, infolen: socklen_t, infotype: c_uint) -> io::Result<()> {
    match infotype {
        SCTP_SENDV_NOINFO if info.is_null() && infolen == 0 => Ok(()),
        SCTP_SENDV_SNDINFO => {
            // SAFETY: forwarded from the caller.
            let sndinfo = unsafe { read_info::<sctp_sndinfo>(info, infolen) }?;
            c.push_value(kernel::SCTP_SNDINFO, &sndinfo)
        }
        SCTP_SENDV_PRINFO => {
            // SAFETY: forwarded from the caller.
            let prinfo = unsafe { read_info::<sctp_prinfo>(info, infolen) }?;
            c.push_value(kernel::SCTP_PRINFO, &prinfo)
        }
        SCTP_SENDV_AUTHINFO => {
            // SAFETY: forwarded from the caller.
            let authinfo = unsafe { read_info::<sctp_authinfo>(info, infolen) }?;
            c.push_value(kernel::SCTP_AUTHINFO, &authinfo)
        }
        SCTP_SENDV_SPA => {
            // SAFETY: forwarded from the caller.
            let spa = unsafe { read_info::<sctp_sendv_spa>(info, infolen) }?;
            if spa.sendv_flags & SCTP_SEND_SNDINFO_VALID != 0 {
                c.push_value(kernel::SCTP_SNDINFO, &spa.sendv_sndinfo)?;
            }
            if spa.sendv_flags & SCTP_SEND_PRINFO_VALID != 0 {
                c.push_value(kernel::SCTP_PRINFO, &spa.sendv_prinfo)?;
            }
            if spa.sendv_flags & SCTP_SEND_AUTHINFO_VALID != 0 {
                c.push_value(kernel::SCTP_AUTHINFO, &spa.sendv_authinfo)?;
            }
            Ok(())
        }
        _ => Err(io::Error::from_raw_os_error(libc::EINVAL)),
    }
}

/// `sctp_sendv`: one `sendmsg` of the `iovcnt` buffers at `iov` to the
/// first of the `addrcnt` packed addresses at `addrs` (none: the socket's
/// association), the others as `SCTP_DSTADDRV4`/`SCTP_DSTADDRV6` control
/// messages (more addresses of a new association), with the send
/// information `info` of type `infotype` as `SCTP_SNDINFO`, `SCTP_PRINFO`
/// and `SCTP_AUTHINFO` control messages; `flags` are the `sendmsg` flags.
///
/// `EINVAL` for a negative count, an address family other than `AF_INET`
/// and `AF_INET6`, an unknown `infotype`, an `infolen` too short for it, or
/// `info` given with `SCTP_SENDV_NOINFO`.
///
/// # Safety
/// `iov` must hold `iovcnt` valid buffers; `addrs` NULL or `addrcnt` packed
/// socket addresses; `info` NULL or readable for `infolen` bytes.
#[allow(clippy::too_many_arguments)]
pub unsafe fn sendv(
    s: c_int,
    iov: *const iovec,
    iovcnt: c_int,
    addrs: *const sockaddr,
    addrcnt: c_int,
    info: *const c_void,
    infolen: socklen_t,
    infotype: c_uint,
    flags: c_int,
) -> io::Result<usize> {
    let (Ok(iovcnt), Ok(addrcnt)) = (usize::try_from(iovcnt), usize::try_from(addrcnt)) else {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    };
    let addrcnt = if addrs.is_null() { 0 } else { addrcnt };
    let mut cmsgs = Cmsgs::new(addrcnt.saturating_sub(1))?;
    let mut name: (*mut c_void, socklen_t) = (ptr::null_mut(), 0);
    let mut offset = 0usize;
    for i in 0..addrcnt {
        // SAFETY: the caller guarantees `addrcnt` packed addresses; the family
        // is the first field of each, read unaligned.
        let at = unsafe { addrs.cast::<u8>().add(offset) };
        // SAFETY: as above.
        let family = c_int::from(unsafe { ptr::read_unaligned(at.cast::<libc::sa_family_t>()) });
        let (len, kind, addr_at, addr_len) = match family {
            libc::AF_INET => {
                (size_of::<libc::sockaddr_in>(), kernel::SCTP_DSTADDRV4, offset_of!(libc::sockaddr_in, sin_addr), 4)
            }
            libc::AF_INET6 => {
                (size_of::<libc::sockaddr_in6>(), kernel::SCTP_DSTADDRV6, offset_of!(libc::sockaddr_in6, sin6_addr), 16)
            }
            _ => return Err(io::Error::from_raw_os_error(libc::EINVAL)),
        };
        if i == 0 {
            name = (at.cast_mut().cast(), len as socklen_t);
        } else {
            // SAFETY: the address (of `len` bytes, by its family) holds `addr_len` bytes at `addr_at`.
            unsafe { cmsgs.push(kind, at.add(addr_at), addr_len) }?;
        }
        offset += len;
    }
    // SAFETY: forwarded from the caller.
    unsafe { push_info(&mut cmsgs, info, infolen, infotype) }?;

    // SAFETY: msghdr is plain data; all-zero is valid.
    let mut m: libc::msghdr = unsafe { std::mem::zeroed() };
    m.msg_name = name.0;
    m.msg_namelen = name.1;
    m.msg_iov = iov.cast_mut();
    m.msg_iovlen = iovcnt;
    if cmsgs.used > 0 {
        m.msg_control = cmsgs.base().cast();
        m.msg_controllen = cmsgs.used;
    }
    // SAFETY: every pointer in `m` is valid for the lengths it states.
    let n = cvt(unsafe { libc::sendmsg(s, &m, flags) })?;
    Ok(n as usize)
}

/// What [`recvv`] received: the message and the receive information that came with it.
pub struct Recvv {
    /// Byte count, flags and sender length.
    pub received: Received,
    /// The `SCTP_RCVINFO` control message (socket option `SCTP_RECVRCVINFO`).
    pub rcvinfo: Option<sctp_rcvinfo>,
    /// The `SCTP_NXTINFO` control message (socket option `SCTP_RECVNXTINFO`).
    pub nxtinfo: Option<sctp_nxtinfo>,
}

/// `sctp_recvv`: one `recvmsg` into the `iovlen` buffers at `iov`, with the
/// sender in `from` (up to `fromlen` bytes) and the `SCTP_RCVINFO` and
/// `SCTP_NXTINFO` control messages.
///
/// # Safety
/// `iov` must hold `iovlen` valid buffers; `from` NULL or writable for `fromlen` bytes.
pub unsafe fn recvv(
    s: c_int,
    iov: *const iovec,
    iovlen: c_int,
    from: *mut sockaddr,
    fromlen: socklen_t,
    flags_in: c_int,
) -> io::Result<Recvv> {
    let Ok(iovlen) = usize::try_from(iovlen) else {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    };
    // Room for SCTP_SNDRCV (when sctp_data_io_event is on as well), SCTP_RCVINFO and SCTP_NXTINFO.
    let mut cbuf = [0u64; 24];
    // SAFETY: msghdr is plain data; all-zero is valid.
    let mut m: libc::msghdr = unsafe { std::mem::zeroed() };
    m.msg_name = from.cast();
    m.msg_namelen = if from.is_null() { 0 } else { fromlen };
    m.msg_iov = iov.cast_mut();
    m.msg_iovlen = iovlen;
    m.msg_control = cbuf.as_mut_ptr().cast();
    m.msg_controllen = size_of::<[u64; 24]>();
    // SAFETY: every pointer in `m` is valid for the lengths it states.
    let n = cvt(unsafe { libc::recvmsg(s, &mut m, flags_in) })?;
    let mut out = Recvv {
        received: Received { len: n as usize, flags: m.msg_flags, fromlen: m.msg_namelen },
        rcvinfo: None,
        nxtinfo: None,
    };
    // SAFETY: walking the control messages the kernel wrote into `cbuf` with
    // the CMSG macros, which stay within msg_controllen; each payload is read
    // only if the message is long enough for it.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&m);
        while !cmsg.is_null() {
            let data = libc::CMSG_DATA(cmsg);
            let len = (*cmsg).cmsg_len;
            if (*cmsg).cmsg_level == libc::IPPROTO_SCTP {
                let kind = (*cmsg).cmsg_type as u32;
                if kind == kernel::SCTP_RCVINFO && len >= libc::CMSG_LEN(size_of::<sctp_rcvinfo>() as u32) as usize {
                    out.rcvinfo = Some(ptr::read_unaligned(data.cast()));
                } else if kind == kernel::SCTP_NXTINFO
                    && len >= libc::CMSG_LEN(size_of::<sctp_nxtinfo>() as u32) as usize
                {
                    out.nxtinfo = Some(ptr::read_unaligned(data.cast()));
                }
            }
            cmsg = libc::CMSG_NXTHDR(&m, cmsg);
        }
    }
    Ok(out)
}
