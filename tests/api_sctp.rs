//! The safe layer's SCTP (lnp::sctp_api). The sandbox kernel has no SCTP:
//! there every test checks that the failure is an error (no panic) and stops
//! with SKIPPED; `make test-rust-sctp` runs this binary again inside a
//! user-mode-linux kernel that has SCTP, where everything runs.

use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::OwnedFd;

use lnp::sctp_api::{self as sctp, Bindx, SendOptions};
use lnp::{SockAddr, addr, sock};

/// A one-to-many socket, or None (after printing SKIPPED) without kernel SCTP.
fn seqpacket(test: &str) -> Option<OwnedFd> {
    match sctp::socket(libc::AF_INET, libc::SOCK_SEQPACKET) {
        Ok(fd) => Some(fd),
        Err(e) => {
            assert!(
                matches!(e.raw_os_error(), Some(libc::ESOCKTNOSUPPORT | libc::EPROTONOSUPPORT)),
                "unexpected error {e}"
            );
            if std::env::var_os("LNP_SCTP_REQUIRED").is_some_and(|v| v == "1") {
                panic!("{test}: no SCTP in this kernel");
            }
            eprintln!("SKIPPED sctp {test}: the kernel has no SCTP ({e})");
            None
        }
    }
}

fn loopback(port: u16) -> SockAddr {
    SockAddr::from(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
}

/// A listening one-to-many server on 127.0.0.1 and its address.
fn server(test: &str) -> Option<(OwnedFd, SockAddr)> {
    let fd = seqpacket(test)?;
    sock::bind(&fd, loopback(0)).unwrap();
    sctp::subscribe_data_io_events(&fd).unwrap();
    sock::listen(&fd, 5).unwrap();
    let at = addr::local_addr(&fd).unwrap();
    Some((fd, at))
}

#[test]
fn one_to_many_echo_on_streams() {
    let Some((srv, at)) = server("one_to_many_echo_on_streams") else { return };
    let cli = seqpacket("one_to_many_echo_on_streams").unwrap();
    sctp::subscribe_data_io_events(&cli).unwrap();
    let opts = SendOptions { ppid: 0x1234_5678, ..SendOptions::stream(3) };
    assert_eq!(sctp::sendmsg(&cli, b"hello", Some(&at), opts).unwrap(), 5);

    let mut buf = [0u8; 64];
    let msg = sctp::recvmsg(&srv, &mut buf).unwrap();
    assert!(!msg.is_notification());
    assert_eq!(&buf[..msg.len], b"hello");
    assert_eq!((msg.sinfo.sinfo_stream, msg.sinfo.sinfo_ppid), (3, 0x1234_5678));
    assert_eq!(msg.from.port(), addr::local_addr(&cli).unwrap().port());
    let id = sctp::address_to_associd(&srv, &msg.from).expect("association id");
    assert_eq!(id, msg.sinfo.sinfo_assoc_id);
    assert_eq!(sctp::get_no_strms(&srv, &msg.from), 10, "Linux's default stream count");

    sctp::sendmsg(&srv, b"reply", Some(&msg.from), SendOptions::stream(4)).unwrap();
    let back = sctp::recvmsg(&cli, &mut buf).unwrap();
    assert_eq!((&buf[..back.len], back.sinfo.sinfo_stream), (&b"reply"[..], 4));
    assert_eq!(back.from, at);

    let peers = sctp::getpaddrs(&srv, id).unwrap();
    assert!(peers.iter().any(|p| p.port() == msg.from.port()), "{peers:?}");
    let locals = sctp::getladdrs(&srv, id).unwrap();
    assert!(locals.iter().all(|l| l.port() == at.port()), "{locals:?}");
}

#[test]
fn connectx_and_peeloff() {
    let Some((srv, at)) = server("connectx_and_peeloff") else { return };
    let cli = seqpacket("connectx_and_peeloff").unwrap();
    sctp::subscribe_data_io_events(&cli).unwrap();
    let target = at.as_socket().unwrap();
    let id = sctp::connectx(&cli, &[target]).unwrap();
    sctp::sendmsg(&cli, b"first", Some(&at), SendOptions::default()).unwrap();
    let mut buf = [0u8; 64];
    let mut msg = sctp::recvmsg(&srv, &mut buf).unwrap();
    while msg.is_notification() {
        msg = sctp::recvmsg(&srv, &mut buf).unwrap();
    }
    let one = sctp::peeloff(&srv, msg.sinfo.sinfo_assoc_id).unwrap();
    sctp::sendmsg(&one, b"peeled", None, SendOptions::stream(1)).unwrap();
    let mut back = sctp::recvmsg(&cli, &mut buf).unwrap();
    while back.is_notification() {
        back = sctp::recvmsg(&cli, &mut buf).unwrap();
    }
    assert_eq!(&buf[..back.len], b"peeled");
    assert_eq!(back.sinfo.sinfo_assoc_id, id);
}

#[test]
fn bindx_and_outbound_streams() {
    let Some(fd) = seqpacket("bindx_and_outbound_streams") else { return };
    sctp::bindx(&fd, &[SocketAddr::from((Ipv4Addr::LOCALHOST, 0))], Bindx::Add).unwrap();
    let port = addr::local_addr(&fd).unwrap().port().unwrap();
    assert_ne!(port, 0);
    // The last address cannot be removed.
    assert!(sctp::bindx(&fd, &[SocketAddr::from((Ipv4Addr::LOCALHOST, port))], Bindx::Remove).is_err());
    sctp::set_outbound_streams(&fd, 20).unwrap();
    assert!(sctp::getladdrs(&fd, 0).unwrap().iter().any(|a| a.port() == Some(port)));
}
