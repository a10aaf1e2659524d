//! Names and connections: `tcp_connect`, `tcp_listen`, `udp_client`,
//! `udp_connect`, `udp_server` (resolving host and service names with
//! `getaddrinfo` and trying each address in turn, like the C functions),
//! `host_serv`, `my_addrs`, and connecting with a timeout.
//!
//! Where the C functions print `tcp_connect error for host, serv: <reason>`
//! and exit, these return the error; `.or_die("tcp_connect error for host,
//! serv")` prints the same line.
//!
//! ```
//! use lnp::{io, net, sock};
//! let listener = net::tcp_listen(Some("127.0.0.1"), "0")?;
//! let port = lnp::addr::local_addr(&listener)?.port().unwrap();
//! let client = net::tcp_connect("localhost", &port.to_string())?;
//! let (conn, _) = sock::accept(&listener)?;
//! io::writen(&client, b"ping\n")?;
//! let mut buf = [0u8; 5];
//! assert_eq!(io::readn(&conn, &mut buf)?, 5);
//! # Ok::<(), std::io::Error>(())
//! ```

use std::ffi::CString;
use std::io;
use std::net::IpAddr;
use std::os::fd::OwnedFd;
use std::time::Duration;

use libc::c_int;

use crate::addr::SockAddr;
use crate::os::{self, AddrEntry, AddrList};

/// The port the book's programs use by default, unless the `LNP_PORT`
/// environment variable holds another (the Rust examples use this so tests
/// can avoid fixed ports).
#[must_use]
pub fn serv_port(default: u16) -> u16 {
    std::env::var("LNP_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(default)
}

/// A C string for a name, or `InvalidInput` if it contains a NUL byte.
fn c_name(name: &str) -> io::Result<CString> {
    CString::new(name).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "name contains a NUL byte"))
}

/// `getaddrinfo` for `host` and `serv`.
fn resolve(
    host: Option<&str>,
    serv: Option<&str>,
    flags: c_int,
    family: c_int,
    socktype: c_int,
) -> io::Result<AddrList> {
    let host = host.map(c_name).transpose()?;
    let serv = serv.map(c_name).transpose()?;
    AddrList::resolve(host.as_ref(), serv.as_ref(), flags, family, socktype)
}

/// Try each address with `attempt` (the library's `socket` + `connect`/`bind`
/// step); the first descriptor and its address, or the last failure.
fn first_working<'a>(
    list: &'a AddrList,
    attempt: impl Fn(AddrEntry<'a>) -> io::Result<OwnedFd>,
) -> io::Result<(OwnedFd, SockAddr)> {
    let mut failure = io::Error::from_raw_os_error(libc::EADDRNOTAVAIL);
    for ai in list.iter() {
        match attempt(ai) {
            Ok(fd) => return Ok((fd, ai.addr())),
            Err(e) => failure = e,
        }
    }
    Err(failure)
}

/// `tcp_connect`: a TCP socket connected to `host`, `serv` (names or numbers,
/// IPv4 or IPv6), trying every address `getaddrinfo` gives in turn.
///
/// # Errors
/// `InvalidInput` for a name with a NUL byte, the `getaddrinfo` error (its `gai_strerror` text,
/// no errno), or the `socket(2)`/`connect(2)` error of the last address tried.
pub fn tcp_connect(host: &str, serv: &str) -> io::Result<OwnedFd> {
    let list = resolve(Some(host), Some(serv), 0, libc::AF_UNSPEC, libc::SOCK_STREAM)?;
    first_working(&list, AddrEntry::connected_socket).map(|(fd, _)| fd)
}

/// `udp_connect`: a connected UDP socket for `host`, `serv`.
///
/// # Errors
/// As for [`tcp_connect`].
pub fn udp_connect(host: &str, serv: &str) -> io::Result<OwnedFd> {
    let list = resolve(Some(host), Some(serv), 0, libc::AF_UNSPEC, libc::SOCK_DGRAM)?;
    first_working(&list, AddrEntry::connected_socket).map(|(fd, _)| fd)
}

/// `tcp_listen`: a listening TCP socket bound to `host` (None: the wildcard,
/// which glibc resolves to IPv4 first) and `serv`, with `SO_REUSEADDR`; the
/// backlog is `LISTENQ`, or the `LISTENQ` environment variable.
///
/// # Errors
/// As for [`tcp_connect`], with the `bind(2)` error (`EADDRINUSE`, ...), or the `listen(2)` error.
pub fn tcp_listen(host: Option<&str>, serv: &str) -> io::Result<OwnedFd> {
    let list = resolve(host, Some(serv), libc::AI_PASSIVE, libc::AF_UNSPEC, libc::SOCK_STREAM)?;
    let (fd, _) = first_working(&list, |ai| ai.bound_socket(true))?;
    // The C version calls `Listen`, which exits on failure; here it is an error.
    crate::sock::listen(&fd, crate::consts::LISTENQ)?;
    Ok(fd)
}

/// `udp_server`: a UDP socket bound to `host` (None: the wildcard) and `serv`.
///
/// # Errors
/// As for [`tcp_connect`], with the `bind(2)` error.
pub fn udp_server(host: Option<&str>, serv: &str) -> io::Result<OwnedFd> {
    let list = resolve(host, Some(serv), libc::AI_PASSIVE, libc::AF_UNSPEC, libc::SOCK_DGRAM)?;
    first_working(&list, |ai| ai.bound_socket(false)).map(|(fd, _)| fd)
}

/// `udp_client`: an unconnected UDP socket for `host`, `serv`, and the
/// server's address to give to `sendto`.
///
/// # Errors
/// As for [`tcp_connect`], with the `socket(2)` error.
pub fn udp_client(host: &str, serv: &str) -> io::Result<(OwnedFd, SockAddr)> {
    let list = resolve(Some(host), Some(serv), 0, libc::AF_UNSPEC, libc::SOCK_DGRAM)?;
    first_working(&list, AddrEntry::socket)
}

/// One address of [`host_serv`]'s answer.
#[derive(Clone, Debug)]
pub struct AddrInfo {
    /// `AF_INET` or `AF_INET6`.
    pub family: c_int,
    /// `SOCK_STREAM`, `SOCK_DGRAM`, ...
    pub socktype: c_int,
    /// The protocol for `socket`.
    pub protocol: c_int,
    /// The socket address.
    pub addr: SockAddr,
    /// The canonical name of the host (first entry only).
    pub canonname: Option<String>,
}

/// `host_serv`: resolve `host` and/or `serv` for `family` (`AF_UNSPEC`: any)
/// and `socktype` (0: any), asking for the canonical name.
///
/// # Errors
/// `InvalidInput` for a name with a NUL byte, or the `getaddrinfo` error.
pub fn host_serv(host: Option<&str>, serv: Option<&str>, family: c_int, socktype: c_int) -> io::Result<Vec<AddrInfo>> {
    let list = resolve(host, serv, libc::AI_CANONNAME, family, socktype)?;
    Ok(list
        .iter()
        .map(|ai| AddrInfo {
            family: ai.family(),
            socktype: ai.socktype(),
            protocol: ai.protocol(),
            addr: ai.addr(),
            canonname: ai.canonname(),
        })
        .collect())
}

/// `my_addrs`: the addresses of this host's name (`uname` node name).
///
/// # Errors
/// `NotFound` if the host name does not resolve.
pub fn my_addrs() -> io::Result<Vec<IpAddr>> {
    os::my_addrs()
}

/// `connect_timeo`: `connect` with an upper limit enforced with `SIGALRM`
/// (whole seconds, at least one). The socket is consumed: on failure it is
/// closed; a timeout is `ErrorKind::TimedOut`.
///
/// # Errors
/// `InvalidInput` for a timeout that is not a whole number of seconds (`alarm` counts
/// seconds), `ErrorKind::TimedOut`, or the `connect(2)` error.
pub fn connect_timeo(fd: OwnedFd, addr: impl Into<SockAddr>, timeout: Duration) -> io::Result<OwnedFd> {
    os::connect_timeo(fd, &addr.into(), crate::sock::whole_secs(timeout)?)
}

/// `connect_nonb`: a non-blocking `connect` that waits at most `timeout`
/// (whole seconds; `None`: no limit). The socket is consumed and returned,
/// connected and blocking again; on failure it is closed.
///
/// # Errors
/// `InvalidInput` for a timeout that is not a whole number of seconds, `ErrorKind::TimedOut`,
/// or the `connect(2)` error.
pub fn connect_nonb(fd: OwnedFd, addr: impl Into<SockAddr>, timeout: Option<Duration>) -> io::Result<OwnedFd> {
    let nsec = timeout.map(crate::sock::whole_secs).transpose()?.unwrap_or(0);
    os::connect_nonb(fd, &addr.into(), nsec)
}
