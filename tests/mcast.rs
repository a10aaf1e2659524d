//! The C ABI of the multicast and advanced-I/O functions, called from Rust
//! (`lnp::sys::mcast_*`, `Mcast_*`, `recvfrom_flags`, `inet_srcrt_*`,
//! `in_cksum`): results, errno, and the exact text and status of the dying
//! paths (run in forked children). Cross-namespace traffic is tested by
//! tests/netns/run.sh (`make test-netns`).

mod common;

use std::mem::{size_of, zeroed};
use std::ptr;

use libc::{c_int, c_void, sockaddr, socklen_t};
use lnp::sys;

use common::in_child;

fn errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn sin(a: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: all-zero bytes are a valid sockaddr_in.
    let mut s: libc::sockaddr_in = unsafe { zeroed() };
    s.sin_family = libc::AF_INET as libc::sa_family_t;
    s.sin_port = port.to_be();
    s.sin_addr.s_addr = u32::from_ne_bytes(a);
    s
}

fn sin6(a: [u8; 16]) -> libc::sockaddr_in6 {
    // SAFETY: all-zero bytes are a valid sockaddr_in6.
    let mut s: libc::sockaddr_in6 = unsafe { zeroed() };
    s.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    s.sin6_addr.s6_addr = a;
    s
}

const FF15_1234: [u8; 16] = [0xff, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34];

fn sa<T>(s: &T) -> *const sockaddr {
    (s as *const T).cast()
}

fn len<T>(_: &T) -> socklen_t {
    size_of::<T>() as socklen_t
}

#[test]
fn checksum_core_and_c_entry_agree() {
    let rfc = [0x00u8, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
    assert_eq!(sys::cksum::internet_checksum(&rfc).to_ne_bytes(), [0x22, 0x0d]);
    // SAFETY: 8 readable bytes.
    assert_eq!(unsafe { sys::in_cksum(rfc.as_ptr() as *mut u16, 8) }, sys::cksum::internet_checksum(&rfc));
    assert_eq!(sys::cksum::internet_checksum(&[1, 2, 3]), sys::cksum::internet_checksum(&[1, 2, 3, 0]));
    // SAFETY: len <= 0 reads nothing.
    assert_eq!(unsafe { sys::in_cksum(ptr::null_mut(), -1) }, 0xffff);
}

#[test]
fn ipv4_get_if_reports_the_interface_index() {
    let fd = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
    assert_eq!(sys::mcast_get_if(fd), 0);
    // SAFETY: a C string name.
    assert_eq!(unsafe { sys::mcast_set_if(fd, c"lo".as_ptr(), 0) }, 0);
    // SAFETY: a C string name.
    let lo = unsafe { libc::if_nametoindex(c"lo".as_ptr()) } as c_int;
    assert_eq!(sys::mcast_get_if(fd), lo);
    // SAFETY: no name.
    assert_eq!(unsafe { sys::mcast_set_if(fd, ptr::null(), 0) }, 0);
    assert_eq!(sys::mcast_get_if(fd), 0);
    assert_eq!(sys::mcast_set_ttl(fd, 9), 0);
    assert_eq!(sys::mcast_get_ttl(fd), 9);
    assert_eq!(sys::mcast_set_loop(fd, 0), 0);
    assert_eq!(sys::mcast_get_loop(fd), 0);
    // SAFETY: closing our socket.
    unsafe { libc::close(fd) };
}

#[test]
fn errors_set_errno() {
    let fd = sys::Socket(libc::AF_INET6, libc::SOCK_DGRAM, 0);
    let g = sin6(FF15_1234);
    // SAFETY: valid address and C string.
    assert_eq!(unsafe { sys::mcast_join(fd, sa(&g), len(&g), c"nosuchif0".as_ptr(), 0) }, -1);
    assert_eq!(errno(), libc::ENXIO);
    // SAFETY: the length check fails before anything is read past the address.
    assert_eq!(unsafe { sys::mcast_leave(fd, sa(&g), 129) }, -1);
    assert_eq!(errno(), libc::EINVAL);
    // SAFETY: NULL name, index 0.
    assert_eq!(unsafe { sys::mcast_set_if(fd, ptr::null(), 0) }, -1);
    assert_eq!(errno(), libc::EINVAL);
    // SAFETY: valid address, index of lo.
    assert_eq!(unsafe { sys::mcast_join(fd, sa(&g), len(&g), ptr::null(), 1) }, 0);
    // SAFETY: valid address.
    assert_eq!(unsafe { sys::mcast_leave(fd, sa(&g), len(&g)) }, 0);
    // SAFETY: valid address.
    assert_eq!(unsafe { sys::mcast_leave(fd, sa(&g), len(&g)) }, -1);
    assert_eq!(errno(), libc::EADDRNOTAVAIL);
    // SAFETY: closing our socket.
    unsafe { libc::close(fd) };
    assert_eq!(sys::mcast_get_ttl(fd), -1);
    assert_eq!(errno(), libc::EAFNOSUPPORT);
}

#[test]
fn wrappers_die_with_the_book_messages() {
    let r = in_child(|| {
        let fd = sys::Socket(libc::AF_UNIX, libc::SOCK_DGRAM, 0);
        sys::Mcast_set_ttl(fd, 1);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "mcast_set_ttl error: Address family not supported by protocol\n"));
    let r = in_child(|| {
        let fd = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        let g = sin([239, 255, 1, 1], 0);
        // SAFETY: valid address and C string.
        unsafe { sys::Mcast_join(fd, sa(&g), len(&g), c"nosuchif0".as_ptr(), 0) };
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "mcast_join error: No such device or address\n"));
    let r = in_child(|| {
        let mut flags = 0;
        let mut buf = [0u8; 8];
        // SAFETY: a closed descriptor; the buffer is valid.
        unsafe {
            sys::Recvfrom_flags(
                -1,
                buf.as_mut_ptr().cast(),
                8,
                &mut flags,
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "recvfrom_flags error\n"));
}

#[test]
fn recvfrom_flags_reports_destination_interface_and_truncation() {
    let r = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
    let s = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
    let mut addr = sin([127, 0, 0, 1], 0);
    let mut alen = len(&addr);
    let on: c_int = 1;
    // SAFETY: valid socket addresses and option values of the sizes given.
    unsafe {
        sys::Bind(r, sa(&addr), alen);
        sys::Getsockname(r, (&raw mut addr).cast(), &mut alen);
        sys::Setsockopt(r, libc::IPPROTO_IP, libc::IP_PKTINFO, (&raw const on).cast(), 4);
        sys::Sendto(s, c"0123456789".as_ptr().cast::<c_void>().cast_mut(), 10, 0, sa(&addr), alen);
    }
    let mut buf = [0u8; 4];
    let mut flags = 0;
    // SAFETY: all-zero bytes are a valid lnp_in_pktinfo.
    let mut pkt: sys::lnp_in_pktinfo = unsafe { zeroed() };
    // SAFETY: valid buffers; no peer address asked for.
    let n = unsafe {
        sys::recvfrom_flags(r, buf.as_mut_ptr().cast(), 4, &mut flags, ptr::null_mut(), ptr::null_mut(), &mut pkt)
    };
    assert_eq!(n, 4);
    assert_eq!(&buf, b"0123");
    assert_ne!(flags & libc::MSG_TRUNC, 0);
    assert_eq!(pkt.ipi_addr.s_addr, u32::from_ne_bytes([127, 0, 0, 1]));
    assert_eq!(pkt.ipi_ifindex, 1);
    // SAFETY: closing our sockets.
    unsafe {
        libc::close(r);
        libc::close(s);
    }
}

#[test]
fn source_route_build_and_print() {
    let r = in_child(|| {
        // SAFETY: a fresh process: no option begun yet; then valid C strings.
        unsafe {
            assert_eq!(sys::inet_srcrt_add(c"192.0.2.1".as_ptr().cast_mut()), -1);
            let opt = sys::inet_srcrt_init(1);
            assert_eq!(sys::inet_srcrt_add(c"192.0.2.1".as_ptr().cast_mut()), 8);
            assert_eq!(sys::inet_srcrt_add(c"198.51.100.2".as_ptr().cast_mut()), 12);
            assert_eq!(*opt.add(1), libc::IPOPT_SSRR);
            sys::inet_srcrt_print(opt, 12);
        }
    });
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (0, "received SSRR: 192.0.2.1 198.51.100.2 \n", ""));
    let r = in_child(|| {
        // SAFETY: C strings; the 11th address is refused before it is resolved.
        unsafe {
            sys::inet_srcrt_init(0);
            for _ in 0..10 {
                sys::inet_srcrt_add(c"127.0.0.1".as_ptr().cast_mut());
            }
            sys::inet_srcrt_add(c"10.0.0.1".as_ptr().cast_mut());
        }
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "too many source routes with: 10.0.0.1\n"));
}
