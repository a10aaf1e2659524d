//! checkopts: print the default value of every socket option in a table
//! (book section 7.2, Figures 7.3 to 7.5; C: c-examples/checkopts.c).
//!
//! Each option gets a new socket of the right kind: IPv4 TCP for the
//! `SOL_SOCKET`, `IPPROTO_IP` and `IPPROTO_TCP` levels, IPv6 TCP for
//! `IPPROTO_IPV6`, a one-to-many SCTP socket for `IPPROTO_SCTP`. A failing
//! `getsockopt` is reported and the table goes on; on a kernel without SCTP
//! the first SCTP entry ends the program with "socket error: Socket type not
//! supported", as the book's code does. Linux has no `SCTP_MAXBURST` (it
//! spells it `SCTP_MAX_BURST`), so that entry prints "(undefined)".
//!
//! Usage: `checkopts`

use std::os::fd::OwnedFd;

use lnp::libc::{self, c_int};
use lnp::sctp::kernel;
use lnp::{OrDie, die, printf, sock};

/// How an option's value is printed (Figure 7.3's `opt_val_str` functions).
#[derive(Clone, Copy)]
enum Kind {
    Flag,
    Int,
    Linger,
    Timeval,
}

/// One entry of the table: name, level, option, kind (`None`: not defined here).
type SockOpt = (&'static str, c_int, c_int, Option<Kind>);

/// An SCTP option number of `<netinet/sctp.h>` as `getsockopt` takes it.
fn sctp_opt(opt: u32) -> c_int {
    c_int::try_from(opt).unwrap_or(c_int::MAX)
}

fn table() -> Vec<SockOpt> {
    use Kind::{Flag, Int, Linger, Timeval};
    let (sol, ip, ip6, tcp, sctp) =
        (libc::SOL_SOCKET, libc::IPPROTO_IP, libc::IPPROTO_IPV6, libc::IPPROTO_TCP, libc::IPPROTO_SCTP);
    vec![
        ("SO_BROADCAST", sol, libc::SO_BROADCAST, Some(Flag)),
        ("SO_DEBUG", sol, libc::SO_DEBUG, Some(Flag)),
        ("SO_DONTROUTE", sol, libc::SO_DONTROUTE, Some(Flag)),
        ("SO_ERROR", sol, libc::SO_ERROR, Some(Int)),
        ("SO_KEEPALIVE", sol, libc::SO_KEEPALIVE, Some(Flag)),
        ("SO_LINGER", sol, libc::SO_LINGER, Some(Linger)),
        ("SO_OOBINLINE", sol, libc::SO_OOBINLINE, Some(Flag)),
        ("SO_RCVBUF", sol, libc::SO_RCVBUF, Some(Int)),
        ("SO_SNDBUF", sol, libc::SO_SNDBUF, Some(Int)),
        ("SO_RCVLOWAT", sol, libc::SO_RCVLOWAT, Some(Int)),
        ("SO_SNDLOWAT", sol, libc::SO_SNDLOWAT, Some(Int)),
        ("SO_RCVTIMEO", sol, libc::SO_RCVTIMEO, Some(Timeval)),
        ("SO_SNDTIMEO", sol, libc::SO_SNDTIMEO, Some(Timeval)),
        ("SO_REUSEADDR", sol, libc::SO_REUSEADDR, Some(Flag)),
        ("SO_REUSEPORT", sol, libc::SO_REUSEPORT, Some(Flag)),
        ("SO_TYPE", sol, libc::SO_TYPE, Some(Int)),
        ("IP_TOS", ip, libc::IP_TOS, Some(Int)),
        ("IP_TTL", ip, libc::IP_TTL, Some(Int)),
        ("IPV6_DONTFRAG", ip6, libc::IPV6_DONTFRAG, Some(Flag)),
        ("IPV6_UNICAST_HOPS", ip6, libc::IPV6_UNICAST_HOPS, Some(Int)),
        ("IPV6_V6ONLY", ip6, libc::IPV6_V6ONLY, Some(Flag)),
        ("TCP_MAXSEG", tcp, libc::TCP_MAXSEG, Some(Int)),
        ("TCP_NODELAY", tcp, libc::TCP_NODELAY, Some(Flag)),
        ("SCTP_AUTOCLOSE", sctp, sctp_opt(kernel::SCTP_AUTOCLOSE), Some(Int)),
        ("SCTP_MAXBURST", 0, 0, None),
        ("SCTP_MAXSEG", sctp, sctp_opt(kernel::SCTP_MAXSEG), Some(Int)),
        ("SCTP_NODELAY", sctp, sctp_opt(kernel::SCTP_NODELAY), Some(Flag)),
    ]
}

/// A socket of the kind that has options of `level`.
fn socket_for(level: c_int) -> OwnedFd {
    let (family, r#type, protocol) = match level {
        libc::SOL_SOCKET | libc::IPPROTO_IP | libc::IPPROTO_TCP => (libc::AF_INET, libc::SOCK_STREAM, 0),
        libc::IPPROTO_IPV6 => (libc::AF_INET6, libc::SOCK_STREAM, 0),
        libc::IPPROTO_SCTP => (libc::AF_INET, libc::SOCK_SEQPACKET, libc::IPPROTO_SCTP),
        _ => die::err_quit(&format!("Can't create fd for level {level}\n")),
    };
    sock::socket(family, r#type, protocol).or_die("socket error")
}

/// The option's value as Figures 7.3 and 7.5 print it.
fn value_text(fd: &OwnedFd, level: c_int, opt: c_int, kind: Kind) -> std::io::Result<String> {
    Ok(match kind {
        Kind::Flag => if sock::getsockopt_int(fd, level, opt)? == 0 { "off" } else { "on" }.to_string(),
        Kind::Int => sock::getsockopt_int(fd, level, opt)?.to_string(),
        Kind::Linger => {
            let l = sock::getsockopt_linger(fd, level, opt)?;
            format!("l_onoff = {}, l_linger = {}", l.l_onoff, l.l_linger)
        }
        Kind::Timeval => {
            let tv = sock::getsockopt_timeval(fd, level, opt)?;
            format!("{} sec, {} usec", tv.tv_sec, tv.tv_usec)
        }
    })
}

fn main() {
    for (name, level, opt, kind) in table() {
        printf!("{name}: ");
        let Some(kind) = kind else {
            printf!("(undefined)\n");
            continue;
        };
        let fd = socket_for(level);
        match value_text(&fd, level, opt, kind) {
            Ok(text) => printf!("default = {text}\n"),
            Err(e) => die::report(&e, "getsockopt error"),
        }
    }
}
