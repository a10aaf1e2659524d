//! sctpclient02: sctpclient01 that aborts the association at the end (book
//! section 10.6; C: c-examples/sctpclient02.c with sctp_strcli.c and
//! sctp_strcliecho.c).
//!
//! After its input it sends "goodbye" with `MSG_ABORT` (`SCTP_ABORT`): the
//! association is reset at once, the message going to the server as the
//! abort's reason.
//!
//! Usage: `sctpclient02 host [echo]` — lines of standard input are sent as
//! `[stream]text` to port 9877 (`SERV_PORT`, or `$LNP_PORT`); with a second
//! argument each line goes to every stream. Needs a kernel with SCTP.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::SERV_PORT;
use lnp::die::err_quit;
use lnp::libc;
use lnp::sctp::kernel;
use lnp::sctp_api::{self as sctp, SendOptions};
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
    let opts = SendOptions { flags: kernel::SCTP_ABORT, ..SendOptions::default() }; // MSG_ABORT
    sctp::sendmsg(&sock_fd, b"goodbye", Some(&servaddr), opts).or_die("sctp_sendmsg error");
}
