//! Socket addresses: [`SockAddr`], a `struct sockaddr_storage` with its
//! length, convertible to and from [`std::net::SocketAddr`], printed as the
//! library's `sock_ntop` prints it (`Display`) and compared like
//! `sock_cmp_addr` / `sock_cmp_port`. Pure Rust: no per-thread C buffer.
//!
//! ```
//! use lnp::SockAddr;
//!
//! let sa = SockAddr::from("[::1]:9877".parse::<std::net::SocketAddr>().unwrap());
//! assert_eq!(sa.to_string(), "[::1]:9877");          // sock_ntop
//! assert_eq!(sa.host(), "::1");                      // sock_ntop_host
//! assert_eq!(sa.port(), Some(9877));
//! let v4 = SockAddr::from(std::net::SocketAddrV4::new([127, 0, 0, 1].into(), 0));
//! assert_eq!(v4.to_string(), "127.0.0.1");           // no port when it is 0
//! assert_eq!(format!("[{v4:>12}]"), "[   127.0.0.1]"); // width and alignment are honoured
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::io;
use std::mem::{offset_of, size_of};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use libc::{c_int, sockaddr_in, sockaddr_in6, sockaddr_un};

pub use crate::os::SockAddr;

const IN_PORT: usize = offset_of!(sockaddr_in, sin_port);
const IN_ADDR: usize = offset_of!(sockaddr_in, sin_addr);
const IN6_PORT: usize = offset_of!(sockaddr_in6, sin6_port);
const IN6_FLOWINFO: usize = offset_of!(sockaddr_in6, sin6_flowinfo);
const IN6_ADDR: usize = offset_of!(sockaddr_in6, sin6_addr);
const IN6_SCOPE: usize = offset_of!(sockaddr_in6, sin6_scope_id);
const SUN_PATH: usize = offset_of!(sockaddr_un, sun_path);
const SUN_PATH_LEN: usize = size_of::<sockaddr_un>() - SUN_PATH;

/// `N` bytes of `bytes` from `at`, if they are all there.
fn field<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// The IPv4 address and port of the bytes of a `sockaddr_in`.
fn v4_of(b: &[u8]) -> Option<SocketAddrV4> {
    Some(SocketAddrV4::new(Ipv4Addr::from(field::<4>(b, IN_ADDR)?), u16::from_be_bytes(field(b, IN_PORT)?)))
}

/// The IPv6 address, port, flow information and scope of the bytes of a `sockaddr_in6`.
fn v6_of(b: &[u8]) -> Option<SocketAddrV6> {
    Some(SocketAddrV6::new(
        Ipv6Addr::from(field::<16>(b, IN6_ADDR)?),
        u16::from_be_bytes(field(b, IN6_PORT)?),
        u32::from_ne_bytes(field(b, IN6_FLOWINFO)?),
        u32::from_ne_bytes(field(b, IN6_SCOPE)?),
    ))
}

/// The bytes of a family field (`sa_family_t`, host byte order).
fn family_bytes(family: c_int) -> [u8; 2] {
    u16::try_from(family).unwrap_or(0).to_ne_bytes()
}

impl SockAddr {
    /// A Unix-domain (`AF_LOCAL`) address for `path`.
    ///
    /// # Errors
    /// `InvalidInput` if the path has a NUL byte or does not fit in `sun_path`.
    pub fn unix(path: impl AsRef<Path>) -> io::Result<SockAddr> {
        let path = path.as_ref().as_os_str().as_bytes();
        if path.len() >= SUN_PATH_LEN || path.contains(&0) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "path too long for sun_path"));
        }
        let mut bytes = [0u8; size_of::<sockaddr_un>()];
        bytes[..2].copy_from_slice(&family_bytes(libc::AF_UNIX));
        bytes[SUN_PATH..SUN_PATH + path.len()].copy_from_slice(path);
        Ok(SockAddr::from_bytes(&bytes[..=SUN_PATH + path.len()]))
    }

    /// The address as a `std::net::SocketAddr`, for `AF_INET` and `AF_INET6`
    /// (`None` for other families or an address too short for its family).
    #[must_use]
    pub fn as_socket(&self) -> Option<SocketAddr> {
        let b = self.as_bytes();
        match self.family() {
            libc::AF_INET if b.len() >= size_of::<sockaddr_in>() => v4_of(b).map(SocketAddr::V4),
            libc::AF_INET6 if b.len() >= size_of::<sockaddr_in6>() => v6_of(b).map(SocketAddr::V6),
            _ => None,
        }
    }

    /// The `sun_path` bytes up to the first NUL (within the length), or `None`
    /// for another family or an unnamed or abstract socket.
    fn unix_path_bytes(&self) -> Option<&[u8]> {
        if self.family() != libc::AF_UNIX {
            return None;
        }
        let path = self.as_bytes().get(SUN_PATH..)?;
        let path = path.get(..SUN_PATH_LEN).unwrap_or(path);
        let path = path.split(|&b| b == 0).next().unwrap_or(path);
        (!path.is_empty()).then_some(path)
    }

    /// The path of an `AF_LOCAL` address (None if unnamed, abstract or another family).
    #[must_use]
    pub fn as_unix_path(&self) -> Option<&Path> {
        self.unix_path_bytes().map(|p| Path::new(std::ffi::OsStr::from_bytes(p)))
    }

    /// Offset of the port field, for IPv4 and IPv6 addresses long enough to hold it.
    fn port_offset(&self) -> Option<usize> {
        let at = match self.family() {
            libc::AF_INET => IN_PORT,
            libc::AF_INET6 => IN6_PORT,
            _ => return None,
        };
        (self.as_bytes().len() >= at + 2).then_some(at)
    }

    /// The port in host byte order (`sock_get_port`), None for non-IP families.
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        Some(u16::from_be_bytes(field(self.as_bytes(), self.port_offset()?)?))
    }

    /// Set the port, given in host byte order (`sock_set_port`); no effect for non-IP families.
    pub fn set_port(&mut self, port: u16) {
        if let Some(at) = self.port_offset() {
            self.write_at(at, &port.to_be_bytes());
        }
    }

    /// Set the wildcard address, `INADDR_ANY` or `in6addr_any` (`sock_set_wild`);
    /// no effect for other families.
    pub fn set_wild(&mut self) {
        match self.family() {
            libc::AF_INET => self.write_at(IN_ADDR, &[0; 4]),
            libc::AF_INET6 => self.write_at(IN6_ADDR, &[0; 16]),
            _ => {}
        }
    }

    /// The host part compared by `sock_cmp_addr`: the IP address, or the Unix path.
    fn host_part(&self) -> Option<&[u8]> {
        let b = self.as_bytes();
        match self.family() {
            libc::AF_INET => b.get(IN_ADDR..IN_ADDR + 4),
            libc::AF_INET6 => b.get(IN6_ADDR..IN6_ADDR + 16),
            libc::AF_UNIX => Some(self.unix_path_bytes().unwrap_or_default()),
            _ => None,
        }
    }

    /// True if both addresses have the same family and host part (`sock_cmp_addr() == 0`).
    #[must_use]
    pub fn same_addr(&self, other: &SockAddr) -> bool {
        self.family() == other.family() && self.host_part().is_some_and(|a| Some(a) == other.host_part())
    }

    /// True if both addresses are IP addresses with the same port (`sock_cmp_port() == 1`).
    #[must_use]
    pub fn same_port(&self, other: &SockAddr) -> bool {
        self.family() == other.family() && self.port().is_some_and(|p| Some(p) == other.port())
    }

    /// The host part as text, without port (`sock_ntop_host`).
    #[must_use]
    pub fn host(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_text(&mut text, false);
        text
    }

    /// Write `sock_ntop`'s text (`with_port`) or `sock_ntop_host`'s to `out`.
    fn write_text(&self, out: &mut impl fmt::Write, with_port: bool) -> fmt::Result {
        // As in C, a short IP address is read as if zero-padded to its structure's size.
        let padded = self.padded();
        match (self.family(), v4_of(padded), v6_of(padded)) {
            (libc::AF_INET, Some(v4), _) => {
                write!(out, "{}", v4.ip())?;
                if with_port && v4.port() != 0 {
                    write!(out, ":{}", v4.port())?;
                }
                Ok(())
            }
            (libc::AF_INET6, _, Some(v6)) => {
                if with_port && v6.port() != 0 {
                    out.write_char('[')?;
                    write_ipv6(out, v6.ip())?;
                    write!(out, "]:{}", v6.port())
                } else {
                    write_ipv6(out, v6.ip())
                }
            }
            (libc::AF_UNIX, ..) => match self.unix_path_bytes() {
                Some(path) => out.write_str(&String::from_utf8_lossy(path)),
                None => out.write_str("(no pathname bound)"),
            },
            (family, ..) => {
                let name = if with_port { "sock_ntop" } else { "sock_ntop_host" };
                write!(out, "{name}: unknown AF_xxx: {family}, len {}", self.len())
            }
        }
    }
}

/// An IPv6 address as glibc's `inet_ntop` writes it (RFC 5952 compression of the
/// longest run of two or more zero groups, the first of equal runs), which differs
/// from `Ipv6Addr`'s `Display` for IPv4-compatible addresses (`::1.2.3.4`).
fn write_ipv6(out: &mut impl fmt::Write, ip: &Ipv6Addr) -> fmt::Result {
    let words = ip.segments();
    // The longest run of zero words: (start, length).
    let mut best = (0, 0);
    let mut run = (0, 0);
    for (i, &w) in words.iter().enumerate() {
        if w == 0 {
            run = if run.1 == 0 { (i, 1) } else { (run.0, run.1 + 1) };
            if run.1 > best.1 {
                best = run;
            }
        } else {
            run = (0, 0);
        }
    }
    let (zstart, zlen) = if best.1 >= 2 { best } else { (usize::MAX, 0) };
    let embedded_v4 = zstart == 0 && (zlen == 6 || (zlen == 5 && words[5] == 0xffff));
    let mut at = 0;
    while at < words.len() {
        if at == zstart {
            out.write_str(if at == 0 { "::" } else { ":" })?;
            at += zlen;
            continue;
        }
        if embedded_v4 && at == 6 {
            let [.., a, b, c, d] = ip.octets();
            return write!(out, "{}", Ipv4Addr::new(a, b, c, d));
        }
        write!(out, "{:x}", words[at])?;
        at += 1;
        if at < words.len() {
            out.write_char(':')?;
        }
    }
    Ok(())
}

impl Default for SockAddr {
    fn default() -> Self {
        SockAddr::empty()
    }
}

/// `sock_ntop`: `a.b.c.d:port`, `[v6]:port`, a Unix path, `(no pathname bound)`, ...
/// Width, fill and alignment apply to the whole text (`{:<28}`).
impl fmt::Display for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_text(&mut text, true)?;
        f.pad(&text)
    }
}

impl fmt::Debug for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SockAddr({}, family {}, len {})", self, self.family(), self.len())
    }
}

/// Equal when the lengths and the valid bytes are equal.
impl PartialEq for SockAddr {
    fn eq(&self, other: &SockAddr) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for SockAddr {}

/// Hashes the valid bytes, consistently with `PartialEq`.
impl Hash for SockAddr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl From<SocketAddrV4> for SockAddr {
    fn from(v4: SocketAddrV4) -> SockAddr {
        let mut bytes = [0u8; size_of::<sockaddr_in>()];
        bytes[..2].copy_from_slice(&family_bytes(libc::AF_INET));
        bytes[IN_PORT..IN_PORT + 2].copy_from_slice(&v4.port().to_be_bytes());
        bytes[IN_ADDR..IN_ADDR + 4].copy_from_slice(&v4.ip().octets());
        SockAddr::from_bytes(&bytes)
    }
}

impl From<SocketAddrV6> for SockAddr {
    fn from(v6: SocketAddrV6) -> SockAddr {
        let mut bytes = [0u8; size_of::<sockaddr_in6>()];
        bytes[..2].copy_from_slice(&family_bytes(libc::AF_INET6));
        bytes[IN6_PORT..IN6_PORT + 2].copy_from_slice(&v6.port().to_be_bytes());
        bytes[IN6_FLOWINFO..IN6_FLOWINFO + 4].copy_from_slice(&v6.flowinfo().to_ne_bytes());
        bytes[IN6_ADDR..IN6_ADDR + 16].copy_from_slice(&v6.ip().octets());
        bytes[IN6_SCOPE..IN6_SCOPE + 4].copy_from_slice(&v6.scope_id().to_ne_bytes());
        SockAddr::from_bytes(&bytes)
    }
}

impl From<SocketAddr> for SockAddr {
    fn from(addr: SocketAddr) -> SockAddr {
        match addr {
            SocketAddr::V4(v4) => SockAddr::from(v4),
            SocketAddr::V6(v6) => SockAddr::from(v6),
        }
    }
}

impl From<&SockAddr> for SockAddr {
    fn from(addr: &SockAddr) -> SockAddr {
        *addr
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
/// assert_eq!(lnp::addr::to_text(a), "[::1.2.3.4]:80");
/// ```
pub fn to_text(addr: impl Into<SockAddr>) -> String {
    addr.into().to_string()
}

/// `getsockname`: the local address of a socket.
///
/// # Errors
/// The `getsockname(2)` error (`EBADF`, `ENOTSOCK`, ...).
pub fn local_addr(fd: impl AsFd) -> io::Result<SockAddr> {
    crate::os::getsockname(fd.as_fd())
}

/// `getpeername`: the address of the connected peer.
///
/// # Errors
/// The `getpeername(2)` error (`ENOTCONN` for an unconnected socket, ...).
pub fn peer_addr(fd: impl AsFd) -> io::Result<SockAddr> {
    crate::os::getpeername(fd.as_fd())
}
