//! tcpserv03: tcpserv02 with a raw `accept` that goes back to the top of the
//! loop when a signal interrupts it (book section 5.4; C:
//! c-examples/tcpserv03.c with sigchldwait.c).
//!
//! With tcpcli04's five connections ending at once it shows the lost-signal
//! problem: one `wait` per SIGCHLD, so the children whose signals were merged
//! stay `<defunct>`. How many varies from run to run, as in C.
//!
//! Usage: `tcpserv03` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

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
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(e).or_die("poll error"),
        }
        if fds[1].has(libc::POLLIN) && !sigchld.pending().or_die("read error").is_empty() {
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
            drop(sigchld);
            echo::str_echo(&connfd).or_die("str_echo: read error"); // process the request
            std::process::exit(0);
        }
        drop(connfd); // parent closes connected socket
    }
}
