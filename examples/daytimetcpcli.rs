//! daytimetcpcli: a TCP daytime client (book Figure 1.3; C: c-examples/daytimetcpcli.c).
//!
//! Usage: `daytimetcpcli <IPaddress>` — connects to port 13 (or `$LNP_PORT`)
//! and copies what the server sends to standard output.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::MAXLINE;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, net, sock, stdio};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: a.out <IP address>");
    }
    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(13)))); // daytime server

    sock::connect(&sockfd, servaddr).or_die("connect error");

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = sock::read(&sockfd, &mut recvline).or_die("read error");
        if n == 0 {
            break;
        }
        stdio::print_bytes(&recvline[..n]);
    }
}
