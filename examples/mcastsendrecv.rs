//! mcastsendrecv: send to and receive from one multicast group, the way the
//! original UNP's multicast chapter (section 21.10, mcast/sendrecv) uses the
//! library's helpers (C: c-examples/mcastsendrecv.c, lnp's own program).
//!
//! A child process sends `count` datagrams `"<ifname> #<n>"` to the group,
//! one every 200 ms after a one-second head start, with multicast loopback
//! off so that a host does not hear itself. The parent joins the group on
//! `ifname` and prints each datagram it receives from the others,
//! `from <sender> to <group> via <ifname>: <text>`, and stops after `count`
//! of them. IPv6 destinations are printed as `?`, as in C (the packet
//! information has room for an IPv4 address only). Where the C program sets
//! `alarm(10)` so as never to hang, this one gives its receiving socket a
//! 10-second receive timeout.
//!
//! Usage: `mcastsendrecv <group> <port#> <ifname> <count>`

use std::os::fd::{AsFd, OwnedFd};
use std::time::Duration;

use lnp::consts::MAXLINE;
use lnp::die::err_quit;
use lnp::mcast::{self, Interface};
use lnp::unix::{self, Fork};
use lnp::{OrDie, SockAddr, advio, ifi, libc, net, printf, sock, stdio};

/// The child: `count` datagrams to the group, then exit.
fn send_all(sendfd: &OwnedFd, sadest: &SockAddr, ifname: &str, count: u32) -> ! {
    std::thread::sleep(Duration::from_secs(1));
    for i in 1..=count {
        let line = format!("{ifname} #{i}");
        sock::sendto(sendfd, line.as_bytes(), 0, sadest).or_die("sendto error");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::process::exit(0);
}

/// The parent: print `count` datagrams with where they came from and arrived.
fn recv_all(recvfd: &OwnedFd, count: u32) {
    let mut line = vec![0u8; MAXLINE];
    for _ in 0..count {
        let got = advio::recvfrom_flags(recvfd, &mut line, 0).or_die("recvfrom_flags error");
        let pkt = got.pktinfo.unwrap_or(advio::PktInfo { dst: std::net::Ipv4Addr::UNSPECIFIED, ifindex: 0 });
        let to = if pkt.dst.is_unspecified() { "?".to_string() } else { pkt.dst.to_string() };
        let via = ifi::name_of(pkt.ifindex).or_die("if_indextoname error");
        printf!("from {} to {to} via {via}: ", got.from.host());
        stdio::print_bytes(&line[..got.len]);
        printf!("\n");
        stdio::flush();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        err_quit("usage: mcastsendrecv <group> <port#> <ifname> <count>");
    }
    let (group, port, ifname) = (&args[1], &args[2], &args[3]);
    let count: u32 = args[4].trim().parse().unwrap_or(0); // atoi

    // the sending socket: the group's address, our interface, no loopback
    let (sendfd, sasend) = net::udp_client(group, port).or_die("udp_client error");
    mcast::set_if(&sendfd, Interface::Name(ifname)).or_die("mcast_set_if error");
    mcast::set_loop(&sendfd, false).or_die("mcast_set_loop error");
    mcast::set_ttl(&sendfd, 1).or_die("mcast_set_ttl error");

    // the receiving socket: bound to the group and port, joined on ifname
    let family = sock::family(&sendfd).or_die("sockfd_to_family error");
    let recvfd = sock::socket(family, libc::SOCK_DGRAM, 0).or_die("socket error");
    sock::setsockopt_int(&recvfd, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1).or_die("setsockopt error");
    sock::bind(&recvfd, sasend).or_die("bind error");
    mcast::join(&recvfd, &sasend, Interface::Name(ifname)).or_die("mcast_join error");
    if family == libc::AF_INET {
        sock::setsockopt_int(&recvfd, libc::IPPROTO_IP, libc::IP_PKTINFO, 1).or_die("setsockopt error");
    } else {
        sock::setsockopt_int(&recvfd, libc::IPPROTO_IPV6, libc::IPV6_RECVPKTINFO, 1).or_die("setsockopt error");
    }

    let child = match unix::fork().or_die("fork error") {
        Fork::Child => send_all(&sendfd, &sasend, ifname, count), // child sends
        Fork::Parent(pid) => pid,
    };
    sock::set_recv_timeout(recvfd.as_fd(), Some(Duration::from_secs(10))).or_die("setsockopt error"); // never hang
    recv_all(&recvfd, count); // parent receives
    unix::waitpid(child, 0).or_die("waitpid error");
}
