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

use std::ffi::{CStr, CString};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};
use std::ptr;
use std::time::Duration;

use libc::{addrinfo, c_int};

use crate::addr::SockAddr;
use crate::os::cvt;
use crate::sys;

/// The port the book's programs use by default, unless the `LNP_PORT`
/// environment variable holds another (the Rust examples use this so tests
/// can avoid fixed ports).
pub fn serv_port(default: u16) -> u16 {
    std::env::var("LNP_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(default)
}

/// A C string for a name, or `InvalidInput` if it contains a NUL byte.
fn c_name(name: &str) -> io::Result<CString> {
    CString::new(name).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "name contains a NUL byte"))
}

/// The `io::Error` for a `getaddrinfo` failure: errno for `EAI_SYSTEM`, else
/// an error whose text is `gai_strerror`'s.
fn gai_error(code: c_int) -> io::Error {
    if code == libc::EAI_SYSTEM {
        return io::Error::last_os_error();
    }
    // SAFETY: gai_strerror returns a static NUL-terminated string.
    let text = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned();
    io::Error::other(text)
}

/// A `getaddrinfo` result list, freed on drop.
struct AddrList(*mut addrinfo);

impl AddrList {
    /// `getaddrinfo` through the library's resolver (the one `host_serv` and `tcp_connect` use).
    fn resolve(
        host: Option<&str>,
        serv: Option<&str>,
        flags: c_int,
        family: c_int,
        socktype: c_int,
    ) -> io::Result<AddrList> {
        let host = host.map(c_name).transpose()?;
        let serv = serv.map(c_name).transpose()?;
        let ptr = |s: &Option<CString>| s.as_ref().map_or(ptr::null(), |s| s.as_ptr());
        // SAFETY: each name is NULL or a live NUL-terminated string.
        unsafe { sys::resolve(ptr(&host), ptr(&serv), flags, family, socktype) }.map(AddrList).map_err(gai_error)
    }

    fn iter(&self) -> impl Iterator<Item = &addrinfo> {
        // SAFETY: each ai_next is NULL or the next entry of the list we own.
        std::iter::successors(unsafe { self.0.as_ref() }, |ai| unsafe { ai.ai_next.as_ref() })
    }
}

impl Drop for AddrList {
    fn drop(&mut self) {
        // SAFETY: the list came from getaddrinfo and is freed once.
        unsafe { libc::freeaddrinfo(self.0) }
    }
}

fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: the library just created this descriptor for us.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

fn addr_of(ai: &addrinfo) -> SockAddr {
    // SAFETY: ai_addr holds ai_addrlen bytes, from getaddrinfo.
    unsafe { SockAddr::from_raw(ai.ai_addr, ai.ai_addrlen) }
}

/// Try each address with `attempt` (the library's `socket` + `connect`/`bind`
/// step); the first descriptor, or the last failure.
fn first_working(list: &AddrList, attempt: impl Fn(&addrinfo) -> c_int) -> io::Result<(OwnedFd, SockAddr)> {
    let mut last = io::Error::from_raw_os_error(libc::EADDRNOTAVAIL);
    for ai in list.iter() {
        let fd = attempt(ai);
        if fd >= 0 {
            return Ok((owned(fd), addr_of(ai)));
        }
        last = io::Error::last_os_error();
    }
    Err(last)
}

/// `tcp_connect`: a TCP socket connected to `host`, `serv` (names or numbers,
/// IPv4 or IPv6), trying every address `getaddrinfo` gives in turn.
pub fn tcp_connect(host: &str, serv: &str) -> io::Result<OwnedFd> {
    let list = AddrList::resolve(Some(host), Some(serv), 0, libc::AF_UNSPEC, libc::SOCK_STREAM)?;
    first_working(&list, sys::socket_and_connect).map(|(fd, _)| fd)
}

/// `udp_connect`: a connected UDP socket for `host`, `serv`.
pub fn udp_connect(host: &str, serv: &str) -> io::Result<OwnedFd> {
    let list = AddrList::resolve(Some(host), Some(serv), 0, libc::AF_UNSPEC, libc::SOCK_DGRAM)?;
    first_working(&list, sys::socket_and_connect).map(|(fd, _)| fd)
}

/// `tcp_listen`: a listening TCP socket bound to `host` (None: the wildcard,
/// which glibc resolves to IPv4 first) and `serv`, with `SO_REUSEADDR`; the
/// backlog is `LISTENQ`, or the `LISTENQ` environment variable.
pub fn tcp_listen(host: Option<&str>, serv: &str) -> io::Result<OwnedFd> {
    let list = AddrList::resolve(host, Some(serv), libc::AI_PASSIVE, libc::AF_UNSPEC, libc::SOCK_STREAM)?;
    let (fd, _) = first_working(&list, |ai| sys::socket_and_bind(ai, true))?;
    // The C version calls `Listen`, which exits on failure; here it is an error.
    crate::sock::listen(&fd, crate::consts::LISTENQ)?;
    Ok(fd)
}

/// `udp_server`: a UDP socket bound to `host` (None: the wildcard) and `serv`.
pub fn udp_server(host: Option<&str>, serv: &str) -> io::Result<OwnedFd> {
    let list = AddrList::resolve(host, Some(serv), libc::AI_PASSIVE, libc::AF_UNSPEC, libc::SOCK_DGRAM)?;
    first_working(&list, |ai| sys::socket_and_bind(ai, false)).map(|(fd, _)| fd)
}

/// `udp_client`: an unconnected UDP socket for `host`, `serv`, and the
/// server's address to give to `sendto`.
pub fn udp_client(host: &str, serv: &str) -> io::Result<(OwnedFd, SockAddr)> {
    let list = AddrList::resolve(Some(host), Some(serv), 0, libc::AF_UNSPEC, libc::SOCK_DGRAM)?;
    first_working(&list, |ai| {
        // SAFETY: integer arguments only.
        unsafe { libc::socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol) }
    })
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
pub fn host_serv(host: Option<&str>, serv: Option<&str>, family: c_int, socktype: c_int) -> io::Result<Vec<AddrInfo>> {
    let list = AddrList::resolve(host, serv, libc::AI_CANONNAME, family, socktype)?;
    Ok(list
        .iter()
        .map(|ai| AddrInfo {
            family: ai.ai_family,
            socktype: ai.ai_socktype,
            protocol: ai.ai_protocol,
            addr: addr_of(ai),
            // SAFETY: a non-NULL ai_canonname is a NUL-terminated string of the list.
            canonname: (!ai.ai_canonname.is_null())
                .then(|| unsafe { CStr::from_ptr(ai.ai_canonname) }.to_string_lossy().into_owned()),
        })
        .collect())
}

/// `my_addrs`: the addresses of this host's name (`uname` node name).
pub fn my_addrs() -> io::Result<Vec<IpAddr>> {
    let mut family: c_int = 0;
    // SAFETY: `family` is a valid out-pointer.
    let list = unsafe { sys::my_addrs(&mut family) };
    if list.is_null() {
        return Err(io::Error::new(io::ErrorKind::NotFound, "my_addrs: host name not resolved"));
    }
    let mut out = Vec::new();
    for i in 0.. {
        // SAFETY: h_addr_list is a NULL-terminated array of addresses of the family's size.
        let entry = unsafe { *list.add(i) }.cast::<u8>().cast_const();
        if entry.is_null() {
            break;
        }
        // SAFETY: as above: 4 bytes for AF_INET, 16 for AF_INET6.
        out.push(unsafe {
            match family {
                libc::AF_INET6 => IpAddr::V6(Ipv6Addr::from(ptr::read_unaligned(entry.cast::<[u8; 16]>()))),
                _ => IpAddr::V4(Ipv4Addr::from(ptr::read_unaligned(entry.cast::<[u8; 4]>()))),
            }
        });
    }
    Ok(out)
}

fn secs(timeout: Option<Duration>) -> c_int {
    timeout.map_or(0, |t| crate::io::secs(t).max(1))
}

/// `connect_timeo`: `connect` with an upper limit enforced with `SIGALRM`
/// (whole seconds, at least one). The socket is consumed: on failure the library
/// has closed it; a timeout is `ErrorKind::TimedOut`.
pub fn connect_timeo(fd: OwnedFd, addr: &SockAddr, timeout: Duration) -> io::Result<OwnedFd> {
    let raw = fd.into_raw_fd();
    // SAFETY: the address is valid for its length; the descriptor is ours to give.
    cvt(unsafe { sys::connect_timeo(raw, addr.as_ptr(), addr.len(), secs(Some(timeout))) })?;
    Ok(owned(raw))
}

/// `connect_nonb`: a non-blocking `connect` that waits at most `timeout`
/// (whole seconds; `None`: no limit). The socket is consumed and returned,
/// connected and blocking again; on failure it is closed.
pub fn connect_nonb(fd: OwnedFd, addr: &SockAddr, timeout: Option<Duration>) -> io::Result<OwnedFd> {
    let raw = fd.into_raw_fd();
    let before = identity(raw);
    // SAFETY: the address is valid for its length; the descriptor is ours to give.
    match cvt(unsafe { sys::connect_nonb(raw, addr.as_ptr(), addr.len(), secs(timeout)) }) {
        Ok(_) => Ok(owned(raw)),
        Err(e) => {
            // connect_nonb closes the socket on a timeout or a failed
            // connection, but not when connect fails at once: close it then.
            if before.is_some() && identity(raw) == before {
                drop(owned(raw));
            }
            Err(e)
        }
    }
}

/// The device and inode behind a descriptor, to tell whether it still is our socket.
fn identity(fd: c_int) -> Option<(u64, u64)> {
    // SAFETY: all-zero bytes are a valid stat buffer.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is writable; a closed descriptor just fails with EBADF.
    (unsafe { libc::fstat(fd, &mut st) } == 0).then_some((st.st_dev, st.st_ino))
}
