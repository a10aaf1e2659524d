//! Glue to the kernel's interface list: `getifaddrs(3)`, `if_nametoindex(3)`
//! and `SIOCGIFMTU`, seen as Rust values for [`crate::ifi`]. Nothing here
//! allocates on the Rust side or can panic: `get_ifi_info` (C) walks it too.

use std::ffi::CStr;
use std::io;
use std::marker::PhantomData;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd};

use libc::{c_char, c_int, sockaddr, socklen_t};

use crate::SockAddr;
use crate::os::cvt;

/// The list `getifaddrs(3)` returned; freed on drop.
pub(crate) struct IfAddrs {
    head: *mut libc::ifaddrs,
}

/// A hardware address (`sll_addr`, at most 8 bytes, as in `struct sockaddr_ll`).
#[derive(Clone, Copy, Default)]
pub(crate) struct HwAddr {
    bytes: [u8; 8],
    len: usize,
}

impl HwAddr {
    /// The address bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

/// One node of the list.
pub(crate) struct Node<'a> {
    /// `ifa_name` (for IPv4, the address label: `eth0` or `eth0:1`).
    pub(crate) name: &'a [u8],
    /// `ifa_flags`: the interface's `IFF_*` flags.
    pub(crate) flags: u32,
    /// `ifa_addr`, if it is an IPv4 or IPv6 address.
    pub(crate) addr: Option<SockAddr>,
    /// `ifa_broadaddr` / `ifa_dstaddr` (one union in glibc), if IPv4 or IPv6.
    pub(crate) ifu: Option<SockAddr>,
    /// For `AF_PACKET` nodes with an address: the hardware address (links
    /// without one, such as tun, have no such node).
    pub(crate) haddr: Option<HwAddr>,
}

/// Iterator over the nodes of an [`IfAddrs`].
pub(crate) struct Iter<'a> {
    cur: *const libc::ifaddrs,
    list: PhantomData<&'a IfAddrs>,
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
    Some(unsafe { SockAddr::from_raw(sa, socklen_t::try_from(len).ok()?) })
}

/// The hardware address of an `AF_PACKET` node.
///
/// # Safety
/// `sa` must be NULL or point to a socket address at least as long as its family says.
unsafe fn link_addr(sa: *const sockaddr) -> Option<HwAddr> {
    // SAFETY: NULL or a valid sockaddr (the caller's contract).
    if c_int::from(unsafe { sa.as_ref() }?.sa_family) != libc::AF_PACKET {
        return None;
    }
    // SAFETY: an AF_PACKET address from getifaddrs is a whole sockaddr_ll
    // (read unaligned: a `struct sockaddr` pointer promises only 2 bytes).
    let ll = unsafe { sa.cast::<libc::sockaddr_ll>().read_unaligned() };
    Some(HwAddr { bytes: ll.sll_addr, len: usize::from(ll.sll_halen).min(ll.sll_addr.len()) })
}

impl IfAddrs {
    /// The kernel's list now (`getifaddrs(3)`).
    pub(crate) fn new() -> io::Result<IfAddrs> {
        let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
        // SAFETY: getifaddrs writes the list head into `head`.
        cvt(unsafe { libc::getifaddrs(&raw mut head) })?;
        Ok(IfAddrs { head })
    }

    /// The nodes in the kernel's order (links first, then IPv4, then IPv6
    /// addresses, each by interface).
    pub(crate) fn iter(&self) -> Iter<'_> {
        Iter { cur: self.head, list: PhantomData }
    }
}

impl Drop for IfAddrs {
    fn drop(&mut self) {
        // SAFETY: `head` came from getifaddrs and is freed once; no Node outlives `self`.
        unsafe { libc::freeifaddrs(self.head) };
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        // SAFETY: `cur` is NULL or a node of the list, alive as long as the
        // IfAddrs borrowed for 'a; its name is a NUL-terminated string and its
        // addresses NULL or valid for their family.
        let node = unsafe { self.cur.as_ref() }?;
        self.cur = node.ifa_next;
        // SAFETY: as above.
        unsafe {
            Some(Node {
                name: CStr::from_ptr(node.ifa_name).to_bytes(),
                flags: node.ifa_flags,
                addr: inet_addr(node.ifa_addr),
                ifu: inet_addr(node.ifa_ifu),
                haddr: link_addr(node.ifa_addr),
            })
        }
    }
}

/// `name` as a NUL-terminated C array, or None if it does not fit `IFNAMSIZ`.
fn c_name(name: &[u8]) -> Option<[c_char; libc::IFNAMSIZ]> {
    let mut out = [0 as c_char; libc::IFNAMSIZ];
    if name.len() >= out.len() || name.contains(&0) {
        return None;
    }
    for (dst, &src) in out.iter_mut().zip(name) {
        *dst = c_char::from_ne_bytes([src]);
    }
    Some(out)
}

/// The index of interface `name` (`if_nametoindex(3)`), 0 if there is none.
pub(crate) fn index(name: &[u8]) -> u32 {
    let Some(cname) = c_name(name) else { return 0 };
    // SAFETY: a NUL-terminated string.
    unsafe { libc::if_nametoindex(cname.as_ptr()) }
}

/// The name of the interface with index `index` (`if_indextoname(3)`).
pub(crate) fn name(index: u32) -> io::Result<String> {
    let mut buf: [c_char; libc::IF_NAMESIZE] = [0; libc::IF_NAMESIZE];
    // SAFETY: the buffer has IF_NAMESIZE bytes, as if_indextoname requires.
    let ret = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if ret.is_null() {
        return Err(io::Error::last_os_error());
    }
    let bytes: Vec<u8> = buf.iter().take_while(|&&c| c != 0).map(|&c| c.to_ne_bytes()[0]).collect();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The IPv4 address of interface `name` (`SIOCGIFADDR` on `fd`): `ENODEV` for
/// no such interface, `EADDRNOTAVAIL` for one without an IPv4 address.
pub(crate) fn ipv4_addr(fd: BorrowedFd<'_>, name: &[u8]) -> io::Result<libc::in_addr> {
    // SAFETY: ifreq is plain data; all zeroes is valid.
    let mut ifr: libc::ifreq = unsafe { mem::zeroed() };
    ifr.ifr_name = c_name(name).ok_or_else(|| io::Error::from_raw_os_error(libc::ENODEV))?;
    ifreq_ipv4_addr(fd, ifr)
}

/// The IPv4 address of the interface with index `index`, as [`ipv4_addr`]
/// (`ENXIO` if there is no such index). No name is allocated on the way.
pub(crate) fn ipv4_addr_by_index(fd: BorrowedFd<'_>, index: u32) -> io::Result<libc::in_addr> {
    // SAFETY: ifreq is plain data; all zeroes is valid.
    let mut ifr: libc::ifreq = unsafe { mem::zeroed() };
    // SAFETY: ifr_name has the IF_NAMESIZE bytes if_indextoname writes.
    if unsafe { libc::if_indextoname(index, ifr.ifr_name.as_mut_ptr()) }.is_null() {
        return Err(io::Error::from_raw_os_error(libc::ENXIO));
    }
    ifreq_ipv4_addr(fd, ifr)
}

/// `SIOCGIFADDR` on `fd` for the interface named in `ifr`.
fn ifreq_ipv4_addr(fd: BorrowedFd<'_>, mut ifr: libc::ifreq) -> io::Result<libc::in_addr> {
    // SAFETY: `ifr` is a writable struct ifreq, as SIOCGIFADDR expects.
    cvt(unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFADDR, &raw mut ifr) })?;
    // SAFETY: SIOCGIFADDR stored a sockaddr_in in the ifru_addr member; read it unaligned.
    let sin = unsafe { std::ptr::read_unaligned((&raw const ifr.ifr_ifru.ifru_addr).cast::<libc::sockaddr_in>()) };
    Ok(sin.sin_addr)
}

/// The MTU of interface `name` (`SIOCGIFMTU`).
pub(crate) fn mtu(name: &[u8]) -> io::Result<u32> {
    // SAFETY: ifreq is plain data; all zeroes is valid.
    let mut ifr: libc::ifreq = unsafe { mem::zeroed() };
    ifr.ifr_name = c_name(name).ok_or_else(|| io::Error::from_raw_os_error(libc::ENODEV))?;
    // SAFETY: integer arguments only; the descriptor is closed below.
    let fd = cvt(unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) })?;
    // SAFETY: `ifr` is a writable struct ifreq, as SIOCGIFMTU expects.
    let ret = cvt(unsafe { libc::ioctl(fd, libc::SIOCGIFMTU, &raw mut ifr) });
    // SAFETY: fd is ours and closed once.
    unsafe { libc::close(fd) };
    ret?;
    // SAFETY: SIOCGIFMTU filled the ifru_mtu member of the union.
    Ok(u32::try_from(unsafe { ifr.ifr_ifru.ifru_mtu }).unwrap_or(0))
}
