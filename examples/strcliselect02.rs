//! strcliselect02: the TCP echo client that reads raw blocks under `select`
//! and half-closes the connection at the end of its input (book section 6.5;
//! C: c-examples/strcliselect02.c with tcpcli01.c).
//!
//! At EOF on standard input it sends a FIN with `shutdown(SHUT_WR)` and keeps
//! reading until the server's FIN: with batch input every echo comes back.
//!
//! Usage: `strcliselect02 <IPaddress>` — connects to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;

use lnp::consts::{MAXLINE, SERV_PORT};
use lnp::die::err_quit;
use lnp::io::writen;
use lnp::libc;
use lnp::sock::FdSet;
use lnp::{OrDie, net, sock};

/// Section 6.5's str_cli.
fn str_cli(sockfd: impl AsFd) {
    let sockfd = sockfd.as_fd();
    let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
    let mut stdineof = false;
    let mut buf = vec![0u8; MAXLINE];
    loop {
        let mut rset = FdSet::new();
        if !stdineof {
            rset.insert(stdin.as_fd()).or_die("select error");
        }
        rset.insert(sockfd).or_die("select error");
        match sock::select(Some(&mut rset), None, None, None) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(e).or_die("select error"),
        }
        if rset.contains(sockfd) {
            // socket is readable
            let n = sock::read(sockfd, &mut buf).or_die("read error");
            if n == 0 {
                if stdineof {
                    return; // normal termination
                }
                err_quit("str_cli: server terminated prematurely");
            }
            writen(stdout.as_fd(), &buf[..n]).or_die("write error");
        }
        if rset.contains(stdin.as_fd()) {
            // input is readable
            let n = sock::read(stdin.as_fd(), &mut buf).or_die("read error");
            if n == 0 {
                stdineof = true;
                sock::shutdown(sockfd, libc::SHUT_WR).or_die("shutdown error"); // send FIN
                continue;
            }
            writen(sockfd, &buf[..n]).or_die("write error");
        }
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

    str_cli(&sockfd); // do it all
}
