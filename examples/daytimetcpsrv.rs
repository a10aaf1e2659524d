//! daytimetcpsrv: a TCP daytime server (book Figure 1.4; C: c-examples/daytimetcpsrv.c).
//!
//! Usage: `daytimetcpsrv` — listens on port 13 (or `$LNP_PORT`) and sends
//! every client the time of day as `ctime` text, then closes the connection.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::LISTENQ;
use lnp::libc;
use lnp::{OrDie, SockAddr, io, net, sock, unix};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(13))));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    loop {
        let (connfd, _cliaddr) = sock::accept(&listenfd).or_die("accept error");
        let buff = format!("{:.24}\r\n", unix::ctime());
        io::writen(&connfd, buff.as_bytes()).or_die("write error");
        // `connfd` is closed here, at the end of its scope (the book's `Close(connfd)`).
    }
}
