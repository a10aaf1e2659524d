//! strcliselect01: the TCP echo client whose str_cli waits in `select` for
//! standard input and the socket at once (book section 6.3; C:
//! c-examples/strcliselect01.c with tcpcli01.c).
//!
//! It sees the server's FIN as soon as it comes, even while no input is
//! typed. With batch input it returns at the end of its input and loses the
//! echoes still on their way, and like the C version it selects on the
//! descriptors under buffered readers (stdin's and the socket's): section 6.5
//! explains both problems, strcliselect02 fixes them.
//!
//! Usage: `strcliselect01 <IPaddress>` — connects to port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::io::{BufRead, ErrorKind};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsFd;

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::io::LineReader;
use lnp::libc;
use lnp::sock::FdSet;
use lnp::{OrDie, net, sock, stdio};

/// Section 6.3's str_cli.
fn str_cli(sockfd: impl AsFd) {
    let sockfd = sockfd.as_fd();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut replies = LineReader::new(sockfd);
    let (mut sendline, mut recvline) = (Vec::new(), Vec::new());
    loop {
        let mut rset = FdSet::new();
        rset.insert(stdin.as_fd()).or_die("select error");
        rset.insert(sockfd).or_die("select error");
        match sock::select(Some(&mut rset), None, None, None) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(e).or_die("select error"),
        }
        if rset.contains(sockfd) {
            // socket is readable
            if replies.next_line(&mut recvline).or_die("readline error") == 0 {
                err_quit("str_cli: server terminated prematurely");
            }
            stdio::print_bytes(&recvline);
        }
        if rset.contains(stdin.as_fd()) {
            // input is readable
            sendline.clear();
            if input.read_until(b'\n', &mut sendline).or_die("fgets error") == 0 {
                return; // all done
            }
            sock::write(sockfd, &sendline).or_die("write error");
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
