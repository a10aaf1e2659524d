//! host_serv, tcp_connect/tcp_listen, udp_client/udp_connect/udp_server,
//! Inet_pton/Inet_ntop, If_* through `lnp::sys` (the C view is tests/c/test_lib_names.c). Numeric hosts only: no DNS.

mod common;

use std::ffi::CStr;
use std::mem::{size_of, zeroed};
use std::ptr;

use common::in_child;
use libc::{c_char, c_int, sockaddr, sockaddr_storage, socklen_t};
use lnp::sys;

fn port_of(fd: c_int) -> std::ffi::CString {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<sockaddr_storage>() as socklen_t;
    // SAFETY: ss is writable for len bytes.
    unsafe { libc::getsockname(fd, (&raw mut ss).cast(), &mut len) };
    // SAFETY: a complete address from getsockname.
    let port = unsafe { sys::sock_get_port((&raw const ss).cast(), len) } as u16;
    std::ffi::CString::new(u16::from_be(port).to_string()).unwrap()
}

fn cloexec(fd: c_int) -> bool {
    // SAFETY: F_GETFD on our descriptor.
    unsafe { libc::fcntl(fd, libc::F_GETFD) & libc::FD_CLOEXEC != 0 }
}

#[test]
fn host_serv_lists() {
    // SAFETY: NUL-terminated strings or NULL; lists freed once.
    unsafe {
        let ai = sys::host_serv(c"127.0.0.1".as_ptr(), c"9877".as_ptr(), libc::AF_INET, libc::SOCK_STREAM);
        assert!(!ai.is_null());
        assert_eq!(CStr::from_ptr((*ai).ai_canonname).to_str().unwrap(), "127.0.0.1");
        let text = CStr::from_ptr(sys::sock_ntop((*ai).ai_addr, (*ai).ai_addrlen));
        assert_eq!(text.to_str().unwrap(), "127.0.0.1:9877");
        libc::freeaddrinfo(ai);
        assert!(sys::host_serv(ptr::null(), c"9877".as_ptr(), libc::AF_INET, 0).is_null());
    }
    // SAFETY: the child dies in the wrapper.
    let r = in_child(|| unsafe {
        sys::Host_serv(ptr::null(), c"9877".as_ptr(), libc::AF_INET, 0);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "host_serv error for (no hostname), 9877: Bad value for ai_flags\n"));
}

#[test]
fn tcp_round_trip() {
    let mut len: socklen_t = 0;
    // SAFETY: NUL-terminated strings, valid out pointers, our descriptors.
    unsafe {
        let lfd = sys::tcp_listen(c"127.0.0.1".as_ptr(), c"0".as_ptr(), &mut len);
        assert_eq!(len as usize, size_of::<libc::sockaddr_in>());
        let port = port_of(lfd);
        let cfd = sys::Tcp_connect(c"127.0.0.1".as_ptr(), port.as_ptr());
        let afd = sys::Accept(lfd, ptr::null_mut(), ptr::null_mut());
        assert!(!cloexec(lfd) && !cloexec(cfd) && !cloexec(afd));
        sys::writen_all(cfd, b"over tcp\n").unwrap();
        let mut buf = [0u8; 32];
        assert_eq!(sys::readline_into(afd, &mut buf).unwrap(), 9);
        libc::close(cfd);
        libc::close(afd);
        let p = port.clone();
        let r = in_child(move || {
            sys::tcp_listen(c"127.0.0.1".as_ptr(), p.as_ptr(), ptr::null_mut());
        });
        let want = format!("tcp_listen error for 127.0.0.1, {}: Address already in use\n", port.to_str().unwrap());
        assert_eq!((r.status, r.stderr.as_str()), (1, want.as_str()));
        libc::close(lfd);
        let p = port.clone();
        let r = in_child(move || {
            sys::tcp_connect(c"127.0.0.1".as_ptr(), p.as_ptr());
        });
        let want = format!("tcp_connect error for 127.0.0.1, {}: Connection refused\n", port.to_str().unwrap());
        assert_eq!((r.status, r.stderr.as_str()), (1, want.as_str()));
    }
    let r = in_child(|| {
        // SAFETY: NUL-terminated strings.
        unsafe { sys::tcp_connect(c"127.0.0.1".as_ptr(), c"nosuchservice".as_ptr()) };
    });
    assert_eq!(
        (r.status, r.stderr.as_str()),
        (1, "tcp_connect error for 127.0.0.1, nosuchservice: Servname not supported for ai_socktype\n")
    );
}

/// Whether ::1 can be bound (containers often run without IPv6).
fn ipv6_loopback() -> bool {
    std::net::UdpSocket::bind("[::1]:0").is_ok()
}

#[test]
fn udp_round_trip() {
    // IPv6 where the host has it, else IPv4: the same code paths either way
    let (host, family, salen_want) = if ipv6_loopback() {
        (c"::1", libc::AF_INET6, size_of::<libc::sockaddr_in6>())
    } else {
        (c"127.0.0.1", libc::AF_INET, size_of::<libc::sockaddr_in>())
    };
    // SAFETY: NUL-terminated strings, valid out pointers, our descriptors.
    unsafe {
        let sfd = sys::Udp_server(host.as_ptr(), c"0".as_ptr(), ptr::null_mut());
        assert_eq!(sys::sockfd_to_family(sfd), family);
        let port = port_of(sfd);
        let mut sa: *mut sockaddr = ptr::null_mut();
        let mut salen: socklen_t = 0;
        let cfd = sys::udp_client(host.as_ptr(), port.as_ptr(), &mut sa, &mut salen);
        assert_eq!(salen as usize, salen_want);
        sys::Sendto(cfd, b"dg".as_ptr().cast(), 2, 0, sa, salen);
        let mut buf = [0u8; 8];
        assert_eq!(sys::Recvfrom(sfd, buf.as_mut_ptr().cast(), 8, 0, ptr::null_mut(), ptr::null_mut()), 2);
        libc::free(sa.cast());
        libc::close(cfd);
        let kfd = sys::Udp_connect(host.as_ptr(), port.as_ptr());
        assert_eq!(libc::write(kfd, b"k".as_ptr().cast(), 1), 1);
        assert_eq!(libc::recv(sfd, buf.as_mut_ptr().cast(), 8, 0), 1);
        libc::close(kfd);
        let p = port.clone();
        let r = in_child(move || {
            sys::udp_server(host.as_ptr(), p.as_ptr(), ptr::null_mut());
        });
        let want = format!(
            "udp_server error for {}, {}: Address already in use\n",
            host.to_str().unwrap(),
            port.to_str().unwrap()
        );
        assert_eq!((r.status, r.stderr.as_str()), (1, want.as_str()));
        libc::close(sfd);
    }
}

#[test]
fn inet_and_if_wrappers() {
    let mut addr = [0u8; 16];
    let mut text = [0 as c_char; 64];
    // SAFETY: buffers valid for the sizes given.
    unsafe {
        sys::Inet_pton(libc::AF_INET6, c"2001:db8::1".as_ptr(), addr.as_mut_ptr().cast());
        let p = sys::Inet_ntop(libc::AF_INET6, addr.as_ptr().cast(), text.as_mut_ptr(), 64);
        assert_eq!(p, text.as_ptr());
        assert_eq!(CStr::from_ptr(p).to_str().unwrap(), "2001:db8::1");
        let lo = sys::If_nametoindex(c"lo".as_ptr());
        assert!(lo > 0);
        let mut name = [0 as c_char; 16];
        assert_eq!(CStr::from_ptr(sys::If_indextoname(lo, name.as_mut_ptr())).to_str().unwrap(), "lo");
        let list = sys::If_nameindex();
        assert!(!list.is_null());
        libc::if_freenameindex(list);
    }
    let a = addr.as_mut_ptr();
    // SAFETY: the children die in the wrappers.
    let r = in_child(move || unsafe { sys::Inet_pton(libc::AF_INET, c"01.2.3.004".as_ptr(), a.cast()) });
    assert_eq!((r.status, r.stderr.as_str()), (1, "inet_pton error for 01.2.3.004\n"));
    // SAFETY: the child dies in the wrapper.
    let r = in_child(move || unsafe {
        sys::Inet_ntop(libc::AF_INET, a.cast_const().cast(), ptr::null_mut(), 16);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "NULL 3rd argument to inet_ntop\n"));
    // SAFETY: the child dies in the wrapper.
    let r = in_child(|| unsafe {
        sys::If_nametoindex(c"nosuchif0".as_ptr());
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "if_nametoindex error for nosuchif0\n"));
}
