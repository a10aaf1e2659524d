//! tcpserv08: tcpserv04 whose str_echo adds two numbers sent as text
//! (book section 5.9's str_echo, str_ech08.c; C: c-examples/tcpserv08.c with
//! str_echo08.c and sigchldwaitpid.c).
//!
//! Each line should hold two integers; the reply is their sum, or
//! "input error". Text works between any two hosts, whatever their byte
//! order or word size (compare tcpserv09).
//!
//! Usage: `tcpserv08` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;

use lnp::consts::{LISTENQ, SERV_PORT};
use lnp::io::{self, LineReader};
use lnp::libc;
use lnp::signal::Signals;
use lnp::sock::PollFd;
use lnp::unix::{self, Fork};
use lnp::{OrDie, net, printf, sock};

/// `sscanf`'s `%ld`: skip white space, an optional sign, decimal digits.
/// The value (saturated at the bounds of `i64`, as `strtol` does) and the rest.
fn scan_long(text: &[u8]) -> Option<(i64, &[u8])> {
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let text = &text[start..];
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return None;
    }
    let mut value: i64 = 0;
    for &d in &digits[..len] {
        let d = i64::from(d - b'0');
        value = if negative {
            value.saturating_mul(10).saturating_sub(d)
        } else {
            value.saturating_mul(10).saturating_add(d)
        };
    }
    Some((value, &digits[len..]))
}

/// Section 5.9's str_echo: a line of two numbers in, their sum out.
fn str_echo(sockfd: impl AsFd) {
    let sockfd = sockfd.as_fd();
    let mut lines = LineReader::new(sockfd);
    let mut line = Vec::new();
    loop {
        if lines.next_line(&mut line).or_die("readline error") == 0 {
            return; // connection closed by other end
        }
        let reply = match scan_long(&line).and_then(|(arg1, rest)| Some((arg1, scan_long(rest)?.0))) {
            Some((arg1, arg2)) => format!("{}\n", arg1.wrapping_add(arg2)),
            None => "input error\n".to_string(),
        };
        io::writen(sockfd, reply.as_bytes()).or_die("writen error");
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
