//! tcpserv04: the TCP echo server that forks a child per client and reaps
//! the children in a SIGCHLD handler (book Figure 5.12; C: c-examples/tcpserv04.c).
//!
//! Usage: `tcpserv04` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::{LISTENQ, SERV_PORT};
use lnp::signal::{self, Handler};
use lnp::unix::{self, Fork};
use lnp::{OrDie, SockAddr, echo, net, printf, sock};

/// Reap every child that has terminated (`sigchldwaitpid.c`).
extern "C" fn sig_chld(_signo: libc::c_int) {
    while let Ok(Some((pid, _stat))) = unix::waitpid(-1, libc::WNOHANG) {
        printf!("child {pid} terminated\n");
    }
}

fn main() {
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT))));
    sock::bind(&listenfd, &servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    signal::signal(libc::SIGCHLD, Handler::Catch(sig_chld)).or_die("signal error"); // must call waitpid()

    loop {
        let connfd = match sock::accept(&listenfd) {
            Ok((connfd, _cliaddr)) => connfd,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue, // back to the loop
            Err(e) => Err(e).or_die("accept error"),
        };
        // SAFETY: this program has a single thread.
        if unsafe { unix::fork() }.or_die("fork error") == Fork::Child {
            drop(listenfd); // close listening socket
            echo::str_echo(&connfd); // process the request
            std::process::exit(0);
        }
        drop(connfd); // parent closes connected socket
    }
}
