//! tcpcli04: the TCP echo client that opens five connections to the server
//! and uses only the first; at its exit the five server children terminate
//! at once (book Figure 5.9; C: c-examples/tcpcli04.c).
//!
//! Usage: `tcpcli04 <IPaddress>` — port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, echo, net, sock, stdio};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: tcpcli <IPaddress>");
    }
    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(SERV_PORT))));

    let sockfd: Vec<_> = (0..5)
        .map(|_| {
            let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");
            sock::connect(&fd, servaddr).or_die("connect error");
            fd
        })
        .collect();

    echo::str_cli(std::io::stdin().lock(), &sockfd[0], stdio::stdout()).or_die("str_cli"); // do it all
    // All five descriptors are closed when the process exits.
}
