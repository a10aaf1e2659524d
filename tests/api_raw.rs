//! The raw layer: the C ABI functions called from Rust under their book
//! names behave as they do from C (return values, errno, the wrappers'
//! messages and exit status).

mod common;

use std::ffi::CStr;
use std::mem;

use common::in_child;
use lnp::sys;

#[test]
fn book_names_are_callable_from_rust() {
    let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
    assert!(fd >= 0);
    // SAFETY: a zeroed sockaddr_in filled with 127.0.0.1:9877.
    let mut sin: libc::sockaddr_in = unsafe { mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = 9877u16.to_be();
    sin.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
    let len = mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `sin` is a valid address of `len` bytes; the result is a per-thread buffer.
    let text = unsafe { CStr::from_ptr(sys::sock_ntop((&raw const sin).cast(), len)) };
    assert_eq!(text.to_str().unwrap(), "127.0.0.1:9877");
    // SAFETY: as above.
    assert_eq!(unsafe { sys::sock_get_port((&raw const sin).cast(), len) }, i32::from(9877u16.to_be()));
    assert_eq!(sys::sockfd_to_family(fd), libc::AF_INET);
    sys::Close(fd);
    // The lower-case functions report through errno.
    assert_eq!(sys::readable_timeo(-1, 0), -1);
    // SAFETY: reading this thread's errno.
    assert_eq!(unsafe { *libc::__errno_location() }, libc::EBADF);
}

#[test]
fn dying_wrappers_print_the_book_text() {
    let r = in_child(|| {
        sys::Socket(12345, libc::SOCK_STREAM, 0);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "socket error: Address family not supported by protocol\n"));
    // A port that nothing listens on: bound a moment ago, released again.
    let l = lnp::net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = lnp::addr::local_addr(&l).unwrap().port().unwrap();
    drop(l);
    let r = in_child(move || {
        let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        // SAFETY: all-zero bytes are a valid sockaddr_in.
        let mut sin: libc::sockaddr_in = unsafe { mem::zeroed() };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        sin.sin_port = port.to_be();
        // SAFETY: `sin` is valid for its size.
        unsafe { sys::Connect(fd, (&raw const sin).cast(), mem::size_of_val(&sin) as libc::socklen_t) };
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "connect error: Connection refused\n"));
}
