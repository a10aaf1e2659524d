//! tcpcli01: the TCP echo client (book Figure 5.4; C: c-examples/tcpcli01.c).
//!
//! Usage: `tcpcli01 <IPaddress>` — connects to port 9877 (`SERV_PORT`, or
//! `$LNP_PORT`), sends each line of standard input and prints the echo.

use std::net::{Ipv4Addr, SocketAddrV4};

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, echo, net, sock, stdio};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: tcpcli <IPaddress>");
    }
    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SocketAddrV4::new(ip, net::serv_port(SERV_PORT));
    sock::connect(&sockfd, servaddr).or_die("connect error");

    echo::str_cli(std::io::stdin().lock(), &sockfd, stdio::stdout()).or_die("str_cli"); // do it all
}
