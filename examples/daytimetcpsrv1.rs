//! daytimetcpsrv1: the daytime server that prints each client's address and
//! port (book section 4.5; C: c-examples/daytimetcpsrv1.c).
//!
//! Usage: `daytimetcpsrv1` — listens on port 13 (or `$LNP_PORT`); prints
//! `connection from <address>, port <port>` for every client.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::LISTENQ;
use lnp::libc;
use lnp::{OrDie, SockAddr, io, net, printf, sock, unix};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(13))));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    loop {
        let (connfd, cliaddr) = sock::accept(&listenfd).or_die("accept error");
        printf!("connection from {}, port {}\n", cliaddr.host(), cliaddr.port().unwrap_or(0));
        let buff = format!("{:.24}\r\n", unix::ctime());
        io::writen(&connfd, buff.as_bytes()).or_die("write error");
    }
}
