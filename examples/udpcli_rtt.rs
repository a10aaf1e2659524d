//! udpcli_rtt: the UDP echo client with timeout and retransmission (C:
//! c-examples/udpcli_rtt.c and dg_send_recv.c, after the original UNP's
//! section 22.5), with `lnp::rtt::Rtt`.
//!
//! Usage: `udpcli_rtt [-d] [-p port] [-t tick_ms] <IPaddress>`, as the C
//! program: each line of standard input goes out behind a sequence number and
//! a timestamp; the reply to the current sequence number ends the wait; a
//! timeout retransmits, until `Rtt::timeout` says to give up. `-d` prints
//! the estimator after each reply and each timeout on stderr; `-t` sets how
//! many milliseconds one RTO second lasts (tests scale the run down).

use std::io::{BufRead, ErrorKind};
use std::net::{Ipv4Addr, UdpSocket};
use std::time::Duration;

use lnp::consts::SERV_PORT;
use lnp::die::{err_msg, err_quit};
use lnp::rtt::{Rtt, Timeout};
use lnp::{OrDie, stdio};

const USAGE: &str = "usage: udpcli_rtt [-d] [-p port] [-t tick_ms] <IPaddress>";

fn debug(rtt: &Rtt) {
    stdio::eprint(&format!(
        "rtt = {:.3}, srtt = {:.3}, rttvar = {:.3}, rto = {:.3}\n",
        f64::from(rtt.rtt()),
        f64::from(rtt.srtt()),
        f64::from(rtt.rttvar()),
        f64::from(rtt.rto())
    ));
}

fn main() {
    let (mut verbose, mut port, mut tick_ms, mut host) = (false, SERV_PORT, 1000u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-d" => verbose = true,
            "-p" => port = args.next().and_then(|p| p.parse().ok()).unwrap_or_else(|| err_quit(USAGE)),
            "-t" => {
                tick_ms = args.next().and_then(|t| t.parse().ok()).filter(|&t| t > 0).unwrap_or_else(|| err_quit(USAGE))
            }
            _ if host.is_none() && !arg.starts_with('-') => host = Some(arg),
            _ => err_quit(USAGE),
        }
    }
    let host = host.unwrap_or_else(|| err_quit(USAGE));
    let ip: Ipv4Addr = host.parse().ok().or_quit(&format!("inet_pton error for {host}"));
    let sock = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).or_die("socket error");
    sock.connect((ip, port)).or_die("connect error");

    let mut rtt = Rtt::new();
    let (mut seq, mut retransmissions) = (0u32, 0u64);
    for line in std::io::stdin().lock().lines() {
        let line = line.or_die("fgets error") + "\n";
        seq = seq.wrapping_add(1);
        rtt.newpack();
        let reply = 'send: loop {
            let mut request = Vec::with_capacity(8 + line.len());
            request.extend_from_slice(&seq.to_ne_bytes());
            request.extend_from_slice(&rtt.ts().to_ne_bytes());
            request.extend_from_slice(line.as_bytes());
            sock.send(&request).or_die("sendmsg error");
            let deadline = std::time::Instant::now() + Duration::from_millis(rtt.start() as u64 * tick_ms);
            let mut buf = [0u8; 4096];
            loop {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    break;
                }
                sock.set_read_timeout(Some(left)).or_die("setsockopt error");
                match sock.recv(&mut buf) {
                    Ok(n) if n >= 8 && buf[..4] == seq.to_ne_bytes() => {
                        let sent = u32::from_ne_bytes([buf[4], buf[5], buf[6], buf[7]]);
                        rtt.stop(rtt.ts().wrapping_sub(sent));
                        if verbose {
                            debug(&rtt);
                        }
                        break 'send buf[8..n].to_vec();
                    }
                    Ok(_) => {} // a late reply to an earlier request
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => break,
                    Err(e) => Err::<(), _>(e).or_die("recvmsg error"),
                }
            }
            if rtt.timeout() == Timeout::GiveUp {
                err_msg("dg_send_recv: no response from server, giving up");
                Err::<(), _>(std::io::Error::from_raw_os_error(libc::ETIMEDOUT)).or_die("dg_send_recv error");
            }
            retransmissions += 1;
            if verbose {
                stdio::eprint(&format!("timeout, retransmission {} of seq {seq}\n", rtt.nrexmt()));
                debug(&rtt);
            }
        };
        stdio::print_bytes(&reply);
    }
    if verbose {
        stdio::eprint(&format!("{retransmissions} retransmissions\n"));
    }
}
