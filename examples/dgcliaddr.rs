//! dgcliaddr: the UDP echo client whose dg_cli checks where each reply comes
//! from (book section 8.4, Figure 8.9; C: c-examples/dgcliaddr.c with udpcli01.c).
//!
//! A reply whose sender differs from the address the request went to is
//! reported as `reply from <addr> (ignored)` and not printed: a multihomed
//! server may answer from another address than the one it was sent to.
//!
//! Usage: `dgcliaddr <IPaddress>` — sends to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::BufRead;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsFd;

use lnp::consts::{MAXLINE, SERV_PORT};
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, net, printf, sock, stdio};

/// Figure 8.9's dg_cli: replies from any other address are ignored.
fn dg_cli(mut input: impl BufRead, sockfd: impl AsFd, servaddr: SockAddr) {
    let sockfd = sockfd.as_fd();
    let (mut sendline, mut recvline) = (Vec::new(), vec![0u8; MAXLINE]);
    loop {
        sendline.clear();
        if input.read_until(b'\n', &mut sendline).or_die("fgets error") == 0 {
            return;
        }
        sock::sendto(sockfd, &sendline, 0, servaddr).or_die("sendto error");
        let (n, reply_addr) = sock::recvfrom(sockfd, &mut recvline, 0).or_die("recvfrom error");
        if reply_addr != servaddr {
            printf!("reply from {reply_addr} (ignored)\n");
            continue;
        }
        stdio::print_bytes(&recvline[..n]);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: udpcli <IPaddress>");
    }
    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(SERV_PORT))));

    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    dg_cli(std::io::stdin().lock(), &sockfd, servaddr);
}
