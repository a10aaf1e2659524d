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
    let mut buf = Vec::new();
    for chunk in [
        // SAFETY: viewing plain-data structures as bytes.
        unsafe { std::slice::from_raw_parts(ptr::from_ref(&v4(1)).cast::<u8>(), size_of::<sockaddr_in>()) },
        unsafe { std::slice::from_raw_parts(ptr::from_ref(&v6(2)).cast::<u8>(), size_of::<sockaddr_in6>()) },
        unsafe { std::slice::from_raw_parts(ptr::from_ref(&v4(3)).cast::<u8>(), size_of::<sockaddr_in>()) },
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
    assert_eq!(unsafe { sctp::send(sv[0], b"hello".as_ptr().cast(), 5, ptr::null(), 0, &sinfo, 0) }.unwrap(), 5);
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
    unsafe { sctp::send(sv[0], b"0123456789".as_ptr().cast(), 10, ptr::null(), 0, &sinfo, 0) }.unwrap();
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
