//! tcpcli09: the TCP client that sends two numbers as a binary structure
//! (book section 5.9's str_cli; C: c-examples/tcpcli09.c with
//! str_cli09.c and sum.h).
//!
//! Each input line should hold two integers: they go to tcpserv09 as sum.h's
//! `struct args` (two `long`s in the host's byte order) and the `struct
//! result` that comes back is printed. Other lines print "invalid input".
//!
//! Usage: `tcpcli09 <IPaddress>` — connects to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::BufRead;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::io::{readn, writen};
use lnp::libc;
use lnp::{OrDie, net, printf, sock, stdio};

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

/// Section 5.9's str_cli.
fn str_cli(mut input: impl BufRead, sockfd: impl AsFd) {
    let sockfd = sockfd.as_fd();
    let mut sendline = Vec::new();
    loop {
        sendline.clear();
        if input.read_until(b'\n', &mut sendline).or_die("fgets error") == 0 {
            return;
        }
        let Some((arg1, arg2)) = scan_long(&sendline).and_then(|(arg1, rest)| Some((arg1, scan_long(rest)?.0))) else {
            printf!("invalid input: ");
            stdio::print_bytes(&sendline);
            continue;
        };
        let mut args = arg1.to_ne_bytes().to_vec();
        args.extend_from_slice(&arg2.to_ne_bytes());
        writen(sockfd, &args).or_die("writen error");

        let mut result = [0u8; size_of::<i64>()];
        if readn(sockfd, &mut result).or_die("readn error") == 0 {
            err_quit("str_cli: server terminated prematurely");
        }
        printf!("{}\n", i64::from_ne_bytes(result));
    }
}

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
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
