//! tcpserv_thr: the TCP echo server with one thread per client instead of
//! one process (the original UNP's threads chapter, section 26.3; C:
//! c-examples/tcpserv_thr.c, with unpthread.h).
//!
//! Each connection moves into its own thread (`std::thread::spawn`, which
//! the C program's `Pthread_create` plus `Pthread_detach` amount to): nobody
//! joins it, and the descriptor is closed when the thread ends.
//!
//! Usage: `tcpserv_thr` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddrV4};

use lnp::consts::{LISTENQ, SERV_PORT};
use lnp::libc;
use lnp::{OrDie, echo, net, sock};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    loop {
        let (connfd, _cliaddr) = sock::accept(&listenfd).or_die("accept error");
        // doit: the thread owns connfd, serves the client, and closes it at its end.
        std::thread::Builder::new()
            .spawn(move || echo::str_echo(&connfd).or_die("str_echo: read error"))
            .or_die("pthread_create error");
    }
}
