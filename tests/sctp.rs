//! The reusable SCTP core (`lnp::sctp`) on the host, whose kernel has no
//! SCTP: packed address lists, option classification, and the
//! sendmsg/recvmsg control-message plumbing over an AF_UNIX socketpair
//! (which ignores SCTP control messages). The protocol itself is tested in
//! the user-mode-linux guest (`make test-sctp`).

use std::mem::size_of;
use std::ptr;

use libc::{c_int, sockaddr, sockaddr_in, sockaddr_in6};
use lnp::sctp::{self, kernel};

fn v4(port: u16) -> sockaddr_in {
    // SAFETY: plain data; all-zero is valid.
    let mut sa: sockaddr_in = unsafe { std::mem::zeroed() };
    sa.sin_family = libc::AF_INET as libc::sa_family_t;
    sa.sin_port = port.to_be();
    sa.sin_addr.s_addr = u32::from_be_bytes([127, 0, 0, 1]).to_be();
    sa
}

fn v6(port: u16) -> sockaddr_in6 {
    // SAFETY: plain data; all-zero is valid.
    let mut sa: sockaddr_in6 = unsafe { std::mem::zeroed() };
    sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    sa.sin6_port = port.to_be();
    sa
}

fn errno_of<T>(r: std::io::Result<T>) -> i32 {
    match r {
        Ok(_) => panic!("unexpected success"),
        Err(e) => e.raw_os_error().unwrap(),
    }
}

#[test]
fn packed_lists_are_measured_by_family() {
    // Named, so they outlive the byte views below (a temporary in an unsafe
    // block's tail would be dropped at the block's end).
    let (a, b, c) = (v4(1), v6(2), v4(3));
    let mut buf = Vec::new();
    for chunk in [
        // SAFETY: viewing plain-data structures as bytes.
        unsafe { std::slice::from_raw_parts(ptr::from_ref(&a).cast::<u8>(), size_of::<sockaddr_in>()) },
        // SAFETY: as above.
        unsafe { std::slice::from_raw_parts(ptr::from_ref(&b).cast::<u8>(), size_of::<sockaddr_in6>()) },
        // SAFETY: as above.
        unsafe { std::slice::from_raw_parts(ptr::from_ref(&c).cast::<u8>(), size_of::<sockaddr_in>()) },
    ] {
        buf.extend_from_slice(chunk);
    }
    let p = buf.as_ptr().cast::<sockaddr>();
    // SAFETY: `buf` holds the three packed addresses.
    assert_eq!(unsafe { sctp::packed_size(p, 3) }.unwrap(), 16 + 28 + 16);
    // SAFETY: a prefix of the same list.
    assert_eq!(unsafe { sctp::packed_size(p, 2) }.unwrap(), 44);
    // SAFETY: NULL and counts <= 0 are refused before any read.
    assert_eq!(errno_of(unsafe { sctp::packed_size(ptr::null(), 1) }), libc::EINVAL);
    assert_eq!(errno_of(unsafe { sctp::packed_size(p, 0) }), libc::EINVAL);
    let mut un: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    un.sun_family = libc::AF_UNIX as libc::sa_family_t;
    // SAFETY: one readable sockaddr_un.
    assert_eq!(errno_of(unsafe { sctp::packed_size(ptr::from_ref(&un).cast(), 1) }), libc::EINVAL);
}

#[test]
fn bindx_refuses_unknown_flags() {
    let a = v4(0);
    // SAFETY: one packed address; the flag check comes first.
    assert_eq!(errno_of(unsafe { sctp::bindx(-1, ptr::from_ref(&a).cast(), 1, 0) }), libc::EINVAL);
    // SAFETY: as above; a bad descriptor reaches the kernel.
    assert_eq!(
        errno_of(unsafe { sctp::bindx(-1, ptr::from_ref(&a).cast(), 1, kernel::SCTP_BINDX_ADD_ADDR as c_int) }),
        libc::EBADF
    );
}

#[test]
fn opt_info_accepts_only_association_options() {
    for opt in [
        kernel::SCTP_STATUS,
        kernel::SCTP_INITMSG,
        kernel::SCTP_EVENTS,
        kernel::SCTP_GET_PEER_ADDR_INFO,
        kernel::SCTP_RTOINFO,
    ] {
        assert!(sctp::opt_takes_assoc_id(opt as c_int), "{opt}");
    }
    for opt in [kernel::SCTP_SOCKOPT_PEELOFF, kernel::SCTP_GET_PEER_ADDRS, kernel::SCTP_SOCKOPT_BINDX_ADD] {
        assert!(!sctp::opt_takes_assoc_id(opt as c_int), "{opt}");
    }
}

#[test]
fn kernel_calls_fail_cleanly_without_sctp() {
    assert_eq!(errno_of(sctp::peeloff(-1, 1)), libc::EBADF);
    assert_eq!(errno_of(sctp::status(-1, 0)), libc::EBADF);
    assert_eq!(errno_of(sctp::getaddrs(-1, 0, false)), libc::EBADF);
    let a = v4(9);
    // SAFETY: one readable address.
    assert_eq!(errno_of(unsafe { sctp::address_to_associd(-1, ptr::from_ref(&a).cast(), 16) }), libc::EBADF);
    // SAFETY: as above.
    let Err((e, id)) = (unsafe { sctp::connectx(-1, ptr::from_ref(&a).cast(), 1) }) else {
        panic!("connectx succeeded")
    };
    assert_eq!((e.raw_os_error(), id), (Some(libc::EBADF), None));
}

#[test]
fn send_and_recv_carry_data_and_flags() {
    let mut sv = [0 as c_int; 2];
    // SAFETY: sv has room for two descriptors.
    assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_SEQPACKET, 0, sv.as_mut_ptr()) }, 0);
    let sinfo = kernel::sctp_sndrcvinfo { sinfo_stream: 4, sinfo_ppid: 99, ..Default::default() };
    // SAFETY: 5 readable bytes, no destination.
    assert_eq!(unsafe { sctp::send(sv[0], b"hello".as_ptr().cast(), 5, ptr::null(), 0, Some(&sinfo), 0) }.unwrap(), 5);
    let mut buf = [0u8; 16];
    let mut got = kernel::sctp_sndrcvinfo { sinfo_assoc_id: 7, sinfo_stream: 1234, ..Default::default() };
    // SAFETY: `buf` is writable for its length; no address wanted.
    let r = unsafe { sctp::recv(sv[1], buf.as_mut_ptr().cast(), buf.len(), ptr::null_mut(), 0, Some(&mut got), 0) }
        .unwrap();
    assert_eq!(r.len, 5);
    assert_eq!(&buf[..5], b"hello");
    assert_eq!(r.flags & libc::MSG_TRUNC, 0);
    // No SCTP_SNDRCV over AF_UNIX: the id is zeroed, the rest left alone.
    assert_eq!(got.sinfo_assoc_id, 0);
    assert_eq!(got.sinfo_stream, 1234);
    // A short buffer reports MSG_TRUNC, as recvmsg does.
    // SAFETY: as above.
    unsafe { sctp::send(sv[0], b"0123456789".as_ptr().cast(), 10, ptr::null(), 0, Some(&sinfo), 0) }.unwrap();
    // SAFETY: 4 writable bytes.
    let r = unsafe { sctp::recv(sv[1], buf.as_mut_ptr().cast(), 4, ptr::null_mut(), 0, None, 0) }.unwrap();
    assert_eq!(r.len, 4);
    assert_ne!(r.flags & libc::MSG_TRUNC, 0);
    // SAFETY: closing our own descriptors.
    unsafe {
        libc::close(sv[0]);
        libc::close(sv[1]);
    }
}

/// An AF_UNIX SOCK_SEQPACKET pair: messages, and SCTP control messages ignored.
fn seqpacket_pair() -> [c_int; 2] {
    let mut sv = [0 as c_int; 2];
    // SAFETY: sv has room for two descriptors.
    assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_SEQPACKET, 0, sv.as_mut_ptr()) }, 0);
    sv
}

fn close_pair(sv: [c_int; 2]) {
    // SAFETY: closing our own descriptors.
    unsafe {
        libc::close(sv[0]);
        libc::close(sv[1]);
    }
}

fn iov(buf: &[u8]) -> libc::iovec {
    libc::iovec { iov_base: buf.as_ptr().cast_mut().cast(), iov_len: buf.len() }
}

/// sctp_sendv through the C ABI, returning the result and errno.
///
/// # Safety
/// As for `sctp_sendv`.
unsafe fn sendv_errno(
    fd: c_int,
    iovs: &[libc::iovec],
    addrs: *mut sockaddr,
    addrcnt: c_int,
    info: *mut libc::c_void,
    infolen: u32,
    infotype: u32,
) -> (c_int, c_int) {
    // SAFETY: errno is thread-local; the rest is forwarded from the caller.
    unsafe {
        *libc::__errno_location() = 0;
        let n =
            lnp::sys::sctp_sendv(fd, iovs.as_ptr(), iovs.len() as c_int, addrs, addrcnt, info, infolen, infotype, 0);
        (n, *libc::__errno_location())
    }
}

#[test]
fn sendv_gathers_and_recvv_scatters() {
    use lnp::sctp::sendv::*;
    let sv = seqpacket_pair();
    let mut spa =
        sctp_sendv_spa { sendv_flags: SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID, ..Default::default() };
    spa.sendv_sndinfo.snd_sid = 3;
    let parts = [iov(b"hello, "), iov(b"sendv")];
    // SAFETY: two readable buffers, no address, a whole sctp_sendv_spa.
    let r = unsafe {
        sendv_errno(sv[0], &parts, ptr::null_mut(), 0, ptr::from_mut(&mut spa).cast(), size_of_val(&spa) as u32, 4)
    };
    assert_eq!(r, (12, 0));
    let (mut a, mut b) = ([0u8; 5], [0u8; 16]);
    let into = [
        libc::iovec { iov_base: a.as_mut_ptr().cast(), iov_len: 5 },
        libc::iovec { iov_base: b.as_mut_ptr().cast(), iov_len: 16 },
    ];
    let mut rn = sctp_recvv_rn::default();
    let (mut infolen, mut infotype, mut flags) = (size_of_val(&rn) as u32, 99u32, 0);
    // SAFETY: two writable buffers; every out-pointer valid.
    let n = unsafe {
        lnp::sys::sctp_recvv(
            sv[1],
            into.as_ptr(),
            2,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::from_mut(&mut rn).cast(),
            &mut infolen,
            &mut infotype,
            &mut flags,
        )
    };
    assert_eq!(n, 12);
    assert_eq!((&a, &b[..7]), (b"hello", &b", sendv"[..]));
    // AF_UNIX delivers no SCTP_RCVINFO: nothing stored, infolen untouched.
    assert_eq!((infotype, infolen), (SCTP_RECVV_NOINFO, size_of::<sctp_recvv_rn>() as u32));
    assert_eq!(flags & libc::MSG_TRUNC, 0);
    // No information at all, and two packed addresses (the second becomes an
    // SCTP_DSTADDRV6 control message, which AF_UNIX ignores).
    let mut two = [0u8; size_of::<sockaddr_in>() + size_of::<sockaddr_in6>()];
    // SAFETY: both copies stay inside `two`.
    unsafe {
        ptr::copy_nonoverlapping(ptr::from_ref(&v4(9)).cast::<u8>(), two.as_mut_ptr(), size_of::<sockaddr_in>());
        ptr::copy_nonoverlapping(
            ptr::from_ref(&v6(9)).cast::<u8>(),
            two.as_mut_ptr().add(size_of::<sockaddr_in>()),
            size_of::<sockaddr_in6>(),
        );
    }
    // SAFETY: one readable buffer; two packed addresses.
    let r = unsafe { sendv_errno(sv[0], &[iov(b"x")], two.as_mut_ptr().cast(), 2, ptr::null_mut(), 0, 0) };
    assert_eq!(r, (1, 0));
    close_pair(sv);
}

#[test]
fn sendv_refuses_bad_arguments_with_einval() {
    use lnp::sctp::sendv::*;
    let sv = seqpacket_pair();
    let data = [iov(b"data")];
    let mut snd = kernel::sctp_sndinfo::default();
    let snd_ptr: *mut libc::c_void = ptr::from_mut(&mut snd).cast();
    let mut un: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    un.sun_family = libc::AF_UNIX as libc::sa_family_t;
    // SAFETY (each call): readable buffers and lengths that do not exceed them.
    unsafe {
        // info with SCTP_SENDV_NOINFO; infolen shorter than the type; unknown type
        assert_eq!(sendv_errno(sv[0], &data, ptr::null_mut(), 0, snd_ptr, 16, SCTP_SENDV_NOINFO), (-1, libc::EINVAL));
        assert_eq!(sendv_errno(sv[0], &data, ptr::null_mut(), 0, snd_ptr, 15, SCTP_SENDV_SNDINFO), (-1, libc::EINVAL));
        assert_eq!(sendv_errno(sv[0], &data, ptr::null_mut(), 0, snd_ptr, 16, 9), (-1, libc::EINVAL));
        assert_eq!(
            sendv_errno(sv[0], &data, ptr::null_mut(), 0, ptr::null_mut(), 8, SCTP_SENDV_PRINFO),
            (-1, libc::EINVAL)
        );
        // an address family SCTP does not have
        assert_eq!(
            sendv_errno(sv[0], &data, ptr::from_mut(&mut un).cast(), 1, ptr::null_mut(), 0, 0),
            (-1, libc::EINVAL)
        );
        // a negative count
        assert_eq!(lnp::sys::sctp_sendv(sv[0], data.as_ptr(), -1, ptr::null_mut(), 0, ptr::null_mut(), 0, 0, 0), -1);
        assert_eq!(*libc::__errno_location(), libc::EINVAL);
        // the right sizes go through
        assert_eq!(sendv_errno(sv[0], &data, ptr::null_mut(), 0, snd_ptr, 16, SCTP_SENDV_SNDINFO), (4, 0));
    }
    close_pair(sv);
}

#[test]
fn getaddrlen_knows_the_two_families() {
    assert_eq!(lnp::sys::sctp_getaddrlen(libc::AF_INET as libc::sa_family_t), 16);
    assert_eq!(lnp::sys::sctp_getaddrlen(libc::AF_INET6 as libc::sa_family_t), 28);
    // SAFETY: errno is thread-local.
    unsafe { *libc::__errno_location() = 0 };
    assert_eq!(lnp::sys::sctp_getaddrlen(libc::AF_UNIX as libc::sa_family_t), -1);
    // SAFETY: as above.
    assert_eq!(unsafe { *libc::__errno_location() }, libc::EINVAL);
}
