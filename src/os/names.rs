//! Name resolution and connecting for `crate::net`: `getaddrinfo` lists, the
//! library's socket-and-connect/bind steps, `my_addrs`, and the timed connects.

use std::ffi::{CStr, CString};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};
use std::ptr;

use libc::{addrinfo, c_int};

use super::cvt;
use super::sockaddr::SockAddr;
use crate::sys;

/// Take ownership of a descriptor the library just created.
fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: callers pass a fresh, valid descriptor that nobody else owns.
    unsafe { OwnedFd::from_raw_fd(fd) }
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
pub(crate) struct AddrList(*mut addrinfo);

/// One entry of an [`AddrList`], valid while the list lives.
#[derive(Clone, Copy)]
pub(crate) struct AddrEntry<'a>(&'a addrinfo);

impl AddrList {
    /// `getaddrinfo` through the library's resolver (the one `host_serv` and `tcp_connect` use).
    pub(crate) fn resolve(
        host: Option<&CString>,
        serv: Option<&CString>,
        flags: c_int,
        family: c_int,
        socktype: c_int,
    ) -> io::Result<AddrList> {
        let ptr = |s: Option<&CString>| s.map_or(ptr::null(), |s| s.as_ptr());
        // SAFETY: each name is NULL or a live NUL-terminated string.
        unsafe { sys::resolve(ptr(host), ptr(serv), flags, family, socktype) }.map(AddrList).map_err(gai_error)
    }

    /// The entries in `getaddrinfo`'s order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = AddrEntry<'_>> {
        // SAFETY: the head and each ai_next are NULL or entries of the list we own.
        std::iter::successors(unsafe { self.0.as_ref() }, |ai| unsafe { ai.ai_next.as_ref() }).map(AddrEntry)
    }
}

impl Drop for AddrList {
    fn drop(&mut self) {
        // SAFETY: the list came from getaddrinfo and is freed once.
        unsafe { libc::freeaddrinfo(self.0) }
    }
}

/// `Ok(fd)` for a descriptor from the library, else the `errno` of the failure.
fn fd_or_errno(fd: c_int) -> io::Result<OwnedFd> {
    if fd < 0 { Err(io::Error::last_os_error()) } else { Ok(owned(fd)) }
}

impl AddrEntry<'_> {
    /// `ai_family`.
    pub(crate) fn family(self) -> c_int {
        self.0.ai_family
    }

    /// `ai_socktype`.
    pub(crate) fn socktype(self) -> c_int {
        self.0.ai_socktype
    }

    /// `ai_protocol`.
    pub(crate) fn protocol(self) -> c_int {
        self.0.ai_protocol
    }

    /// A copy of `ai_addr`.
    pub(crate) fn addr(self) -> SockAddr {
        // SAFETY: getaddrinfo's ai_addr holds ai_addrlen bytes.
        unsafe { SockAddr::from_raw(self.0.ai_addr, self.0.ai_addrlen) }
    }

    /// `ai_canonname`, if set.
    pub(crate) fn canonname(self) -> Option<String> {
        let p = self.0.ai_canonname;
        // SAFETY: a non-NULL ai_canonname is a NUL-terminated string of the list.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    /// A socket for the entry, connected to its address (the library's `tcp_connect` step).
    pub(crate) fn connected_socket(self) -> io::Result<OwnedFd> {
        fd_or_errno(sys::socket_and_connect(self.0))
    }

    /// A socket for the entry, bound to its address (`SO_REUSEADDR` first if `reuse`).
    pub(crate) fn bound_socket(self, reuse: bool) -> io::Result<OwnedFd> {
        fd_or_errno(sys::socket_and_bind(self.0, reuse))
    }

    /// A plain socket for the entry.
    pub(crate) fn socket(self) -> io::Result<OwnedFd> {
        super::socket(self.0.ai_family, self.0.ai_socktype, self.0.ai_protocol)
    }
}

/// `my_addrs`: the addresses of this host's name.
pub(crate) fn my_addrs() -> io::Result<Vec<IpAddr>> {
    let mut family: c_int = 0;
    // SAFETY: `family` is a valid out-pointer.
    let list = unsafe { sys::my_addrs(&raw mut family) };
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

/// `connect_timeo` on a socket we own: the socket back, connected, or the error (it is then closed).
pub(crate) fn connect_timeo(fd: OwnedFd, addr: &SockAddr, nsec: c_int) -> io::Result<OwnedFd> {
    let raw = fd.into_raw_fd();
    // SAFETY: the address is valid for its length; the descriptor is ours to give,
    // and connect_timeo closes it on failure.
    cvt(unsafe { sys::connect_timeo(raw, addr.as_ptr(), addr.len(), nsec) })?;
    Ok(owned(raw))
}

/// `connect_nonb` on a socket we own (0 seconds: no limit): the socket back,
/// connected and blocking, or the error (it is then closed).
pub(crate) fn connect_nonb(fd: OwnedFd, addr: &SockAddr, nsec: c_int) -> io::Result<OwnedFd> {
    let raw = fd.into_raw_fd();
    let before = identity(raw);
    // SAFETY: the address is valid for its length; the descriptor is ours to give.
    match cvt(unsafe { sys::connect_nonb(raw, addr.as_ptr(), addr.len(), nsec) }) {
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
    (unsafe { libc::fstat(fd, &raw mut st) } == 0).then_some((st.st_dev, st.st_ino))
}
