//! udpcli01: the UDP echo client (book Figure 8.7; C: c-examples/udpcli01.c).
//!
//! Usage: `udpcli01 <IPaddress>` — sends each line of standard input to port
//! 9877 (`SERV_PORT`, or `$LNP_PORT`) and prints the reply.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, echo, net, sock, stdio};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: udpcli <IPaddress>");
    }
    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(SERV_PORT))));

    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    echo::dg_cli(std::io::stdin().lock(), &sockfd, servaddr, stdio::stdout()).or_die("dg_cli error");
}
