//! dgcliloop1: the UDP client whose dg_cli ignores its input and sends 2,000
//! datagrams of 1,400 bytes as fast as it can (book section 8.8, Figure
//! 8.16; C: c-examples/dgcliloop1.c with udpcli01.c).
//!
//! UDP has no flow control: udpserv06 and udpserv07 count how many arrive.
//!
//! Usage: `dgcliloop1 <IPaddress>` — sends to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsFd;

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, net, sock};

/// Datagrams to send.
const NDG: usize = 2000;
/// Length of each datagram.
const DGLEN: usize = 1400;

/// The dg_cli of Figure 8.19: `NDG` datagrams of `DGLEN` zero bytes, nothing read.
fn dg_cli(sockfd: impl AsFd, servaddr: SockAddr) {
    let sendline = [0u8; DGLEN];
    for _ in 0..NDG {
        sock::sendto(sockfd.as_fd(), &sendline, 0, servaddr).or_die("sendto error");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: udpcli <IPaddress>");
    }
    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(SERV_PORT))));

    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    dg_cli(&sockfd, servaddr);
}
