//! tcpserv01: the first TCP echo server, one child process per client
//! (book Figure 5.2; C: c-examples/tcpserv01.c). Its children stay zombies
//! until it exits: tcpserv04 adds the SIGCHLD handler.
//!
//! Usage: `tcpserv01` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::{LISTENQ, SERV_PORT};
use lnp::libc;
use lnp::unix::{self, Fork};
use lnp::{OrDie, SockAddr, echo, net, sock};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT))));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    loop {
        let (connfd, _cliaddr) = sock::accept(&listenfd).or_die("accept error");
        if unix::fork().or_die("fork error") == Fork::Child {
            drop(listenfd); // close listening socket
            echo::str_echo(&connfd).or_die("str_echo: read error"); // process the request
            std::process::exit(0);
        }
        drop(connfd); // parent closes connected socket
    }
}
