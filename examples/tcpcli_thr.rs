//! tcpcli_thr: the TCP echo client with a second thread for standard input
//! (the original UNP's threads chapter, section 26.2's str_cli; C:
//! c-examples/tcpcli_thr.c, with unpthread.h).
//!
//! The copyto thread sends the lines of standard input and half-closes the
//! connection at EOF; the main thread prints what the server echoes until
//! the server closes. Batch input needs no `select` and loses nothing.
//!
//! Usage: `tcpcli_thr <IPaddress>` — connects to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::BufRead;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::io::{LineReader, writen};
use lnp::libc;
use lnp::{OrDie, net, sock, stdio};

/// The copyto thread: standard input to the socket, then a FIN.
fn copyto(sockfd: &OwnedFd) {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    loop {
        sendline.clear();
        if input.read_until(b'\n', &mut sendline).or_die("fgets error") == 0 {
            break;
        }
        writen(sockfd, &sendline).or_die("writen error");
    }
    sock::shutdown(sockfd, libc::SHUT_WR).or_die("shutdown error"); // EOF on stdin, send FIN
}

/// str_cli with threads: copyto sends, this thread prints the echoes.
fn str_cli_thr(sockfd: OwnedFd) {
    let sockfd = Arc::new(sockfd);
    let sender = Arc::clone(&sockfd);
    let tid = std::thread::Builder::new().spawn(move || copyto(&sender)).or_die("pthread_create error");

    let mut replies = LineReader::new(sockfd.as_fd());
    let mut recvline = Vec::new();
    while replies.next_line(&mut recvline).or_die("readline error") > 0 {
        stdio::print_bytes(&recvline);
    }
    if tid.join().is_err() {
        err_quit("pthread_join error");
    }
}

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        err_quit("usage: tcpcli_thr <IPaddress>");
    }
    let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SocketAddrV4::new(ip, net::serv_port(SERV_PORT));
    sock::connect(&fd, servaddr).or_die("connect error");

    str_cli_thr(fd);
}
