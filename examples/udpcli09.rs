//! udpcli09: connect a UDP socket and print the local address the kernel
//! chose for it (book Figure 8.19; C: c-examples/udpcli09.c). Nothing is sent.
//!
//! Usage: `udpcli09 <IPaddress>` — port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, addr, net, printf, sock};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: udpcli <IPaddress>");
    }
    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(SERV_PORT))));
    sock::connect(&sockfd, servaddr).or_die("connect error");

    let cliaddr = addr::local_addr(&sockfd).or_die("getsockname error");
    printf!("local address {cliaddr}\n");
}
