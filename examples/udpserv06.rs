//! udpserv06: the UDP server whose dg_echo only counts the datagrams it
//! receives; SIGINT prints the count and ends it (book section 8.8, Figure
//! 8.17; C: c-examples/udpserv06.c with dgecholoop1.c).
//!
//! SIGINT comes through a descriptor ([`Signals`]) polled next to the
//! socket, so the count is printed by ordinary code.
//!
//! Usage: `udpserv06` — receives on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsFd;

use lnp::consts::{MAXLINE, SERV_PORT};
use lnp::libc;
use lnp::signal::Signals;
use lnp::sock::PollFd;
use lnp::{OrDie, SockAddr, net, printf, sock};

/// Figure 8.17's dg_echo: count datagrams until SIGINT.
fn dg_echo(sockfd: impl AsFd) -> ! {
    let sockfd = sockfd.as_fd();
    let sigint = Signals::new(&[libc::SIGINT]).or_die("signal error");
    let mut mesg = vec![0u8; MAXLINE];
    let mut count = 0u64;
    loop {
        let mut fds = [PollFd::new(sockfd, libc::POLLIN), PollFd::new(sigint.as_fd(), libc::POLLIN)];
        match sock::poll(&mut fds, None) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(e).or_die("poll error"),
        }
        if fds[0].has(libc::POLLIN) {
            sock::recvfrom(sockfd, &mut mesg, 0).or_die("recvfrom error");
            count += 1;
        } else if fds[1].has(libc::POLLIN) && !sigint.pending().or_die("read error").is_empty() {
            printf!("\nreceived {count} datagrams\n");
            std::process::exit(0);
        }
    }
}

fn main() {
    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT))));
    sock::bind(&sockfd, servaddr).or_die("bind error");

    dg_echo(&sockfd);
}
