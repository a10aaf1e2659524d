//! `get_ifi_info`, `Get_ifi_info` and `free_ifi_info` of `unpifi.h` (the
//! original libunp's lib/get_ifi_info.c, UNP §17.6) for C.
//!
//! The entries come from the core of [`crate::ifi::interfaces`]; these
//! functions only build the original's linked list of `calloc`'d `struct
//! ifi_info`, each with `calloc`'d socket addresses, so a program may free any
//! part itself. (No Rust heap, so no panic path, on the way.)

use libc::{c_char, c_int, c_short, c_uchar, c_ushort, c_void, sockaddr};

use crate::ifi::{self, Entry};
use crate::os;
use crate::trace::{Pointer, trace_call};

/// `IFI_NAME`: room for an interface name and its NUL (IFNAMSIZ).
pub const IFI_NAME: usize = 16;
/// `IFI_HADDR`: room for a hardware address (up to EUI-64).
pub const IFI_HADDR: usize = 8;
/// `IFI_ALIAS` in `ifi_myflags`: `ifi_addr` is not the interface's first address.
pub const IFI_ALIAS: c_short = 1;

/// `struct ifi_info` of `unpifi.h`: one address of one interface.
#[repr(C)]
pub struct IfiInfo {
    /// Interface name, NUL-terminated.
    pub ifi_name: [c_char; IFI_NAME],
    /// Interface index (as a C `short`, like the original).
    pub ifi_index: c_short,
    /// Interface MTU (as a C `short`: 65536, loopback's, wraps to 0 as in the original).
    pub ifi_mtu: c_short,
    /// Hardware address.
    pub ifi_haddr: [c_uchar; IFI_HADDR],
    /// Bytes in `ifi_haddr`: 0, 6 or 8.
    pub ifi_hlen: c_ushort,
    /// `IFF_*` flags (the low 16 bits, as `SIOCGIFFLAGS` gives them).
    pub ifi_flags: c_short,
    /// `IFI_*` flags.
    pub ifi_myflags: c_short,
    /// The address.
    pub ifi_addr: *mut sockaddr,
    /// The broadcast address, or NULL.
    pub ifi_brdaddr: *mut sockaddr,
    /// The destination (peer) address, or NULL.
    pub ifi_dstaddr: *mut sockaddr,
    /// The next entry, or NULL.
    pub ifi_next: *mut IfiInfo,
}

/// A `calloc`'d copy of `addr`, or NULL (also when `addr` is None).
fn calloc_addr(addr: Option<&crate::SockAddr>) -> *mut sockaddr {
    let Some(addr) = addr else { return std::ptr::null_mut() };
    let len = addr.len() as usize;
    // SAFETY: calloc takes plain sizes.
    let ptr = unsafe { libc::calloc(1, len) }.cast::<sockaddr>();
    if !ptr.is_null() {
        // SAFETY: `ptr` has room for `len` bytes and `addr` holds `len` valid bytes.
        unsafe { std::ptr::copy_nonoverlapping(addr.as_ptr().cast::<u8>(), ptr.cast::<u8>(), len) };
    }
    ptr
}

/// One `calloc`'d `struct ifi_info` for `ifi`, or NULL if memory runs out.
fn new_entry(ifi: &Entry<'_>) -> *mut IfiInfo {
    // SAFETY: calloc takes plain sizes; all zeroes is a valid IfiInfo (NULL pointers).
    let ptr = unsafe { libc::calloc(1, std::mem::size_of::<IfiInfo>()) }.cast::<IfiInfo>();
    // SAFETY: a fresh, zeroed, exclusively owned block (or NULL).
    let Some(entry) = (unsafe { ptr.as_mut() }) else { return ptr };
    for (dst, &src) in entry.ifi_name.iter_mut().take(IFI_NAME - 1).zip(ifi.name) {
        *dst = src as c_char;
    }
    entry.ifi_index = ifi.index as c_short;
    entry.ifi_mtu = ifi.mtu as c_short;
    let mut hlen = 0;
    for (dst, &src) in entry.ifi_haddr.iter_mut().zip(ifi.haddr.as_bytes()) {
        *dst = src;
        hlen += 1;
    }
    entry.ifi_hlen = hlen;
    entry.ifi_flags = ifi.flags as c_short;
    entry.ifi_myflags = if ifi.alias { IFI_ALIAS } else { 0 };
    entry.ifi_addr = calloc_addr(Some(&ifi.addr));
    entry.ifi_brdaddr = calloc_addr(ifi.brdaddr.as_ref());
    entry.ifi_dstaddr = calloc_addr(ifi.dstaddr.as_ref());
    let complete = !entry.ifi_addr.is_null()
        && (ifi.brdaddr.is_none() || !entry.ifi_brdaddr.is_null())
        && (ifi.dstaddr.is_none() || !entry.ifi_dstaddr.is_null());
    if complete {
        ptr
    } else {
        // SAFETY: `ptr` is the entry built above, with nothing after it.
        unsafe { free_ifi_info(ptr) };
        std::ptr::null_mut()
    }
}

/// The up interfaces' addresses of `family` (`AF_INET` or `AF_INET6`), one
/// entry per address; with `doaliases` 0 only each interface's first (UNP §17.6).
///
/// # Returns
/// * the head of a list to release with `free_ifi_info`;
/// * NULL if there is no such address (any other family), or with `errno`
///   set if `getifaddrs`, `SIOCGIFMTU` or memory fails.
#[unsafe(export_name = "lnp_rs_get_ifi_info")]
pub extern "C" fn get_ifi_info(family: c_int, doaliases: c_int) -> *mut IfiInfo {
    let mut head: *mut IfiInfo = std::ptr::null_mut();
    let mut tail: *mut IfiInfo = std::ptr::null_mut();
    let mut out_of_memory = false;
    let walked = ifi::visit(family, doaliases != 0, &mut |ifi| {
        let entry = new_entry(ifi);
        if entry.is_null() {
            out_of_memory = true;
            return false;
        }
        // SAFETY: `tail` is NULL or the last entry built here, owned by this function.
        match unsafe { tail.as_mut() } {
            Some(last) => last.ifi_next = entry,
            None => head = entry,
        }
        tail = entry;
        true
    });
    let errno = match walked {
        Err(e) => e.raw_os_error().unwrap_or(libc::EIO),
        Ok(()) if out_of_memory => libc::ENOMEM,
        Ok(()) => {
            trace_call!(IFI, "get_ifi_info", &Pointer(head.cast()), [Family(family), Int(doaliases.into())]);
            return head;
        }
    };
    // SAFETY: `head` is the list built so far (or NULL), not handed out.
    unsafe { free_ifi_info(head) };
    os::set_errno(errno);
    trace_call!(IFI, "get_ifi_info", &Pointer(std::ptr::null()), [Family(family), Int(doaliases.into())]);
    std::ptr::null_mut()
}

/// `get_ifi_info`, or print "get_ifi_info error" and exit(1) when it returns NULL (no address or failure).
///
/// # Returns
/// The head of a list to release with `free_ifi_info`.
#[unsafe(export_name = "lnp_rs_Get_ifi_info")]
pub extern "C" fn Get_ifi_info(family: c_int, doaliases: c_int) -> *mut IfiInfo {
    let head = get_ifi_info(family, doaliases);
    if head.is_null() {
        crate::error::quit(c"get_ifi_info error");
    }
    head
}

/// Free a list from `get_ifi_info`: every entry and its addresses.
///
/// # Safety
/// `ifihead` must be NULL or a list from `get_ifi_info` (entries and
/// addresses allocated with `malloc`/`calloc`), not used afterwards.
#[unsafe(export_name = "lnp_rs_free_ifi_info")]
pub unsafe extern "C" fn free_ifi_info(ifihead: *mut IfiInfo) {
    let mut cur = ifihead;
    // SAFETY: each `cur` is NULL or a live entry of the list (the caller's contract).
    while let Some(entry) = unsafe { cur.as_mut() } {
        let next = entry.ifi_next;
        // SAFETY: the addresses and the entry were malloc'd and are freed once (free(NULL) is a no-op).
        unsafe {
            libc::free(entry.ifi_addr.cast::<c_void>());
            libc::free(entry.ifi_brdaddr.cast::<c_void>());
            libc::free(entry.ifi_dstaddr.cast::<c_void>());
            libc::free(cur.cast::<c_void>());
        }
        cur = next;
    }
    trace_call!(IFI, "free_ifi_info", &(), [Ptr(ifihead.cast())]);
}
