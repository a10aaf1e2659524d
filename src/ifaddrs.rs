//! Glue to the kernel's interface list: `getifaddrs(3)` and `SIOCGIFMTU`,
//! turned into Rust values for [`crate::ifi`].

use std::ffi::CStr;
use std::io;
use std::mem;

use libc::{c_int, sockaddr, socklen_t};

use crate::SockAddr;
use crate::os::cvt;

/// One node of the `getifaddrs` list.
pub(crate) struct IfAddr {
    /// `ifa_name` (for IPv4, the address label: `eth0` or `eth0:1`).
    pub(crate) name: Vec<u8>,
    /// `ifa_flags`: the interface's `IFF_*` flags.
    pub(crate) flags: u32,
    /// `ifa_addr`, if any.
    pub(crate) addr: Option<SockAddr>,
    /// `ifa_broadaddr` / `ifa_dstaddr` (one union in glibc), if any.
    pub(crate) ifu: Option<SockAddr>,
    /// For `AF_PACKET` nodes with an address: the hardware address
    /// (`sll_addr`, `sll_halen` bytes; links without one, such as tun, have no such node).
    pub(crate) haddr: Option<Vec<u8>>,
}

/// The length of a socket address of `family` as the kernel hands it out.
fn family_len(family: c_int) -> Option<usize> {
    match family {
        libc::AF_INET => Some(mem::size_of::<libc::sockaddr_in>()),
        libc::AF_INET6 => Some(mem::size_of::<libc::sockaddr_in6>()),
        _ => None,
    }
}

/// Copy an IPv4 or IPv6 address from a getifaddrs node; None for NULL or other families.
///
/// # Safety
/// `sa` must be NULL or point to a socket address at least as long as its family says.
unsafe fn inet_addr(sa: *const sockaddr) -> Option<SockAddr> {
    // SAFETY: NULL or a valid sockaddr (the caller's contract).
    let family = c_int::from(unsafe { sa.as_ref() }?.sa_family);
    let len = family_len(family)?;
    // SAFETY: a sockaddr of this family has `len` readable bytes.
    Some(unsafe { SockAddr::from_raw(sa, len as socklen_t) })
}

/// The hardware address of an `AF_PACKET` node.
///
/// # Safety
/// `sa` must be NULL or point to a socket address at least as long as its family says.
unsafe fn link_addr(sa: *const sockaddr) -> Option<Vec<u8>> {
    // SAFETY: NULL or a valid sockaddr (the caller's contract).
    if c_int::from(unsafe { sa.as_ref() }?.sa_family) != libc::AF_PACKET {
        return None;
    }
    // SAFETY: an AF_PACKET address from getifaddrs is a whole sockaddr_ll.
    let ll = unsafe { &*sa.cast::<libc::sockaddr_ll>() };
    let len = usize::from(ll.sll_halen).min(ll.sll_addr.len());
    Some(ll.sll_addr[..len].to_vec())
}

/// Every node of `getifaddrs(3)`, in the kernel's order (links first, then
/// IPv4, then IPv6 addresses, each by interface).
pub(crate) fn getifaddrs() -> io::Result<Vec<IfAddr>> {
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs writes the list head into `list`.
    cvt(unsafe { libc::getifaddrs(&mut list) })?;
    let mut nodes = Vec::new();
    let mut cur = list;
    // SAFETY: every `cur` is a node of the list getifaddrs returned, not yet freed;
    // its name is a NUL-terminated string and its addresses NULL or valid for their family.
    while let Some(node) = unsafe { cur.as_ref() } {
        nodes.push(IfAddr {
            // SAFETY: as above.
            name: unsafe { CStr::from_ptr(node.ifa_name) }.to_bytes().to_vec(),
            flags: node.ifa_flags,
            // SAFETY: as above.
            addr: unsafe { inet_addr(node.ifa_addr) },
            // SAFETY: as above.
            ifu: unsafe { inet_addr(node.ifa_ifu) },
            // SAFETY: as above.
            haddr: unsafe { link_addr(node.ifa_addr) },
        });
        cur = node.ifa_next;
    }
    // SAFETY: `list` came from getifaddrs and is freed once, after the last use of its nodes.
    unsafe { libc::freeifaddrs(list) };
    Ok(nodes)
}

/// The index of interface `name` (`if_nametoindex(3)`), 0 if there is none.
pub(crate) fn index(name: &[u8]) -> u32 {
    let Ok(name) = std::ffi::CString::new(name) else { return 0 };
    // SAFETY: a NUL-terminated string.
    unsafe { libc::if_nametoindex(name.as_ptr()) }
}

/// The MTU of interface `name` (`SIOCGIFMTU`).
pub(crate) fn mtu(name: &[u8]) -> io::Result<u32> {
    // SAFETY: ifreq is plain data; all zeroes is valid.
    let mut ifr: libc::ifreq = unsafe { mem::zeroed() };
    if name.len() >= ifr.ifr_name.len() {
        return Err(io::Error::from_raw_os_error(libc::ENODEV));
    }
    for (dst, &src) in ifr.ifr_name.iter_mut().zip(name) {
        *dst = src as libc::c_char;
    }
    // SAFETY: integer arguments only; the descriptor is closed below.
    let fd = cvt(unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) })?;
    // SAFETY: `ifr` is a writable struct ifreq, as SIOCGIFMTU expects.
    let ret = cvt(unsafe { libc::ioctl(fd, libc::SIOCGIFMTU, &mut ifr) });
    // SAFETY: fd is ours and closed once.
    unsafe { libc::close(fd) };
    ret?;
    // SAFETY: SIOCGIFMTU filled the ifru_mtu member of the union.
    Ok(unsafe { ifr.ifr_ifru.ifru_mtu } as u32)
}
