//! tcpcli11: the TCP echo client whose str_cli writes each line in two
//! pieces a second apart (book section 5.6's str_cli; C: c-examples/tcpcli11.c
//! with str_cli11.c).
//!
//! Against a server child that was killed, the first piece draws an RST and
//! writing the second raises SIGPIPE, which ends the client (status 141 in
//! the shell). Rust's runtime ignores SIGPIPE before `main`; the program
//! gives it its default action back first, as a C program has it.
//!
//! Usage: `tcpcli11 <IPaddress>` — connects to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::BufRead;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;
use std::time::Duration;

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::io::{LineReader, writen};
use lnp::libc;
use lnp::{OrDie, net, signal, sock, stdio};

/// Section 5.6's str_cli: one byte, a second's sleep, then the rest of the line.
fn str_cli(mut input: impl BufRead, sockfd: impl AsFd) {
    let sockfd = sockfd.as_fd();
    let mut replies = LineReader::new(sockfd);
    let (mut sendline, mut recvline) = (Vec::new(), Vec::new());
    loop {
        sendline.clear();
        if input.read_until(b'\n', &mut sendline).or_die("fgets error") == 0 {
            return;
        }
        writen(sockfd, &sendline[..1]).or_die("writen error");
        std::thread::sleep(Duration::from_secs(1));
        writen(sockfd, &sendline[1..]).or_die("writen error");
        if replies.next_line(&mut recvline).or_die("readline error") == 0 {
            err_quit("str_cli: server terminated prematurely");
        }
        stdio::print_bytes(&recvline);
    }
}

fn main() {
    signal::default(libc::SIGPIPE).or_die("signal error");
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: tcpcli <IPaddress>");
    }
    let sockfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SocketAddrV4::new(ip, net::serv_port(SERV_PORT));
    sock::connect(&sockfd, servaddr).or_die("connect error");

    str_cli(std::io::stdin().lock(), &sockfd); // do it all
}
