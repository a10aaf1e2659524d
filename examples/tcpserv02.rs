//! tcpserv02: the forking TCP echo server that catches SIGCHLD and calls
//! `wait` once per signal (book section 5.4's `sig_chld`;
//! C: c-examples/tcpserv02.c with sigchldwait.c).
//!
//! The signal comes through a descriptor ([`Signals`]) that the server polls
//! next to its listening socket, so `sig_chld` runs as ordinary code. As with
//! the C handler, one `wait` per signal: signals that arrive together are
//! merged and their children stay zombies (tcpserv03 shows it, tcpserv04 fixes it).
//!
//! Usage: `tcpserv02` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;

use lnp::consts::{LISTENQ, SERV_PORT};
use lnp::libc;
use lnp::signal::Signals;
use lnp::sock::PollFd;
use lnp::unix::{self, Fork};
use lnp::{OrDie, echo, net, printf, sock};

/// One `wait` for one SIGCHLD (`sigchldwait.c`).
fn sig_chld() {
    if let Some((pid, _stat)) = unix::waitpid(-1, 0).or_die("wait error") {
        printf!("child {pid} terminated\n");
    }
}

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    let sigchld = Signals::new(&[libc::SIGCHLD]).or_die("signal error");

    loop {
        let mut fds = [PollFd::new(listenfd.as_fd(), libc::POLLIN), PollFd::new(sigchld.as_fd(), libc::POLLIN)];
        match sock::poll(&mut fds, None) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue, // poll is never restarted
            Err(e) => Err(e).or_die("poll error"),
        }
        if fds[1].has(libc::POLLIN) && !sigchld.pending().or_die("read error").is_empty() {
            sig_chld();
        }
        if !fds[0].has(libc::POLLIN) {
            continue;
        }
        let (connfd, _cliaddr) = sock::accept(&listenfd).or_die("accept error");
        if unix::fork().or_die("fork error") == Fork::Child {
            drop(listenfd); // close listening socket
            drop(sigchld);
            echo::str_echo(&connfd).or_die("str_echo: read error"); // process the request
            std::process::exit(0);
        }
        drop(connfd); // parent closes connected socket
    }
}
