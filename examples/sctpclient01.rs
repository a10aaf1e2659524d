//! sctpclient01: the one-to-many SCTP echo client (book Figure 10.3; C:
//! c-examples/sctpclient01.c).
//!
//! Usage: `sctpclient01 host [echo]` — lines of standard input are sent as
//! `[stream]text` to port 9877 (`SERV_PORT`, or `$LNP_PORT`); with a second
//! argument each line goes to every stream. Needs a kernel with SCTP.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::sctp_api as sctp;
use lnp::{OrDie, SockAddr, net, printf};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        err_quit(&format!("Missing host argument - use '{} host [echo]'\n", args[0]));
    }
    let echo_to_all = args.len() > 2;
    if echo_to_all {
        printf!("Echoing messages to all streams\n");
    }
    let sock_fd = sctp::socket(libc::AF_INET, libc::SOCK_SEQPACKET).or_die("socket error");
    let ip: Ipv4Addr = args[1].parse().ok().or_quit(&format!("inet_pton error for {}", args[1]));
    let servaddr = SockAddr::from(SocketAddr::from((ip, net::serv_port(SERV_PORT))));
    sctp::subscribe_data_io_events(&sock_fd).or_die("setsockopt error");

    if echo_to_all {
        sctp::str_cli_echoall(&sock_fd, &servaddr);
    } else {
        sctp::str_cli(&sock_fd, &servaddr);
    }
    // Dropping `sock_fd` closes it, which ends the association.
}
