//! The interfaces of the host and their addresses: the original libunp's
//! `get_ifi_info` (UNP §17.6, `unpifi.h`) as a Rust function.
//!
//! [`interfaces`] returns one [`Interface`] per address of the requested
//! family, in the order the kernel lists them, with the original's rules:
//! interfaces that are down are left out; with `doaliases` false only the
//! first address of each interface is kept, otherwise the further ones are
//! marked [`Interface::alias`]; an IPv4 label such as `eth0:1` counts as its
//! interface `eth0`. It is built on `getifaddrs(3)`, so IPv6 works too.
//!
//! ```
//! let list = lnp::ifi::interfaces(libc::AF_INET, true)?;
//! for ifi in &list {
//!     println!("{} (index {}): {}", ifi.name, ifi.index, ifi.addr.host());
//! }
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io;

use libc::c_int;

use crate::SockAddr;
use crate::os::ifaddrs::{self, HwAddr, IfAddrs};

/// One address of one interface (`struct ifi_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// The interface name, without an IPv4 label's `:suffix`.
    pub name: String,
    /// The interface index.
    pub index: u32,
    /// The interface MTU.
    pub mtu: u32,
    /// The hardware address (empty if the link has none).
    pub haddr: Vec<u8>,
    /// The interface's `IFF_*` flags.
    pub flags: u32,
    /// True for an address after the interface's first one (`IFI_ALIAS`).
    pub alias: bool,
    /// The address.
    pub addr: SockAddr,
    /// The broadcast address (IPv4 interfaces with `IFF_BROADCAST`, when the address has one:
    /// `ip addr add ... brd +`).
    pub brdaddr: Option<SockAddr>,
    /// The peer address (interfaces with `IFF_POINTOPOINT` that have one).
    pub dstaddr: Option<SockAddr>,
}

/// An [`Interface`] without heap data, borrowing the kernel's list: what the
/// C `get_ifi_info` builds its entries from.
pub(crate) struct Entry<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) index: u32,
    pub(crate) mtu: u32,
    pub(crate) haddr: HwAddr,
    pub(crate) flags: u32,
    pub(crate) alias: bool,
    pub(crate) addr: SockAddr,
    pub(crate) brdaddr: Option<SockAddr>,
    pub(crate) dstaddr: Option<SockAddr>,
}

/// The name up to an IPv4 label's colon (the original's "replace colon with null").
fn base_name(label: &[u8]) -> &[u8] {
    label.split(|&b| b == b':').next().unwrap_or(label)
}

/// Call `f` with each entry of [`interfaces`], in order, until it returns false.
pub(crate) fn visit(family: c_int, doaliases: bool, f: &mut dyn FnMut(&Entry<'_>) -> bool) -> io::Result<()> {
    let list = IfAddrs::new()?;
    let mut lastname: &[u8] = &[];
    for node in list.iter() {
        let Some(addr) = node.addr.filter(|a| a.family() == family) else { continue };
        let name = base_name(node.name);
        let alias = name == lastname;
        if alias && !doaliases {
            continue;
        }
        lastname = name;
        if node.flags & libc::IFF_UP as u32 == 0 {
            continue;
        }
        let haddr = list.iter().filter(|n| n.name == name).find_map(|n| n.haddr).unwrap_or_default();
        // glibc reports the address itself as ifa_broadaddr when the kernel has
        // no broadcast address for it (IFA_BROADCAST absent): that is none.
        let brdaddr = if family == libc::AF_INET && node.flags & libc::IFF_BROADCAST as u32 != 0 {
            node.ifu.filter(|b| *b != addr)
        } else {
            None
        };
        let dstaddr = if node.flags & libc::IFF_POINTOPOINT as u32 != 0 { node.ifu } else { None };
        let entry = Entry {
            name,
            index: ifaddrs::index(name),
            mtu: ifaddrs::mtu(name)?,
            haddr,
            flags: node.flags,
            alias,
            addr,
            brdaddr,
            dstaddr,
        };
        if !f(&entry) {
            break;
        }
    }
    Ok(())
}

/// Every up interface's addresses of `family` (`AF_INET` or `AF_INET6`; any
/// other family gives an empty list, as in the original).
///
/// # Errors
/// The `getifaddrs(3)` or `SIOCGIFMTU` failure.
pub fn interfaces(family: c_int, doaliases: bool) -> io::Result<Vec<Interface>> {
    let mut list = Vec::new();
    visit(family, doaliases, &mut |e| {
        list.push(Interface {
            name: String::from_utf8_lossy(e.name).into_owned(),
            index: e.index,
            mtu: e.mtu,
            haddr: e.haddr.as_bytes().to_vec(),
            flags: e.flags,
            alias: e.alias,
            addr: e.addr,
            brdaddr: e.brdaddr,
            dstaddr: e.dstaddr,
        });
        true
    })?;
    Ok(list)
}

/// `if_indextoname`: the name of the interface with index `index`.
///
/// # Errors
/// `ENXIO` when no interface has that index.
pub fn name_of(index: u32) -> io::Result<String> {
    ifaddrs::name(index)
}
