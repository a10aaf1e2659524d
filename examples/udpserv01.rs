//! udpserv01: the UDP echo server (book Figure 8.3; C: c-examples/udpserv01.c).
//!
//! Usage: `udpserv01` — echoes datagrams on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::SERV_PORT;
use lnp::libc;
use lnp::{OrDie, SockAddr, echo, net, sock};

fn main() {
    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT))));
    sock::bind(&sockfd, servaddr).or_die("bind error");

    match echo::dg_echo(&sockfd) {
        Err(e) => Err(e).or_die("dg_echo error"),
    }
}
