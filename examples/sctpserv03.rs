//! sctpserv03: sctpserv01 that ends each association after its reply (book
//! section 10.6; C: c-examples/sctpserv03.c).
//!
//! Every reply is sent with `MSG_EOF` (`SCTP_EOF`) added to the received
//! flags: the association shuts down gracefully once the reply is delivered.
//!
//! Usage: `sctpserv03 [0]` — listens on port 9877 (`SERV_PORT`, or
//! `$LNP_PORT`); the argument `0` echoes on the same stream instead.
//! Needs a kernel with SCTP.

use std::net::{Ipv4Addr, SocketAddr};

use lnp::consts::{BUFFSIZE, LISTENQ, SERV_PORT};
use lnp::libc;
use lnp::sctp::kernel;
use lnp::sctp_api::{self as sctp, SendOptions};
use lnp::{OrDie, SockAddr, net, sock};

fn main() {
    let stream_increment = std::env::args().nth(1).is_none_or(|arg| arg.parse::<i32>().unwrap_or(0) != 0);

    let sock_fd = sctp::socket(libc::AF_INET, libc::SOCK_SEQPACKET).or_die("socket error");
    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT))));
    sock::bind(&sock_fd, servaddr).or_die("bind error");
    sctp::subscribe_data_io_events(&sock_fd).or_die("setsockopt error");
    sock::listen(&sock_fd, LISTENQ).or_die("listen error");

    let mut readbuf = [0u8; BUFFSIZE];
    loop {
        let msg = sctp::recvmsg(&sock_fd, &mut readbuf).or_die("sctp_recvmsg error");
        let mut stream = msg.sinfo.sinfo_stream;
        if stream_increment {
            stream += 1;
            if stream >= sctp::get_no_strms(&sock_fd, &msg.from) {
                stream = 0;
            }
        }
        let opts = SendOptions {
            ppid: msg.sinfo.sinfo_ppid,
            flags: u32::from(msg.sinfo.sinfo_flags) | kernel::SCTP_EOF, // MSG_EOF
            stream,
            ..SendOptions::default()
        };
        sctp::sendmsg(&sock_fd, &readbuf[..msg.len], Some(&msg.from), opts).or_die("sctp_sendmsg error");
    }
}
