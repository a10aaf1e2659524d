//! The safe layer's multicast (lnp::mcast) and advanced I/O (lnp::advio) on
//! loopback: option read-backs, a join with loopback delivery, pktinfo,
//! truncation flags, the checksum, and the server heartbeat giving up.

mod common;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use lnp::mcast::{self, Interface};
use lnp::{SockAddr, addr, advio, sock};

fn udp4() -> std::os::fd::OwnedFd {
    sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap()
}

#[test]
fn ttl_loop_and_interface_read_back() {
    let fd = udp4();
    mcast::set_ttl(&fd, 7).unwrap();
    assert_eq!(mcast::get_ttl(&fd).unwrap(), 7);
    mcast::set_loop(&fd, false).unwrap();
    assert!(!mcast::get_loop(&fd).unwrap());
    mcast::set_loop(&fd, true).unwrap();
    assert!(mcast::get_loop(&fd).unwrap());
    assert_eq!(mcast::get_if(&fd).unwrap(), 0, "nothing chosen yet");
    mcast::set_if(&fd, Interface::Name("lo")).unwrap();
    assert_eq!(mcast::get_if(&fd).unwrap(), 1, "lo is interface 1");
    mcast::set_if(&fd, Interface::Any).unwrap();
    assert_eq!(mcast::get_if(&fd).unwrap(), 0);
    assert!(mcast::set_if(&fd, Interface::Name("no-such-if0")).is_err());

    let fd6 = sock::socket(libc::AF_INET6, libc::SOCK_DGRAM, 0).unwrap();
    mcast::set_ttl(&fd6, 5).unwrap();
    assert_eq!(mcast::get_ttl(&fd6).unwrap(), 5);
    mcast::set_if(&fd6, Interface::Index(1)).unwrap();
    assert_eq!(mcast::get_if(&fd6).unwrap(), 1);

    let unix = sock::socket(libc::AF_UNIX, libc::SOCK_DGRAM, 0).unwrap();
    assert_eq!(mcast::get_ttl(&unix).unwrap_err().raw_os_error(), Some(libc::EAFNOSUPPORT));
}

#[test]
fn join_and_receive_on_loopback() {
    let group = SockAddr::from(SocketAddr::from((Ipv4Addr::new(239, 255, 42, 42), 0)));
    let recv = udp4();
    sock::setsockopt_int(&recv, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1).unwrap();
    let mut bind_to = group;
    sock::bind(&recv, bind_to).unwrap();
    let port = addr::local_addr(&recv).unwrap().port().unwrap();
    bind_to.set_port(port);
    mcast::join(&recv, &group, Interface::Name("lo")).unwrap();

    let send = udp4();
    mcast::set_if(&send, Interface::Name("lo")).unwrap();
    mcast::set_loop(&send, true).unwrap();
    sock::sendto(&send, b"to the group", 0, bind_to).unwrap();
    assert!(lnp::io::wait_readable(&recv, Duration::from_secs(2)).unwrap(), "multicast delivered on lo");
    let mut buf = [0u8; 32];
    let (n, _) = sock::recvfrom(&recv, &mut buf, 0).unwrap();
    assert_eq!(&buf[..n], b"to the group");
}

#[test]
fn block_unblock_leave_ipv6() {
    // IPv6 interface 0 matches the join on any interface (for IPv4 it means
    // "the interface of the route to the group", which lo is not here).
    let fd6 = sock::socket(libc::AF_INET6, libc::SOCK_DGRAM, 0).unwrap();
    let g6 = SockAddr::from("[ff15::4242]:0".parse::<SocketAddr>().unwrap());
    let s6 = SockAddr::from("[2001:db8::9]:0".parse::<SocketAddr>().unwrap());
    mcast::join(&fd6, &g6, Interface::Name("lo")).unwrap();
    mcast::block_source(&fd6, &s6, &g6).unwrap();
    mcast::unblock_source(&fd6, &s6, &g6).unwrap();
    assert_eq!(mcast::unblock_source(&fd6, &s6, &g6).unwrap_err().raw_os_error(), Some(libc::EADDRNOTAVAIL));
    mcast::leave(&fd6, &g6).unwrap();
    assert_eq!(mcast::leave(&fd6, &g6).unwrap_err().raw_os_error(), Some(libc::EADDRNOTAVAIL));
}

#[test]
fn source_specific_join_and_leave() {
    let group = SockAddr::from(SocketAddr::from((Ipv4Addr::new(239, 255, 42, 43), 0)));
    let src = SockAddr::from(SocketAddr::from((Ipv4Addr::new(192, 0, 2, 9), 0)));
    let fd = udp4();
    mcast::join_source_group(&fd, &src, &group, Interface::Index(1)).unwrap();
    assert!(mcast::join_source_group(&fd, &src, &group, Interface::Name("lo")).is_err(), "already joined");
    let fd6 = sock::socket(libc::AF_INET6, libc::SOCK_DGRAM, 0).unwrap();
    let g6 = SockAddr::from("[ff15::4243]:0".parse::<SocketAddr>().unwrap());
    let s6 = SockAddr::from("[2001:db8::9]:0".parse::<SocketAddr>().unwrap());
    mcast::join_source_group(&fd6, &s6, &g6, Interface::Name("lo")).unwrap();
    mcast::leave_source_group(&fd6, &s6, &g6).unwrap();
}

#[test]
fn recvfrom_flags_pktinfo_and_truncation() {
    let srv = udp4();
    sock::bind(&srv, SockAddr::from(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))).unwrap();
    sock::setsockopt_int(&srv, libc::IPPROTO_IP, libc::IP_PKTINFO, 1).unwrap();
    let to = addr::local_addr(&srv).unwrap();
    let cli = udp4();
    sock::sendto(&cli, b"0123456789", 0, to).unwrap();
    let mut buf = [0u8; 64];
    let got = advio::recvfrom_flags(&srv, &mut buf, 0).unwrap();
    assert_eq!((got.len, got.flags & libc::MSG_TRUNC), (10, 0));
    assert_eq!(got.pktinfo, Some(advio::PktInfo { dst: Ipv4Addr::LOCALHOST, ifindex: 1 }));
    assert_eq!(got.from.host(), "127.0.0.1");
    sock::sendto(&cli, b"0123456789", 0, to).unwrap();
    let mut small = [0u8; 4];
    let got = advio::recvfrom_flags(&srv, &mut small, 0).unwrap();
    assert_eq!((got.len, got.flags & libc::MSG_TRUNC != 0), (4, true));
}

#[test]
fn in_cksum_vectors() {
    // RFC 1071's example (words 0001 f203 f4f5 f6f7): sum ddf2, checksum 220d.
    let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
    assert_eq!(u16::from_be(advio::checksum(&data)), 0x220d);
    // An odd length pads the last byte with a zero byte.
    assert_eq!(u16::from_be(advio::checksum(&[0x12, 0x34, 0x56])), !0x6834);
    assert_eq!(advio::checksum(&[]), 0xffff);
}

#[test]
fn heartbeat_serv_gives_up_without_probes() {
    let l = lnp::net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = addr::local_addr(&l).unwrap().port().unwrap().to_string();
    let r = common::in_child(move || {
        let _c = lnp::net::tcp_connect("127.0.0.1", &port).unwrap();
        let (s, _) = sock::accept(&l).unwrap();
        advio::heartbeat_serv(&s, Duration::from_secs(1), 1).unwrap();
        assert!(advio::heartbeat_serv(&s, Duration::from_millis(1500), 1).is_err(), "alarm counts whole seconds");
        // Wait for the heartbeat to end the process (at most a few seconds).
        for _ in 0..50 {
            let _ = lnp::io::wait_readable(&s, Duration::from_millis(100));
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    assert_eq!((r.status, r.stdout.as_str()), (0, "no probes from client\n"));
}
