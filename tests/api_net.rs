//! The safe layer's names and connections (lnp::net), the socket calls
//! (lnp::sock) and the book's echo loops (lnp::echo) on loopback.

mod common;

use std::os::fd::{AsFd, AsRawFd};
use std::time::Duration;

use common::in_child;
use lnp::{addr, echo, io, net, sock};

#[test]
fn tcp_listen_connect_echo() {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = addr::local_addr(&l).unwrap().port().unwrap().to_string();
    assert_eq!(sock::getsockopt_int(&l, libc::SOL_SOCKET, libc::SO_REUSEADDR).unwrap(), 1);
    assert_eq!(sock::getsockopt_int(&l, libc::SOL_SOCKET, libc::SO_ACCEPTCONN).unwrap(), 1);
    let c = net::tcp_connect("localhost", &port).unwrap();
    let (s, peer) = sock::accept(&l).unwrap();
    assert_eq!(peer, addr::local_addr(&c).unwrap());
    // No close-on-exec on any of them.
    for fd in [l.as_raw_fd(), c.as_raw_fd(), s.as_raw_fd()] {
        // SAFETY: F_GETFD on our own descriptors.
        assert_eq!(unsafe { libc::fcntl(fd, libc::F_GETFD) } & libc::FD_CLOEXEC, 0);
    }
    let server = std::thread::spawn(move || echo::str_echo(&s));
    io::writen(&c, b"echo me\n").unwrap();
    let mut buf = [0u8; 32];
    assert_eq!(io::readn(&c, &mut buf[..8]).unwrap(), 8);
    assert_eq!(&buf[..8], b"echo me\n");
    sock::shutdown(&c, libc::SHUT_WR).unwrap();
    server.join().unwrap().unwrap();
    assert_eq!(sock::read(&c, &mut buf).unwrap(), 0);
}

#[test]
fn name_errors_are_errors() {
    let e = net::tcp_connect("no-such-host.invalid", "echo").unwrap_err();
    assert!(e.raw_os_error().is_none() && !e.to_string().is_empty(), "{e}");
    assert!(net::tcp_connect("127.0.0.1", "no-such-service").is_err());
    assert_eq!(net::tcp_connect("a\0b", "1").unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    // Nothing listens on a port we just released: ECONNREFUSED, not an exit.
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = addr::local_addr(&l).unwrap().port().unwrap().to_string();
    drop(l);
    assert_eq!(net::tcp_connect("127.0.0.1", &port).unwrap_err().raw_os_error(), Some(libc::ECONNREFUSED));
}

#[test]
fn udp_server_client_connect() {
    let srv = net::udp_server(Some("127.0.0.1"), "0").unwrap();
    let port = addr::local_addr(&srv).unwrap().port().unwrap().to_string();
    let (cli, to) = net::udp_client("127.0.0.1", &port).unwrap();
    assert_eq!(to.to_string(), format!("127.0.0.1:{port}"));
    assert_eq!(sock::sendto(&cli, b"dgram", 0, to).unwrap(), 5);
    let mut buf = [0u8; 16];
    let (n, from) = sock::recvfrom(&srv, &mut buf, 0).unwrap();
    assert_eq!(&buf[..n], b"dgram");
    assert!(from.same_port(&addr::local_addr(&cli).unwrap()) && from.host() == "127.0.0.1");
    let conn = net::udp_connect("127.0.0.1", &port).unwrap();
    assert_eq!(sock::write(&conn, b"hi").unwrap(), 2);
    assert_eq!(sock::recvfrom(&srv, &mut buf, 0).unwrap().0, 2);
}

#[test]
fn host_serv_and_my_addrs() {
    let v = net::host_serv(Some("localhost"), Some("daytime"), libc::AF_INET, libc::SOCK_STREAM).unwrap();
    assert_eq!(v[0].addr.to_string(), "127.0.0.1:13");
    assert_eq!(v[0].family, libc::AF_INET);
    assert!(v[0].canonname.is_some());
    assert!(net::host_serv(None, None, 0, 0).is_err());
    // my_addrs depends on the host's name resolving; when it does, it has addresses.
    if let Ok(addrs) = net::my_addrs() {
        assert!(!addrs.is_empty());
    }
}

#[test]
fn connect_timeo_and_nonb() {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let to = addr::local_addr(&l).unwrap();
    let r = in_child(|| {
        let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        let fd = net::connect_timeo(fd, to, Duration::from_secs(2)).unwrap();
        assert_eq!(addr::peer_addr(&fd).unwrap(), to);
    });
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
    let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    let fd = net::connect_nonb(fd, to, Some(Duration::from_secs(2))).unwrap();
    // SAFETY: F_GETFL on our descriptor: blocking again.
    assert_eq!(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) } & libc::O_NONBLOCK, 0);
    drop(l);
    let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    let raw = fd.as_raw_fd();
    let e = net::connect_nonb(fd, to, None).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ECONNREFUSED));
    // SAFETY: F_GETFD on a number that must be closed now.
    assert_eq!(unsafe { libc::fcntl(raw, libc::F_GETFD) }, -1);
}

#[test]
fn str_cli_against_str_echo() {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let to = addr::local_addr(&l).unwrap();
    let server = std::thread::spawn(move || {
        let (c, _) = sock::accept(&l).unwrap();
        echo::str_echo(&c)
    });
    let c = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    sock::connect(&c, to).unwrap();
    let mut out = Vec::new();
    echo::str_cli(&b"line one\nline two\n"[..], &c, &mut out).unwrap();
    assert_eq!(out, b"line one\nline two\n");
    drop(c);
    server.join().unwrap().unwrap();
}

/// A client connected to a server that sends FIN at once and reads nothing
/// (so no RST comes back); the server's socket is returned to keep it open.
fn half_closed_server() -> (std::os::fd::OwnedFd, std::os::fd::OwnedFd) {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let c = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    sock::connect(&c, addr::local_addr(&l).unwrap()).unwrap();
    let (s, _) = sock::accept(&l).unwrap();
    sock::shutdown(&s, libc::SHUT_WR).unwrap();
    (c, s)
}

#[test]
fn str_cli_reports_a_server_that_quits() {
    let (c, _s) = half_closed_server();
    let err = echo::str_cli(&b"hello\n"[..], &c, std::io::sink()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    assert_eq!(err.to_string(), "server terminated prematurely");
    // .or_die("str_cli") prints the C function's line.
    let r = in_child(|| {
        use lnp::OrDie;
        let (c, _s) = half_closed_server();
        echo::str_cli(&b"hello\n"[..], &c, std::io::sink()).or_die("str_cli");
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "str_cli: server terminated prematurely\n"));
}

#[test]
fn str_cli_prints_through_c_stdout() {
    let r = in_child(|| {
        let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
        std::thread::spawn(move || echo::str_echo(&b));
        lnp::stdio::print("before ");
        echo::str_cli(&b"echoed\n"[..], &a, lnp::stdio::stdout()).unwrap();
        lnp::stdio::print("after\n");
    });
    assert_eq!((r.status, r.stdout.as_str()), (0, "before echoed\nafter\n"));
}

#[test]
fn udp_dg_cli_against_dg_echo() {
    let srv = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    sock::bind(&srv, std::net::SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    let to = addr::local_addr(&srv).unwrap();
    // dg_echo returns only on error: the thread ends with the test process.
    std::thread::spawn(move || echo::dg_echo(&srv));
    let c = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    sock::set_recv_timeout(&c, Some(Duration::from_secs(5))).unwrap();
    let mut out = Vec::new();
    echo::dg_cli(&b"ping\npong\n"[..], &c, to, &mut out).unwrap();
    assert_eq!(out, b"ping\npong\n");
    // With no server, the receive timeout ends the wait instead of blocking forever.
    let silent = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    sock::bind(&silent, std::net::SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    sock::set_recv_timeout(&c, Some(Duration::from_millis(200))).unwrap();
    let err = echo::dg_cli(&b"lost\n"[..], &c, addr::local_addr(&silent).unwrap(), &mut out).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
}

#[test]
fn select_reports_readiness() {
    let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let mut rset = sock::FdSet::new();
    assert_eq!(rset.nfds(), 0);
    rset.insert(&b).unwrap();
    assert_eq!(rset.nfds(), b.as_raw_fd() + 1, "select's nfds comes from the set");
    let start = std::time::Instant::now();
    assert_eq!(sock::select(Some(&mut rset.clone()), None, None, Some(Duration::from_millis(300))).unwrap(), 0);
    assert!(start.elapsed() >= Duration::from_millis(300), "a sub-second select timeout is kept");
    io::writen(&a, b"x").unwrap();
    let mut wset = sock::FdSet::new();
    wset.insert(&a).unwrap();
    assert_eq!(sock::select(Some(&mut rset), Some(&mut wset), None, None).unwrap(), 2);
    assert!(rset.contains(&b) && !rset.contains(&a) && wset.contains(&a));
    assert_eq!(rset.iter().collect::<Vec<_>>(), vec![b.as_raw_fd()]);
    rset.remove(&b);
    assert!(!rset.contains(&b) && rset.is_empty());
}

#[test]
fn fd_set_refuses_descriptors_beyond_fd_setsize() {
    // Regression (issue 15): FdSet::insert silently ignored descriptors >= FD_SETSIZE.
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: lim is a writable rlimit.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
    if lim.rlim_max <= libc::FD_SETSIZE as libc::rlim_t {
        eprintln!("SKIPPED fd_set_refuses_descriptors_beyond_fd_setsize: RLIMIT_NOFILE hard limit {}", lim.rlim_max);
        return;
    }
    lim.rlim_cur = lim.rlim_max.min(4096);
    // SAFETY: raising our own soft limit up to the hard limit.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) }, 0);
    let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    // SAFETY: F_DUPFD gives a fresh descriptor (at 1024 or above) that we own.
    let high = unsafe {
        use std::os::fd::FromRawFd;
        std::os::fd::OwnedFd::from_raw_fd(libc::fcntl(b.as_raw_fd(), libc::F_DUPFD, libc::FD_SETSIZE as libc::c_int))
    };
    assert!(high.as_raw_fd() >= libc::FD_SETSIZE as i32);
    let mut set = sock::FdSet::new();
    let err = set.insert(&high).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("FD_SETSIZE"), "{err}");
    assert!(set.is_empty() && !set.contains(&high));
    // poll has no such limit.
    io::writen(&a, b"x").unwrap();
    let mut fds = [sock::PollFd::new(high.as_fd(), libc::POLLIN)];
    assert_eq!(sock::poll(&mut fds, Some(Duration::from_secs(2))).unwrap(), 1);
    assert!(fds[0].has(libc::POLLIN) && fds[0].fd().as_raw_fd() == high.as_raw_fd());
}

#[test]
fn out_of_band_and_poll() {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = addr::local_addr(&l).unwrap().port().unwrap().to_string();
    let c = net::tcp_connect("127.0.0.1", &port).unwrap();
    let (s, _) = sock::accept(&l).unwrap();
    sock::send(&c, b"ab", 0).unwrap();
    sock::send(&c, b"!", libc::MSG_OOB).unwrap();
    let mut fds = [sock::PollFd::new(s.as_fd(), libc::POLLPRI)];
    assert_eq!(sock::poll(&mut fds, Some(Duration::from_secs(2))).unwrap(), 1);
    assert!(fds[0].has(libc::POLLPRI));
    let mut buf = [0u8; 8];
    assert!(!sock::sockatmark(&s).unwrap());
    assert_eq!(sock::recv(&s, &mut buf, 0).unwrap(), 2, "reads stop at the mark");
    assert!(sock::sockatmark(&s).unwrap());
    assert_eq!(sock::recv(&s, &mut buf, libc::MSG_OOB).unwrap(), 1);
    assert_eq!(buf[0], b'!');
    let mut none = [sock::PollFd::new(s.as_fd(), libc::POLLIN)];
    assert_eq!(sock::poll(&mut none, Some(Duration::from_millis(10))).unwrap(), 0);
    assert_eq!(none[0].revents(), 0);
}
