//! tcpservselect01: the TCP echo server that serves every client from one
//! process with `select` (book Figures 6.21-6.22; C: c-examples/tcpservselect01.c).
//!
//! Usage: `tcpservselect01` — listens on port 9877 (`SERV_PORT`, or `$LNP_PORT`).

use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::OwnedFd;

use lnp::consts::{LISTENQ, MAXLINE, SERV_PORT};
use lnp::libc;
use lnp::sock::{self, FdSet};
use lnp::{OrDie, SockAddr, io, net};

fn main() {
    lnp::signal::default(libc::SIGPIPE).or_die("signal error"); // as in C: Rust's runtime ignores it
    let listenfd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).or_die("socket error");

    let servaddr = SockAddr::from(SocketAddr::from((Ipv4Addr::UNSPECIFIED, net::serv_port(SERV_PORT))));
    sock::bind(&listenfd, servaddr).or_die("bind error");
    sock::listen(&listenfd, LISTENQ).or_die("listen error");

    let mut client: Vec<Option<OwnedFd>> = Vec::new(); // None indicates an available entry
    let mut allset = FdSet::new();
    allset.insert(&listenfd).or_die("FD_SET error"); // select's nfds comes from the sets
    let mut buf = [0u8; MAXLINE];

    loop {
        let mut rset = allset; // structure assignment
        let mut nready = sock::select(Some(&mut rset), None, None, None).or_die("select error");

        if rset.contains(&listenfd) {
            // new client connection
            let (connfd, _cliaddr) = sock::accept(&listenfd).or_die("accept error");
            allset.insert(&connfd).or_quit("too many clients"); // add new descriptor to set (below FD_SETSIZE)
            match client.iter_mut().find(|slot| slot.is_none()) {
                Some(slot) => *slot = Some(connfd), // save descriptor
                None => client.push(Some(connfd)),
            }
            nready -= 1;
            if nready == 0 {
                continue; // no more readable descriptors
            }
        }

        for slot in client.iter_mut() {
            // check all clients for data
            let Some(sockfd) = slot else { continue };
            if rset.contains(&*sockfd) {
                let n = sock::read(&*sockfd, &mut buf).or_die("read error");
                if n == 0 {
                    // connection closed by client
                    allset.remove(&*sockfd);
                    *slot = None; // dropping the descriptor closes it
                } else {
                    io::writen(&*sockfd, &buf[..n]).or_die("writen error");
                }
                nready -= 1;
                if nready == 0 {
                    break; // no more readable descriptors
                }
            }
        }
    }
}
