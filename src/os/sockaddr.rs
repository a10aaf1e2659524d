//! The storage of [`SockAddr`]: a `struct sockaddr_storage` and its valid
//! length, with the only pointer-level code the safe address API needs.
//! Everything else about addresses (text, ports, conversions) is safe Rust
//! in `crate::addr`, working on [`SockAddr::as_bytes`].

use std::mem;

use libc::{sockaddr, sockaddr_storage, socklen_t};

/// A socket address of any family, as the kernel and the C functions see it:
/// a `struct sockaddr_storage` and the length that is valid in it.
///
/// The bytes past the length are always zero.
#[derive(Clone, Copy)]
pub struct SockAddr {
    storage: sockaddr_storage,
    len: socklen_t,
}

impl SockAddr {
    /// An empty address (family `AF_UNSPEC`, length 0) to be filled by the kernel.
    #[must_use]
    pub fn empty() -> SockAddr {
        // SAFETY: sockaddr_storage is plain data; all zeroes is a valid value.
        SockAddr { storage: unsafe { mem::zeroed() }, len: 0 }
    }

    /// Copy `len` bytes of a C socket address (at most `sizeof(struct sockaddr_storage)`).
    ///
    /// # Safety
    /// `sa` must be valid for reads of `len` bytes (or NULL, which gives an empty address).
    #[must_use]
    pub unsafe fn from_raw(sa: *const sockaddr, len: socklen_t) -> SockAddr {
        if sa.is_null() {
            return SockAddr::empty();
        }
        let len = (len as usize).min(mem::size_of::<sockaddr_storage>());
        // SAFETY: the caller vouches for `len` readable bytes.
        SockAddr::from_bytes(unsafe { std::slice::from_raw_parts(sa.cast::<u8>(), len) })
    }

    /// An address made of the bytes of a C socket address (a `struct sockaddr_in`, ...),
    /// cut to `sizeof(struct sockaddr_storage)`.
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> SockAddr {
        let mut addr = SockAddr::empty();
        let n = addr.storage_mut().iter_mut().zip(bytes).map(|(dst, &b)| *dst = b).count();
        addr.len = socklen_t::try_from(n).unwrap_or(0);
        addr
    }

    /// The `len()` valid bytes of the address, as the kernel reads them.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        let all = self.storage();
        all.get(..self.len as usize).unwrap_or(all)
    }

    /// All bytes of the storage: the valid ones, then zeroes.
    pub(crate) fn padded(&self) -> &[u8] {
        self.storage()
    }

    /// All bytes of the storage.
    fn storage(&self) -> &[u8] {
        // SAFETY: sockaddr_storage is plain, fully initialised data of its size.
        unsafe {
            std::slice::from_raw_parts((&raw const self.storage).cast::<u8>(), mem::size_of::<sockaddr_storage>())
        }
    }

    /// All bytes of the storage, writable.
    fn storage_mut(&mut self) -> &mut [u8] {
        // SAFETY: as for storage(); every byte pattern is a valid sockaddr_storage.
        unsafe {
            std::slice::from_raw_parts_mut((&raw mut self.storage).cast::<u8>(), mem::size_of::<sockaddr_storage>())
        }
    }

    /// Overwrite bytes of the valid part at `offset` (bytes beyond `len()` are not written).
    pub(crate) fn write_at(&mut self, offset: usize, bytes: &[u8]) {
        let len = self.len as usize;
        let dst = self.storage_mut().iter_mut().take(len).skip(offset);
        dst.zip(bytes).for_each(|(dst, &b)| *dst = b);
    }

    /// The address family (`AF_INET`, `AF_INET6`, `AF_LOCAL`, ...).
    #[must_use]
    pub fn family(&self) -> libc::c_int {
        libc::c_int::from(self.storage.ss_family)
    }

    /// The valid length in bytes (`socklen_t` as the C functions want it).
    #[must_use]
    pub fn len(&self) -> socklen_t {
        self.len
    }

    /// True for an address of length 0 (nothing filled in).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Pointer for C functions taking `const SA *`.
    #[must_use]
    pub fn as_ptr(&self) -> *const sockaddr {
        (&raw const self.storage).cast()
    }

    /// Pointer for C functions that fill an `SA *`; set the length with [`SockAddr::set_len`].
    pub fn as_mut_ptr(&mut self) -> *mut sockaddr {
        (&raw mut self.storage).cast()
    }

    /// Set the valid length after the kernel filled the address (capped at the storage size);
    /// bytes past the new length are zeroed.
    pub fn set_len(&mut self, len: socklen_t) {
        self.len = len.min(SockAddr::capacity());
        let keep = self.len as usize;
        self.storage_mut().iter_mut().skip(keep).for_each(|b| *b = 0);
    }

    /// The capacity of the storage, the initial value of a `socklen_t` in/out argument.
    #[must_use]
    pub fn capacity() -> socklen_t {
        super::socklen_of::<sockaddr_storage>()
    }
}

/// The `struct group_req` of `MCAST_JOIN_GROUP` and `MCAST_LEAVE_GROUP`: `group` on interface `index`.
pub(crate) fn group_req(index: u32, group: &SockAddr) -> libc::group_req {
    // Zeroed first, so the padding after gr_interface reaches the kernel initialised (valgrind).
    // SAFETY: all-zero bytes are a valid group_req.
    let mut req: libc::group_req = unsafe { mem::zeroed() };
    req.gr_interface = index;
    req.gr_group = group.storage;
    req
}

/// The `struct group_source_req` of the `MCAST_*_SOURCE*` options: `source` in `group` on interface `index`.
pub(crate) fn group_source_req(index: u32, source: &SockAddr, group: &SockAddr) -> libc::group_source_req {
    // Zeroed first, as in group_req.
    // SAFETY: all-zero bytes are a valid group_source_req.
    let mut req: libc::group_source_req = unsafe { mem::zeroed() };
    req.gsr_interface = index;
    req.gsr_group = group.storage;
    req.gsr_source = source.storage;
    req
}
