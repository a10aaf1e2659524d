//! The safe layer's names and connections (lnp::net), the socket calls
//! (lnp::sock) and the book's echo loops (lnp::echo) on loopback.

mod common;

use std::os::fd::AsRawFd;
use std::time::Duration;

use common::in_child;
use lnp::{SockAddr, addr, echo, io, net, sock, unix};

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
    assert_eq!(io::readline(&c, &mut buf).unwrap(), 8);
    assert_eq!(&buf[..8], b"echo me\n");
    sock::shutdown(&c, libc::SHUT_WR).unwrap();
    server.join().unwrap();
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
    assert_eq!(sock::sendto(&cli, b"dgram", 0, &to).unwrap(), 5);
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
        let fd = net::connect_timeo(fd, &to, Duration::from_secs(2)).unwrap();
        assert_eq!(addr::peer_addr(&fd).unwrap(), to);
    });
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
    let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    let fd = net::connect_nonb(fd, &to, Some(Duration::from_secs(2))).unwrap();
    // SAFETY: F_GETFL on our descriptor: blocking again.
    assert_eq!(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) } & libc::O_NONBLOCK, 0);
    drop(l);
    let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    let raw = fd.as_raw_fd();
    let e = net::connect_nonb(fd, &to, None).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ECONNREFUSED));
    // SAFETY: F_GETFD on a number that must be closed now.
    assert_eq!(unsafe { libc::fcntl(raw, libc::F_GETFD) }, -1);
}

#[test]
fn str_cli_against_str_echo_in_children() {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let to = addr::local_addr(&l).unwrap();
    let server = in_child_server(&l);
    // The client reads C's stdin: give it a file.
    let r = in_child(|| {
        let text = b"line one\nline two\n";
        let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
        io::writen(&a, text).unwrap();
        drop(a);
        // SAFETY: make the pair's read end the child's stdin.
        unsafe { libc::dup2(b.as_raw_fd(), 0) };
        let c = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        sock::connect(&c, &to).unwrap();
        echo::str_cli(&c);
    });
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (0, "line one\nline two\n", ""));
    drop(server);
}

/// A forked server that answers one client with str_echo; killed on drop.
struct ChildServer(libc::pid_t);

fn in_child_server(l: &std::os::fd::OwnedFd) -> ChildServer {
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the child only accepts, echoes and exits.
    match unsafe { unix::fork() }.unwrap() {
        unix::Fork::Child => {
            if let Ok((c, _)) = sock::accept(l) {
                echo::str_echo(&c);
            }
            // SAFETY: leave without the harness.
            unsafe { libc::_exit(0) }
        }
        unix::Fork::Parent(pid) => ChildServer(pid),
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        // SAFETY: our own child.
        unsafe { libc::kill(self.0, libc::SIGKILL) };
        let _ = unix::waitpid(self.0, 0);
    }
}

#[test]
fn udp_dg_cli_against_dg_echo() {
    let srv = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    sock::bind(&srv, &SockAddr::from(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))).unwrap();
    let to = addr::local_addr(&srv).unwrap();
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the child only echoes datagrams until killed.
    let pid = match unsafe { unix::fork() }.unwrap() {
        unix::Fork::Child => echo::dg_echo(&srv),
        unix::Fork::Parent(pid) => pid,
    };
    drop(_g);
    let r = in_child(|| {
        let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
        io::writen(&a, b"ping\npong\n").unwrap();
        drop(a);
        // SAFETY: the pair's read end becomes stdin.
        unsafe { libc::dup2(b.as_raw_fd(), 0) };
        let c = sock::socket(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
        echo::dg_cli(&c, &to);
    });
    // SAFETY: our own child.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    let _ = unix::waitpid(pid, 0);
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (0, "ping\npong\n", ""));
}

#[test]
fn select_reports_readiness() {
    let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let mut rset = sock::FdSet::new();
    rset.insert(&b);
    let maxfdp1 = b.as_raw_fd() + 1;
    assert_eq!(sock::select(maxfdp1, Some(&mut rset.clone()), None, None, Some(Duration::from_millis(10))).unwrap(), 0);
    io::writen(&a, b"x").unwrap();
    assert_eq!(sock::select(maxfdp1, Some(&mut rset), None, None, None).unwrap(), 1);
    assert!(rset.contains(&b) && !rset.contains(&a));
    rset.remove(&b);
    assert!(!rset.contains(&b));
}

#[test]
fn out_of_band_and_poll() {
    let l = net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = addr::local_addr(&l).unwrap().port().unwrap().to_string();
    let c = net::tcp_connect("127.0.0.1", &port).unwrap();
    let (s, _) = sock::accept(&l).unwrap();
    sock::send(&c, b"ab", 0).unwrap();
    sock::send(&c, b"!", libc::MSG_OOB).unwrap();
    let mut fds = [libc::pollfd { fd: s.as_raw_fd(), events: libc::POLLPRI, revents: 0 }];
    assert_eq!(sock::poll(&mut fds, Some(Duration::from_secs(2))).unwrap(), 1);
    assert_ne!(fds[0].revents & libc::POLLPRI, 0);
    let mut buf = [0u8; 8];
    assert!(!sock::sockatmark(&s).unwrap());
    assert_eq!(sock::recv(&s, &mut buf, 0).unwrap(), 2, "reads stop at the mark");
    assert!(sock::sockatmark(&s).unwrap());
    assert_eq!(sock::recv(&s, &mut buf, libc::MSG_OOB).unwrap(), 1);
    assert_eq!(buf[0], b'!');
    let mut none = [libc::pollfd { fd: s.as_raw_fd(), events: libc::POLLIN, revents: 0 }];
    assert_eq!(sock::poll(&mut none, Some(Duration::from_millis(10))).unwrap(), 0);
}
