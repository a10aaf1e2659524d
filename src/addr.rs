//! Socket addresses: [`SockAddr`], a `struct sockaddr_storage` with its
//! length, convertible to and from [`std::net::SocketAddr`], printed by the
//! library's `sock_ntop` (`Display`) and compared with `sock_cmp_addr` /
//! `sock_cmp_port`.
//!
//! ```
//! use lnp::SockAddr;
//!
//! let sa = SockAddr::from("[::1]:9877".parse::<std::net::SocketAddr>().unwrap());
//! assert_eq!(sa.to_string(), "[::1]:9877");          // sock_ntop
//! assert_eq!(sa.host(), "::1");                      // sock_ntop_host
//! assert_eq!(sa.port(), Some(9877));
//! let v4 = SockAddr::from(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
//! assert_eq!(v4.to_string(), "127.0.0.1");           // no port when it is 0
//! ```

use std::ffi::CStr;
use std::fmt;
use std::io;
use std::mem;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use libc::{c_char, c_int, sa_family_t, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage, sockaddr_un, socklen_t};

use crate::os::cvt;
use crate::sys;

/// A socket address of any family, as the kernel and the C functions see it:
/// a `struct sockaddr_storage` and the length that is valid in it.
#[derive(Clone, Copy)]
pub struct SockAddr {
    storage: sockaddr_storage,
    len: socklen_t,
}

impl SockAddr {
    /// An empty address (family `AF_UNSPEC`, length 0) to be filled by the kernel.
    pub fn empty() -> SockAddr {
        // SAFETY: sockaddr_storage is plain data; all zeroes is a valid value.
        SockAddr { storage: unsafe { mem::zeroed() }, len: 0 }
    }

    /// Copy `len` bytes of a C socket address (at most `sizeof(struct sockaddr_storage)`).
    ///
    /// # Safety
    /// `sa` must be valid for reads of `len` bytes (or NULL, which gives an empty address).
    pub unsafe fn from_raw(sa: *const sockaddr, len: socklen_t) -> SockAddr {
        let mut addr = SockAddr::empty();
        let len = (len as usize).min(mem::size_of::<sockaddr_storage>());
        if !sa.is_null() {
            // SAFETY: the caller vouches for `len` readable bytes; the storage holds them.
            unsafe { std::ptr::copy_nonoverlapping(sa.cast::<u8>(), addr.as_mut_ptr().cast::<u8>(), len) };
            addr.len = len as socklen_t;
        }
        addr
    }

    /// A Unix-domain (`AF_LOCAL`) address for `path`.
    ///
    /// # Errors
    /// `InvalidInput` if the path has a NUL byte or does not fit in `sun_path`.
    pub fn unix(path: impl AsRef<Path>) -> io::Result<SockAddr> {
        let bytes = path.as_ref().as_os_str().as_bytes();
        // SAFETY: sockaddr_un is plain data; all zeroes is a valid value.
        let mut un: sockaddr_un = unsafe { mem::zeroed() };
        if bytes.len() >= un.sun_path.len() || bytes.contains(&0) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "path too long for sun_path"));
        }
        un.sun_family = libc::AF_UNIX as sa_family_t;
        for (dst, &src) in un.sun_path.iter_mut().zip(bytes) {
            *dst = src as c_char;
        }
        let len = mem::offset_of!(sockaddr_un, sun_path) + bytes.len() + 1;
        // SAFETY: `un` is a valid sockaddr_un of at least `len` bytes.
        Ok(unsafe { SockAddr::from_raw((&raw const un).cast(), len as socklen_t) })
    }

    /// The address family (`AF_INET`, `AF_INET6`, `AF_LOCAL`, ...).
    pub fn family(&self) -> c_int {
        c_int::from(self.storage.ss_family)
    }

    /// The valid length in bytes (`socklen_t` as the C functions want it).
    pub fn len(&self) -> socklen_t {
        self.len
    }

    /// True for an address of length 0 (nothing filled in).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Pointer for C functions taking `const SA *`.
    pub fn as_ptr(&self) -> *const sockaddr {
        (&raw const self.storage).cast()
    }

    /// Pointer for C functions that fill an `SA *`; set the length with [`SockAddr::set_len`].
    pub fn as_mut_ptr(&mut self) -> *mut sockaddr {
        (&raw mut self.storage).cast()
    }

    /// Set the valid length after the kernel filled the address (capped at the storage size).
    pub fn set_len(&mut self, len: socklen_t) {
        self.len = len.min(mem::size_of::<sockaddr_storage>() as socklen_t);
    }

    /// The capacity of the storage, the initial value of a `socklen_t` in/out argument.
    pub fn capacity() -> socklen_t {
        mem::size_of::<sockaddr_storage>() as socklen_t
    }

    /// The address as a `std::net::SocketAddr`, for `AF_INET` and `AF_INET6`.
    pub fn as_socket(&self) -> Option<SocketAddr> {
        match self.family() {
            libc::AF_INET if self.len as usize >= mem::size_of::<sockaddr_in>() => {
                // SAFETY: the family and length say the storage holds a sockaddr_in.
                let sin = unsafe { &*(&raw const self.storage).cast::<sockaddr_in>() };
                let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
                Some(SocketAddr::V4(SocketAddrV4::new(ip, u16::from_be(sin.sin_port))))
            }
            libc::AF_INET6 if self.len as usize >= mem::size_of::<sockaddr_in6>() => {
                // SAFETY: the family and length say the storage holds a sockaddr_in6.
                let sin6 = unsafe { &*(&raw const self.storage).cast::<sockaddr_in6>() };
                let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
                Some(SocketAddr::V6(SocketAddrV6::new(
                    ip,
                    u16::from_be(sin6.sin6_port),
                    sin6.sin6_flowinfo,
                    sin6.sin6_scope_id,
                )))
            }
            _ => None,
        }
    }

    /// The path of an `AF_LOCAL` address (None if unnamed, abstract or another family).
    pub fn as_unix_path(&self) -> Option<&Path> {
        if self.family() != libc::AF_UNIX {
            return None;
        }
        let start = mem::offset_of!(sockaddr_un, sun_path);
        let end = (self.len as usize).min(mem::size_of::<sockaddr_un>());
        // SAFETY: the storage is at least sizeof(sockaddr_un) bytes of initialised data.
        let all = unsafe { std::slice::from_raw_parts((&raw const self.storage).cast::<u8>(), end) };
        let path = all.get(start..)?;
        let path = &path[..path.iter().position(|&b| b == 0).unwrap_or(path.len())];
        if path.is_empty() {
            return None;
        }
        Some(Path::new(std::ffi::OsStr::from_bytes(path)))
    }

    /// The port in host byte order (`sock_get_port`), None for non-IP families.
    pub fn port(&self) -> Option<u16> {
        // SAFETY: the pointer and length describe our own storage.
        let port = unsafe { sys::sock_get_port(self.as_ptr(), self.len) };
        u16::try_from(port).ok().map(u16::from_be)
    }

    /// Set the port, given in host byte order (`sock_set_port`); no effect for non-IP families.
    pub fn set_port(&mut self, port: u16) {
        let len = self.len;
        // SAFETY: the pointer and length describe our own storage.
        unsafe { sys::sock_set_port(self.as_mut_ptr(), len, c_int::from(port.to_be())) }
    }

    /// Set the wildcard address, `INADDR_ANY` or `in6addr_any` (`sock_set_wild`).
    pub fn set_wild(&mut self) {
        let len = self.len;
        // SAFETY: the pointer and length describe our own storage.
        unsafe { sys::sock_set_wild(self.as_mut_ptr(), len) }
    }

    /// True if both addresses have the same family and host part (`sock_cmp_addr() == 0`).
    pub fn same_addr(&self, other: &SockAddr) -> bool {
        // SAFETY: both pointers describe initialised storage of full size.
        unsafe { sys::sock_cmp_addr(self.as_ptr(), other.as_ptr(), self.len) == 0 }
    }

    /// True if both addresses are IP addresses with the same port (`sock_cmp_port() == 1`).
    pub fn same_port(&self, other: &SockAddr) -> bool {
        // SAFETY: both pointers describe initialised storage of full size.
        unsafe { sys::sock_cmp_port(self.as_ptr(), other.as_ptr(), self.len) == 1 }
    }

    /// The host part as text, without port (`sock_ntop_host`).
    pub fn host(&self) -> String {
        // SAFETY: the pointer and length describe our own storage.
        text(unsafe { sys::sock_ntop_host(self.as_ptr(), self.len) })
    }
}

/// Copy a C string returned by the library (NULL gives "").
fn text(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the library returns a NUL-terminated per-thread buffer, valid until the next call.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

impl Default for SockAddr {
    fn default() -> Self {
        SockAddr::empty()
    }
}

/// `sock_ntop`: `a.b.c.d:port`, `[v6]:port`, a Unix path, `(no pathname bound)`, ...
impl fmt::Display for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: the pointer and length describe our own storage.
        f.write_str(&text(unsafe { sys::sock_ntop(self.as_ptr(), self.len) }))
    }
}

impl fmt::Debug for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SockAddr({}, family {}, len {})", self, self.family(), self.len)
    }
}

impl PartialEq for SockAddr {
    fn eq(&self, other: &SockAddr) -> bool {
        let n = self.len as usize;
        // SAFETY: both storages are fully initialised and at least `n` bytes long.
        n == other.len as usize && unsafe { libc::memcmp(self.as_ptr().cast(), other.as_ptr().cast(), n) } == 0
    }
}

impl Eq for SockAddr {}

impl From<SocketAddr> for SockAddr {
    fn from(addr: SocketAddr) -> SockAddr {
        let mut out = SockAddr::empty();
        match addr {
            SocketAddr::V4(v4) => {
                // SAFETY: sockaddr_in is plain data; all zeroes is a valid value.
                let mut sin: sockaddr_in = unsafe { mem::zeroed() };
                sin.sin_family = libc::AF_INET as sa_family_t;
                sin.sin_port = v4.port().to_be();
                sin.sin_addr.s_addr = u32::from(*v4.ip()).to_be();
                // SAFETY: the storage is larger than sockaddr_in and suitably aligned.
                unsafe { out.as_mut_ptr().cast::<sockaddr_in>().write(sin) };
                out.len = mem::size_of::<sockaddr_in>() as socklen_t;
            }
            SocketAddr::V6(v6) => {
                // SAFETY: sockaddr_in6 is plain data; all zeroes is a valid value.
                let mut sin6: sockaddr_in6 = unsafe { mem::zeroed() };
                sin6.sin6_family = libc::AF_INET6 as sa_family_t;
                sin6.sin6_port = v6.port().to_be();
                sin6.sin6_flowinfo = v6.flowinfo();
                sin6.sin6_addr.s6_addr = v6.ip().octets();
                sin6.sin6_scope_id = v6.scope_id();
                // SAFETY: the storage is larger than sockaddr_in6 and suitably aligned.
                unsafe { out.as_mut_ptr().cast::<sockaddr_in6>().write(sin6) };
                out.len = mem::size_of::<sockaddr_in6>() as socklen_t;
            }
        }
        out
    }
}

impl TryFrom<SockAddr> for SocketAddr {
    type Error = io::Error;

    /// Fails with `InvalidInput` for families other than `AF_INET`/`AF_INET6`.
    fn try_from(addr: SockAddr) -> io::Result<SocketAddr> {
        addr.as_socket().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not an IPv4 or IPv6 address"))
    }
}

/// `sock_ntop` of a `std::net::SocketAddr`: the book's text (glibc's IPv6 text,
/// no `%scope`, no port when it is 0), which differs from `SocketAddr`'s `Display`.
///
/// ```
/// let a: std::net::SocketAddr = "[::1.2.3.4]:80".parse().unwrap();
/// assert_eq!(lnp::addr::sock_ntop(a), "[::1.2.3.4]:80");
/// ```
pub fn sock_ntop(addr: impl Into<SockAddr>) -> String {
    addr.into().to_string()
}

/// `getsockname`: the local address of a socket.
pub fn local_addr(fd: impl AsFd) -> io::Result<SockAddr> {
    let mut addr = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: the storage is writable for `len` bytes.
    cvt(unsafe { libc::getsockname(fd.as_fd().as_raw_fd(), addr.as_mut_ptr(), &mut len) })?;
    addr.set_len(len);
    Ok(addr)
}

/// `getpeername`: the address of the connected peer.
pub fn peer_addr(fd: impl AsFd) -> io::Result<SockAddr> {
    let mut addr = SockAddr::empty();
    let mut len = SockAddr::capacity();
    // SAFETY: the storage is writable for `len` bytes.
    cvt(unsafe { libc::getpeername(fd.as_fd().as_raw_fd(), addr.as_mut_ptr(), &mut len) })?;
    addr.set_len(len);
    Ok(addr)
}
