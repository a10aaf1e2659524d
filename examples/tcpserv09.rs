//! tcpserv09: tcpserv04 whose str_echo adds two numbers sent as binary
//! structures (book section 5.9's str_echo, str_ech09.c; C:
//! c-examples/tcpserv09.c with str_echo09.c and sigchldwaitpid.c).
//!
//! A request is `struct args { long arg1, arg2; }` and the reply `struct
//! result { long sum; }` (sum.h), in the host's byte order and size: it works
//! only between hosts that agree on both, the lesson of section 5.9.
//!
//! Usage: `tcpserv09` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;

use lnp::consts::{LISTENQ, SERV_PORT};
use lnp::libc;
use lnp::signal::Signals;
use lnp::sock::PollFd;
use lnp::unix::{self, Fork};
use lnp::{OrDie, io, net, printf, sock};

/// sum.h's `struct args`: two `long`s in the host's byte order.
const ARGS_SIZE: usize = 2 * size_of::<i64>();

/// Section 5.9's str_echo: `struct args` in, `struct result` out.
fn str_echo(sockfd: impl AsFd) {
    let sockfd = sockfd.as_fd();
    let mut args = [0u8; ARGS_SIZE];
    loop {
        if io::readn(sockfd, &mut args).or_die("readn error") == 0 {
            return; // connection closed by other end
        }
        let (arg1, arg2) = args.split_at(size_of::<i64>());
        let arg1 = i64::from_ne_bytes(arg1.try_into().unwrap_or_default());
        let arg2 = i64::from_ne_bytes(arg2.try_into().unwrap_or_default());
        let result = arg1.wrapping_add(arg2);
        io::writen(sockfd, &result.to_ne_bytes()).or_die("writen error");
    }
}

/// Reap every child that has terminated (`sigchldwaitpid.c`).
fn sig_chld() {
    for (pid, _stat) in unix::reap_children().or_die("waitpid error") {
        printf!("child {pid} terminated\n");
    }
}

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    let sigchld = Signals::new(&[libc::SIGCHLD]).or_die("signal error"); // must call waitpid()

    loop {
        let mut fds = [PollFd::new(listenfd.as_fd(), libc::POLLIN), PollFd::new(sigchld.as_fd(), libc::POLLIN)];
        match sock::poll(&mut fds, None) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(e).or_die("poll error"),
        }
        if fds[1].has(libc::POLLIN) {
            sigchld.pending().or_die("read error");
            sig_chld();
        }
        if !fds[0].has(libc::POLLIN) {
            continue;
        }
        let connfd = match sock::accept(&listenfd) {
            Ok((connfd, _cliaddr)) => connfd,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue, // back to the loop
            Err(e) => Err(e).or_die("accept error"),
        };
        if unix::fork().or_die("fork error") == Fork::Child {
            drop(listenfd); // close listening socket
            drop(sigchld); // the child's SIGCHLD is its own business
            str_echo(&connfd); // process the request
            std::process::exit(0);
        }
        drop(connfd); // parent closes connected socket
    }
}
