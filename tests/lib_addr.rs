//! The sock_* address helpers, sockfd_to_family and family_to_level through
//! `lnp::sys` (the C view is tests/c/test_lib_addr.c).

mod common;

use std::ffi::CStr;
use std::mem::{size_of, zeroed};
use std::net::{Ipv4Addr, Ipv6Addr};

use common::in_child;
use libc::{c_int, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage, sockaddr_un, socklen_t};
use lnp::sys;

fn v4(addr: Ipv4Addr, port: u16) -> sockaddr_in {
    // SAFETY: all-zero bytes are a valid sockaddr_in.
    let mut sin: sockaddr_in = unsafe { zeroed() };
    sin.sin_family = libc::AF_INET as _;
    sin.sin_port = port.to_be();
    sin.sin_addr.s_addr = u32::from(addr).to_be();
    sin
}

fn v6(addr: Ipv6Addr, port: u16) -> sockaddr_in6 {
    // SAFETY: all-zero bytes are a valid sockaddr_in6.
    let mut sin6: sockaddr_in6 = unsafe { zeroed() };
    sin6.sin6_family = libc::AF_INET6 as _;
    sin6.sin6_port = port.to_be();
    sin6.sin6_addr.s6_addr = addr.octets();
    sin6
}

fn sa<T>(s: &T) -> (*const sockaddr, socklen_t) {
    ((s as *const T).cast(), size_of::<T>() as socklen_t)
}

fn ntop<T>(s: &T) -> String {
    let (p, len) = sa(s);
    // SAFETY: p points to a complete address of `len` bytes; the result is NUL-terminated.
    unsafe { CStr::from_ptr(sys::sock_ntop(p, len)) }.to_str().unwrap().to_owned()
}

fn ntop_host<T>(s: &T) -> String {
    let (p, len) = sa(s);
    // SAFETY: as for ntop.
    unsafe { CStr::from_ptr(sys::sock_ntop_host(p, len)) }.to_str().unwrap().to_owned()
}

#[test]
fn sock_ntop_texts() {
    assert_eq!(ntop(&v4(Ipv4Addr::LOCALHOST, 9877)), "127.0.0.1:9877");
    assert_eq!(ntop(&v4(Ipv4Addr::new(10, 1, 2, 3), 0)), "10.1.2.3");
    assert_eq!(ntop(&v6(Ipv6Addr::LOCALHOST, 80)), "[::1]:80");
    assert_eq!(ntop(&v6(Ipv6Addr::LOCALHOST, 0)), "::1");
    // glibc's text, not Rust's
    assert_eq!(ntop(&v6("::1.2.3.4".parse().unwrap(), 0)), "::1.2.3.4");
    assert_eq!(ntop(&v6("::ffff:127.0.0.1".parse().unwrap(), 1)), "[::ffff:127.0.0.1]:1");
    let mut ll = v6("fe80::1".parse().unwrap(), 80);
    ll.sin6_scope_id = 1;
    assert_eq!(ntop(&ll), "[fe80::1]:80");
    assert_eq!(ntop_host(&ll), "fe80::1");
    assert_eq!(ntop_host(&v4(Ipv4Addr::LOCALHOST, 9877)), "127.0.0.1");

    // one buffer per function and thread; IPv6 port 0 returns the start + 1
    let a = v6(Ipv6Addr::LOCALHOST, 80);
    let b = v6(Ipv6Addr::LOCALHOST, 0);
    // SAFETY: complete addresses.
    let (p1, p2, h) = unsafe {
        (
            sys::sock_ntop(sa(&a).0, sa(&a).1),
            sys::sock_ntop(sa(&b).0, sa(&b).1),
            sys::sock_ntop_host(sa(&a).0, sa(&a).1),
        )
    };
    assert_eq!(p2, p1.wrapping_add(1));
    assert_ne!(h, p1);
    let other = std::thread::spawn(move || {
        let x = v4(Ipv4Addr::LOCALHOST, 1);
        // SAFETY: a complete address.
        unsafe { sys::sock_ntop(sa(&x).0, sa(&x).1) as usize }
    })
    .join()
    .unwrap();
    assert_ne!(other, p1 as usize);
}

#[test]
fn sock_ntop_unix_and_unknown() {
    // SAFETY: all-zero bytes are a valid sockaddr_un.
    let mut un: sockaddr_un = unsafe { zeroed() };
    un.sun_family = libc::AF_UNIX as _;
    for (d, s) in un.sun_path.iter_mut().zip(b"/tmp/lnp.sock") {
        *d = *s as _;
    }
    assert_eq!(ntop(&un), "/tmp/lnp.sock");
    // SAFETY: `un` is readable for these shorter lengths too.
    let short = |len: socklen_t| unsafe { CStr::from_ptr(sys::sock_ntop((&raw const un).cast(), len)) }.to_owned();
    assert_eq!(short(2 + 4).to_str().unwrap(), "/tmp");
    assert_eq!(short(2).to_str().unwrap(), "(no pathname bound)");
    un.sun_path[0] = 0;
    assert_eq!(ntop(&un), "(no pathname bound)");

    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: sockaddr_storage = unsafe { zeroed() };
    ss.ss_family = 99;
    // SAFETY: ss is readable for 16 bytes.
    let t = unsafe { CStr::from_ptr(sys::sock_ntop((&raw const ss).cast(), 16)) };
    assert_eq!(t.to_str().unwrap(), "sock_ntop: unknown AF_xxx: 99, len 16");
    // SAFETY: as above.
    let t = unsafe { CStr::from_ptr(sys::sock_ntop_host((&raw const ss).cast(), 16)) };
    assert_eq!(t.to_str().unwrap(), "sock_ntop_host: unknown AF_xxx: 99, len 16");
    // SAFETY: NULL is handled.
    assert!(unsafe { sys::sock_ntop(std::ptr::null(), 16) }.is_null());
    // SAFETY: the child dies in the wrapper.
    let r = in_child(|| unsafe {
        sys::Sock_ntop(std::ptr::null(), 16);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "sock_ntop error: Invalid argument\n"));
}

#[test]
fn ports_compare_and_set() {
    let a = v4(Ipv4Addr::LOCALHOST, 9877);
    let b = v4(Ipv4Addr::LOCALHOST, 80);
    let c = v4(Ipv4Addr::new(10, 0, 0, 1), 9877);
    let d = v6(Ipv6Addr::LOCALHOST, 9877);
    // SAFETY: complete addresses of their families.
    unsafe {
        assert_eq!(sys::sock_get_port(sa(&a).0, sa(&a).1), c_int::from(9877u16.to_be()));
        assert_eq!(sys::sock_get_port(sa(&d).0, sa(&d).1), c_int::from(9877u16.to_be()));
        assert_eq!(sys::sock_cmp_addr(sa(&a).0, sa(&b).0, 16), 0);
        assert_ne!(sys::sock_cmp_addr(sa(&a).0, sa(&c).0, 16), 0);
        assert_eq!(sys::sock_cmp_addr(sa(&a).0, sa(&d).0, 16), -1);
        assert_eq!(sys::sock_cmp_port(sa(&a).0, sa(&c).0, 16), 1);
        assert_eq!(sys::sock_cmp_port(sa(&a).0, sa(&b).0, 16), 0);
        assert_eq!(sys::sock_cmp_port(sa(&a).0, sa(&d).0, 16), -1);

        let mut e = v4(Ipv4Addr::LOCALHOST, 1);
        let p = (&raw mut e).cast::<sockaddr>();
        sys::sock_set_port(p, 16, c_int::from(4321u16.to_be()));
        let addr = Ipv4Addr::new(192, 0, 2, 9).octets();
        sys::sock_set_addr(p, 16, addr.as_ptr().cast());
        assert_eq!(ntop(&e), "192.0.2.9:4321");
        sys::sock_set_wild(p, 16);
        assert_eq!(ntop(&e), "0.0.0.0:4321");
        let mut f = v6(Ipv6Addr::LOCALHOST, 7);
        sys::sock_set_wild((&raw mut f).cast(), 28);
        assert_eq!(ntop(&f), "[::]:7");
    }
}

#[test]
fn bind_wild_family_level() {
    // SAFETY: integer arguments only.
    let fd = unsafe { libc::socket(libc::AF_INET6, libc::SOCK_DGRAM, 0) };
    if fd >= 0 {
        bind_wild_v6(fd);
    } else {
        eprintln!("no IPv6 sockets here: IPv6 part SKIPPED");
    }
    assert_eq!(sys::sockfd_to_family(-1), -1);
    assert_eq!(sys::family_to_level(libc::AF_INET), libc::IPPROTO_IP);
    assert_eq!(sys::Family_to_level(libc::AF_INET6), libc::IPPROTO_IPV6);
    assert_eq!(sys::family_to_level(libc::AF_UNIX), -1);
    let r = in_child(|| {
        sys::Family_to_level(libc::AF_UNIX);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "family_to_level error: Address family not supported by protocol\n"));
    let r = in_child(|| {
        sys::Sockfd_to_family(-1);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "sockfd_to_family error: Bad file descriptor\n"));
}

/// `sock_bind_wild` and `sockfd_to_family` on an IPv6 socket (closed afterwards).
fn bind_wild_v6(fd: c_int) {
    assert_eq!(sys::sockfd_to_family(fd), libc::AF_INET6);
    let port = sys::sock_bind_wild(fd, libc::AF_INET6);
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<sockaddr_storage>() as socklen_t;
    // SAFETY: ss is writable for len bytes.
    unsafe { libc::getsockname(fd, (&raw mut ss).cast(), &mut len) };
    // SAFETY: getsockname filled an IPv6 address.
    let sin6 = unsafe { &*(&raw const ss).cast::<sockaddr_in6>() };
    assert_eq!(port, c_int::from(sin6.sin6_port));
    assert_eq!(sys::sock_bind_wild(fd, libc::AF_INET6), -1);
    assert_eq!(sys::sock_bind_wild(fd, libc::AF_UNIX), -1);
    // SAFETY: closing our socket.
    unsafe { libc::close(fd) };
}
