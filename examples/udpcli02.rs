//! udpcli02: the UDP client of the standard echo service, port 7, with the
//! dg_cli that checks where each reply comes from (book section 8.4, the
//! fragment with `htons(7)` and Figure 8.9; C: c-examples/udpcli02.c with dgcliaddr.c).
//!
//! A reply whose sender differs from the address the request went to is
//! reported as `reply from <addr> (ignored)` and not printed: a multihomed
//! server may answer from another address than the one it was sent to.
//!
//! Usage: `udpcli02 <IPaddress>` — sends to port 7 (the echo service).

use std::io::BufRead;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsFd;

use lnp::consts::MAXLINE;
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, printf, sock, stdio};

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
    let servaddr = SockAddr::from(SocketAddr::from((ip, 7)));

    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).or_die("socket error");

    dg_cli(std::io::stdin().lock(), &sockfd, servaddr);
}
