//! The safe layer's addresses (lnp::addr::SockAddr): sock_ntop as Display,
//! conversions, ports, comparisons, Unix paths.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

use lnp::{SockAddr, addr, sock};

fn sa(text: &str) -> SockAddr {
    SockAddr::from(text.parse::<SocketAddr>().unwrap())
}

#[test]
fn display_is_sock_ntop() {
    assert_eq!(sa("127.0.0.1:9877").to_string(), "127.0.0.1:9877");
    assert_eq!(sa("127.0.0.1:0").to_string(), "127.0.0.1");
    assert_eq!(sa("[::1]:13").to_string(), "[::1]:13");
    assert_eq!(sa("[::1]:0").to_string(), "::1");
    // glibc's text, not Rust's: IPv4-compatible and scoped addresses.
    assert_eq!(sa("[::1.2.3.4]:80").to_string(), "[::1.2.3.4]:80");
    let scoped = SockAddr::from(SocketAddr::V6(SocketAddrV6::new("fe80::1".parse().unwrap(), 80, 0, 1)));
    assert_eq!(scoped.to_string(), "[fe80::1]:80");
    assert_eq!(addr::to_text("[::ffff:10.0.0.1]:7".parse::<SocketAddr>().unwrap()), "[::ffff:10.0.0.1]:7");
    assert_eq!(sa("[2001:db8::5]:9").host(), "2001:db8::5");
}

#[test]
fn unix_and_unknown_families() {
    let un = SockAddr::unix("/tmp/lnp.sock").unwrap();
    assert_eq!(un.family(), libc::AF_UNIX);
    assert_eq!(un.to_string(), "/tmp/lnp.sock");
    assert_eq!(un.as_unix_path().unwrap().to_str(), Some("/tmp/lnp.sock"));
    assert_eq!(un.port(), None);
    assert!(SockAddr::unix("x".repeat(200)).is_err());
    assert!(SockAddr::unix("a\0b").is_err());
    let empty = SockAddr::empty();
    assert!(empty.is_empty());
    assert_eq!(empty.to_string(), "sock_ntop: unknown AF_xxx: 0, len 0");
}

#[test]
fn conversions_round_trip() {
    for text in ["192.0.2.1:80", "[2001:db8::1]:443", "0.0.0.0:0"] {
        let a: SocketAddr = text.parse().unwrap();
        assert_eq!(SocketAddr::try_from(SockAddr::from(a)).unwrap(), a);
    }
    assert!(SocketAddr::try_from(SockAddr::unix("/x").unwrap()).is_err());
    let v6 = SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 5, 7, 3));
    assert_eq!(SockAddr::from(v6).as_socket(), Some(v6));
}

#[test]
fn ports_and_comparisons() {
    let mut a = sa("10.1.2.3:1000");
    assert_eq!(a.port(), Some(1000));
    a.set_port(2000);
    assert_eq!(a.to_string(), "10.1.2.3:2000");
    let b = sa("10.1.2.3:2000");
    assert!(a.same_addr(&b) && a.same_port(&b));
    assert_eq!(a, b);
    let c = sa("10.1.2.4:2000");
    assert!(!a.same_addr(&c) && a.same_port(&c));
    assert!(!a.same_addr(&sa("[::1]:2000")));
    a.set_wild();
    assert_eq!(a.as_socket(), Some(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 2000))));
}

#[test]
fn local_and_peer_addresses() {
    let l = lnp::net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let local = addr::local_addr(&l).unwrap();
    assert_eq!(local.host(), "127.0.0.1");
    let c = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    sock::connect(&c, local).unwrap();
    assert_eq!(addr::peer_addr(&c).unwrap(), local);
    assert_eq!(sock::family(&c).unwrap(), libc::AF_INET);
    let u = sock::socket(libc::AF_INET6, libc::SOCK_DGRAM, 0).unwrap();
    let port = sock::bind_wild(&u, libc::AF_INET6).unwrap();
    assert_eq!(addr::local_addr(&u).unwrap().port(), Some(port));
    assert_eq!(sock::option_level(libc::AF_INET6).unwrap(), libc::IPPROTO_IPV6);
    assert!(sock::option_level(12345).is_err());
}

#[test]
fn bad_input_gives_errors_not_panics() {
    // SAFETY: NULL is allowed and gives an empty address.
    assert!(unsafe { SockAddr::from_raw(std::ptr::null(), 16) }.is_empty());
    let big = [0xffu8; 512];
    // SAFETY: `big` is readable for 512 bytes; only 128 are kept.
    let junk = unsafe { SockAddr::from_raw(big.as_ptr().cast(), 512) };
    assert_eq!(junk.len(), 128);
    assert!(junk.to_string().starts_with("sock_ntop: unknown AF_xxx: 65535, len 128"));
    assert_eq!((junk.port(), junk.as_socket(), junk.as_unix_path()), (None, None, None));
    let mut short = SockAddr::from("127.0.0.1:80".parse::<SocketAddr>().unwrap());
    short.set_len(3);
    assert_eq!(short.as_socket(), None, "too short for a sockaddr_in");
    assert_eq!(lnp::net::tcp_listen(Some("a\0b"), "0").unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    let fd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    assert!(lnp::mcast::join(&fd, &short, lnp::mcast::Interface::Name("x\0y")).is_err());
    assert!(sock::connect(&fd, SockAddr::empty()).is_err());
}

#[test]
fn display_honours_width_and_alignment() {
    // Regression (issue 15): Display went through the C sock_ntop and ignored `{:<28}`.
    let a = sa("10.0.0.1:80");
    assert_eq!(format!("{a:<14}|"), "10.0.0.1:80   |");
    assert_eq!(format!("{a:>14}|"), "   10.0.0.1:80|");
    assert_eq!(format!("{a:*^15}"), "**10.0.0.1:80**");
    assert_eq!(format!("{:<10}|", SockAddr::unix("/s").unwrap()), "/s        |");
    assert_eq!(format!("{a:.4}"), "10.0", "precision truncates, as for str");
}

/// The C library's sock_ntop and sock_ntop_host of an address.
fn c_text(a: &SockAddr) -> (String, String) {
    let text = |p: *const libc::c_char| {
        assert!(!p.is_null());
        // SAFETY: a non-NULL result is the library's NUL-terminated per-thread buffer.
        unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned()
    };
    // SAFETY: the pointer and length describe the address's own storage.
    unsafe { (text(lnp::sys::sock_ntop(a.as_ptr(), a.len())), text(lnp::sys::sock_ntop_host(a.as_ptr(), a.len()))) }
}

#[test]
fn text_matches_the_c_sock_ntop() {
    // IPv6 texts where glibc and Rust's Ipv6Addr differ or are easy to get wrong.
    let v6 = [
        "::",
        "::1",
        "::2",
        "::1.2.3.4",
        "::ffff:1.2.3.4",
        "::ffff:0:0",
        "::ffff:0.0.0.1",
        "1::",
        "1::1",
        "1:0:0:1::1",
        "1:0:1:0:1:0:1:0",
        "0:0:1::",
        "2001:db8:0:0:1:0:0:1",
        "fe80::1:2:3:4",
        "1:2:3:4:5:6:7:8",
        "0:1:0:1:0:1:0:1",
        "::ffff:1:2",
        "0:0:0:0:0:1:1.2.3.4",
        "64:ff9b::1.2.3.4",
    ];
    let mut addrs: Vec<SockAddr> = Vec::new();
    for text in v6 {
        let ip: Ipv6Addr = text.parse().unwrap();
        for port in [0, 1, 65535] {
            addrs.push(SockAddr::from(SocketAddrV6::new(ip, port, 7, 3)));
        }
    }
    for ip in ["0.0.0.0", "255.255.255.255", "127.0.0.1"] {
        addrs.push(sa(&format!("{ip}:0")));
        addrs.push(sa(&format!("{ip}:9877")));
    }
    // Every 16-bit pattern of zero and non-zero words, as the compression sees them.
    for mask in 0u32..256 {
        let words: Vec<u16> = (0..8).map(|i| if mask & (1 << i) != 0 { 0x100 + i as u16 } else { 0 }).collect();
        let w: [u16; 8] = words.try_into().unwrap();
        addrs.push(SockAddr::from(SocketAddrV6::new(Ipv6Addr::from(w), 9, 0, 0)));
    }
    addrs.push(SockAddr::unix("/tmp/x").unwrap());
    addrs.push(SockAddr::from_bytes(&[1, 0])); // AF_UNIX, unnamed
    addrs.push(SockAddr::from_bytes(&[2, 0, 0, 80])); // AF_INET, short: C reads zeroes
    addrs.push(SockAddr::from_bytes(&[99, 0, 1, 2, 3]));
    for a in &addrs {
        assert_eq!((a.to_string(), a.host()), c_text(a), "{:?}", a.as_bytes());
    }
}

#[test]
fn hash_and_conversions_from_v4_and_v6() {
    use std::collections::HashSet;
    use std::net::SocketAddrV4;
    let v4 = SocketAddrV4::new(Ipv4Addr::new(192, 0, 2, 7), 53);
    let v6 = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 53, 0, 0);
    assert_eq!(SockAddr::from(v4), SockAddr::from(SocketAddr::V4(v4)));
    assert_eq!(SockAddr::from(v6), SockAddr::from(SocketAddr::V6(v6)));
    let set: HashSet<SockAddr> = [SockAddr::from(v4), SockAddr::from(v6), SockAddr::from(v4)].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert!(set.contains(&sa("192.0.2.7:53")));
    // Functions taking addresses take any of them.
    let u = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    sock::bind(&u, SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let to = addr::local_addr(&u).unwrap();
    assert_eq!(sock::sendto(&u, b"me", 0, to.as_socket().unwrap()).unwrap(), 2);
    assert_eq!(sock::sendto(&u, b"me", 0, to).unwrap(), 2);
}
