//! udpcli04: the UDP echo client on a connected socket (book Figure 8.15,
//! `dgcliconnect.c`; C: c-examples/udpcli04.c + dgcliconnect.c). With no
//! server, the ICMP port unreachable comes back as `read error: Connection refused`.
//!
//! Usage: `udpcli04 <IPaddress>` — port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::BufRead;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsFd;

use lnp::consts::{MAXLINE, SERV_PORT};
use lnp::die::err_quit;
use lnp::libc;
use lnp::{OrDie, SockAddr, io, net, sock, stdio};

/// `dg_cli` on a connected socket: `write` and `read` instead of `sendto` and `recvfrom`.
fn dg_cli(sockfd: impl AsFd, servaddr: &SockAddr) {
    sock::connect(&sockfd, servaddr).or_die("connect error");
    let mut stdin = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    while stdin.read_until(b'\n', &mut sendline).or_die("fgets error") > 0 {
        io::writen(&sockfd, &sendline).or_die("write error");
        let n = sock::read(&sockfd, &mut recvline).or_die("read error");
        stdio::print_bytes(&recvline[..n]);
        sendline.clear();
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

    dg_cli(&sockfd, &servaddr);
}
