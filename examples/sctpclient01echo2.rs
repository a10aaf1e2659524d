//! sctpclient01echo2: sctpclient01 whose echo-to-all mode sends two messages
//! on every stream before reading (book section 10.4; C:
//! c-examples/sctpclient01.c with sctp_strcli.c and sctp_strcliecho2.c).
//!
//! With the `echo` argument, each line goes out as `<line>.msg.<i> 1` and
//! `<line>.msg.<i> 2` on every stream `i`, then the 20 echoes are printed in
//! the order they arrive: head-of-line blocking is per stream only.
//!
//! Usage: `sctpclient01echo2 host [echo]` — lines of standard input are sent as
//! `[stream]text` to port 9877 (`SERV_PORT`, or `$LNP_PORT`); with a second
//! argument each line goes to every stream. Needs a kernel with SCTP.

use std::io::{BufRead, Read};
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsFd;

use lnp::consts::{SERV_MAX_SCTP_STRM, SERV_PORT};
use lnp::die::err_quit;
use lnp::libc;
use lnp::sctp_api::{self as sctp, SendOptions};
use lnp::{OrDie, SockAddr, net, printf, stdio};

/// The line buffer of sctp_strcliecho2.c, sent whole.
const SCTP_MAXLINE: usize = 800;

/// sctp_strcliecho2.c's `sctpstr_cli_echoall`: two messages per stream, then every echo.
fn str_cli_echoall(mut input: impl BufRead, sock_fd: impl AsFd, to: &SockAddr) {
    let sock_fd = sock_fd.as_fd();
    let streams = u16::try_from(SERV_MAX_SCTP_STRM).unwrap_or(0);
    let mut line = Vec::new();
    let mut recvline = [0u8; SCTP_MAXLINE];
    loop {
        line.clear();
        // fgets(sendline, SCTP_MAXLINE - 9, fp)
        let n = (&mut input).take(SCTP_MAXLINE as u64 - 10).read_until(b'\n', &mut line).or_die("fgets error");
        if n == 0 {
            return;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        for i in 0..streams {
            for part in [1, 2] {
                let mut sendline = line.clone();
                sendline.extend_from_slice(format!(".msg.{i} {part}").as_bytes());
                sendline.resize(SCTP_MAXLINE, 0); // the whole buffer, as sizeof(sendline)
                sctp::sendmsg(sock_fd, &sendline, Some(to), SendOptions::stream(i)).or_die("sctp_sendmsg error");
            }
        }
        for _ in 0..2 * streams {
            let msg = sctp::recvmsg(sock_fd, &mut recvline).or_die("sctp_recvmsg error");
            printf!(
                "From str:{} se:{} (assoc: 0x{:x}): ",
                msg.sinfo.sinfo_stream,
                msg.sinfo.sinfo_ssn,
                msg.sinfo.sinfo_assoc_id
            );
            let text = &recvline[..msg.len];
            let text = text.split(|&b| b == 0).next().unwrap_or_default(); // "%.*s"
            stdio::print_bytes(text);
            printf!("\n");
        }
    }
}

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
        str_cli_echoall(std::io::stdin().lock(), &sock_fd, &servaddr);
    } else {
        sctp::str_cli(&sock_fd, &servaddr);
    }
    // Dropping `sock_fd` closes it, which ends the association.
}
