//! The safe layer's I/O (lnp::io): readn, writen, readline and LineReader
//! (sharing the C readline's per-thread buffer), descriptor passing, timeouts.

use std::os::fd::{AsFd, AsRawFd};
use std::time::Duration;

use lnp::{io, sock};

fn pair() -> (std::os::fd::OwnedFd, std::os::fd::OwnedFd) {
    sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap()
}

#[test]
fn readn_and_writen() {
    let (a, b) = pair();
    io::writen(&a, b"0123456789").unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(io::readn(&b, &mut buf).unwrap(), 4);
    assert_eq!(&buf, b"0123");
    drop(a);
    let mut rest = [0u8; 10];
    assert_eq!(io::readn(&b, &mut rest).unwrap(), 6, "short only at EOF");
    assert_eq!(&rest[..6], b"456789");
}

#[test]
fn writen_error_is_an_io_error() {
    let (a, b) = pair();
    drop(b);
    // SAFETY: ignore SIGPIPE for this test binary (the write then fails with EPIPE).
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let err = io::writen(&a, b"x").unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EPIPE));
}

#[test]
fn readline_lines_and_quirks() {
    let (a, b) = pair();
    io::writen(&a, b"abcdefgh\nxy\n").unwrap();
    let mut small = [0xffu8; 5];
    // A full buffer without newline: 4 bytes (the C function reports 5).
    assert_eq!(io::readline(&b, &mut small).unwrap(), 4);
    assert_eq!(&small, b"abcd\0");
    let mut buf = [0u8; 64];
    assert_eq!(io::readline(&b, &mut buf).unwrap(), 5);
    assert_eq!(&buf[..6], b"efgh\n\0");
    assert_eq!(io::readlinebuf(), b"xy\n", "read ahead, not yet returned");
    assert_eq!(io::readline(&b, &mut buf).unwrap(), 3);
    assert!(io::readlinebuf().is_empty());
    drop(a);
    assert_eq!(io::readline(&b, &mut buf).unwrap(), 0, "EOF");
    assert_eq!(io::readline(&b, &mut [0u8; 1]).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn line_reader_iterates_and_shares_the_c_buffer() {
    let (a, b) = pair();
    io::writen(&a, b"one\ntwo\nthree").unwrap();
    drop(a);
    let mut lines = io::LineReader::new(b.as_fd());
    assert_eq!(lines.next().unwrap().unwrap(), b"one\n");
    // The C readline of this thread continues where the reader stopped.
    let mut buf = [0u8; 16];
    // SAFETY: buf is valid for its length.
    let n = unsafe { lnp::sys::readline(b.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(&buf[..n as usize], b"two\n");
    let rest: Vec<Vec<u8>> = lines.map(Result::unwrap).collect();
    assert_eq!(rest, vec![b"three".to_vec()]);
}

#[test]
fn line_reader_reports_errors() {
    let fd = sock::socket(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    let mut lines = io::LineReader::new(fd.as_fd());
    let err = lines.next().unwrap().unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOTCONN));
}

#[test]
fn pass_a_descriptor() {
    let (a, b) = pair();
    let (p, q) = pair();
    assert_eq!(io::write_fd(&a, b"fd", &p).unwrap(), 2);
    drop(p);
    let mut buf = [0u8; 8];
    let (n, got) = io::read_fd(&b, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"fd");
    let got = got.expect("a descriptor came");
    // SAFETY: F_GETFD on our descriptor.
    assert_eq!(unsafe { libc::fcntl(got.as_raw_fd(), libc::F_GETFD) } & libc::FD_CLOEXEC, 0);
    io::writen(&got, b"via passed fd\n").unwrap();
    let mut line = [0u8; 32];
    assert_eq!(io::readn(&q, &mut line[..14]).unwrap(), 14);
    io::writen(&a, b"no fd").unwrap();
    let (n, none) = io::read_fd(&b, &mut buf).unwrap();
    assert_eq!((n, none.is_none()), (5, true));
}

#[test]
fn readable_and_writable_timeo() {
    let (a, b) = pair();
    assert!(!io::readable_timeo(&b, Duration::ZERO).unwrap());
    assert!(io::writable_timeo(&a, Duration::from_secs(1)).unwrap());
    io::writen(&a, b"x").unwrap();
    assert!(io::readable_timeo(&b, Duration::from_secs(1)).unwrap());
}
