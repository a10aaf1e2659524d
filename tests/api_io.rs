//! The safe layer's I/O (lnp::io): readn, writen, LineReader (its own buffer,
//! not the C readline's), descriptor passing, timeouts.

use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

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
fn two_line_readers_keep_their_own_data() {
    // Regression (issue 15): two readers in one thread shared the C readline's
    // per-thread buffer, so the second socket's reader returned the first's data.
    let (a1, b1) = pair();
    let (a2, b2) = pair();
    io::writen(&a1, b"a1\na2\n").unwrap();
    io::writen(&a2, b"b1\nb2\n").unwrap();
    let mut first = io::LineReader::new(b1.as_fd());
    let mut second = io::LineReader::new(b2.as_fd());
    assert_eq!(first.next().unwrap().unwrap(), b"a1\n");
    assert_eq!(first.buffer(), b"a2\n", "read ahead by the first reader only");
    assert_eq!(second.next().unwrap().unwrap(), b"b1\n");
    assert_eq!(first.next().unwrap().unwrap(), b"a2\n");
    assert_eq!(second.next().unwrap().unwrap(), b"b2\n");
    // Nor do they touch the C readline's buffer.
    let mut cbuf = std::ptr::null_mut();
    // SAFETY: cbuf is a valid out-pointer.
    assert_eq!(unsafe { lnp::sys::readlinebuf(&mut cbuf) }, 0);
}

#[test]
fn line_reader_is_a_bufread_with_readline_pieces() {
    use std::io::{BufRead, Read};
    let (a, b) = pair();
    let long = vec![b'x'; lnp::consts::MAXLINE + 10];
    let writer = std::thread::spawn(move || {
        io::writen(&a, b"first\nsecond\n").unwrap();
        io::writen(&a, &long).unwrap();
        io::writen(&a, b"\nlast").unwrap();
    });
    let mut lines = io::LineReader::new(b.as_fd());
    let mut text = String::new();
    assert_eq!(lines.read_line(&mut text).unwrap(), 6);
    assert_eq!(text, "first\n");
    let mut word = [0u8; 3];
    lines.read_exact(&mut word).unwrap();
    assert_eq!(&word, b"sec");
    let mut piece = Vec::new();
    assert_eq!(lines.next_line(&mut piece).unwrap(), 4);
    assert_eq!(piece, b"ond\n");
    // A line longer than MAXLINE - 1 comes in pieces of that size, as from readline.
    assert_eq!(lines.next_line(&mut piece).unwrap(), lnp::consts::MAXLINE - 1);
    assert_eq!(lines.next().unwrap().unwrap(), b"xxxxxxxxxxx\n");
    writer.join().unwrap();
    assert_eq!(lines.next().unwrap().unwrap(), b"last", "an unterminated last line");
    assert!(lines.next().is_none(), "EOF");
}

#[test]
fn the_c_readline_keeps_its_per_thread_buffer() {
    let (a, b) = pair();
    io::writen(&a, b"one\ntwo\n").unwrap();
    let mut buf = [0u8; 16];
    // SAFETY: buf is valid for its length.
    let n = unsafe { lnp::sys::readline(b.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(&buf[..n as usize], b"one\n");
    let mut ahead = std::ptr::null_mut();
    // SAFETY: ahead is a valid out-pointer.
    assert_eq!(unsafe { lnp::sys::readlinebuf(&mut ahead) }, 4, "two\n is buffered for C");
    // SAFETY: buf is valid for its length.
    let n = unsafe { lnp::sys::readline(b.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(&buf[..n as usize], b"two\n");
}

#[test]
fn pass_a_descriptor() {
    let (a, b) = pair();
    let (p, q) = pair();
    assert_eq!(io::send_fd(&a, b"fd", &p).unwrap(), 2);
    drop(p);
    let mut buf = [0u8; 8];
    let (n, got) = io::recv_fd(&b, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"fd");
    let got = got.expect("a descriptor came");
    // SAFETY: F_GETFD on our descriptor.
    assert_eq!(unsafe { libc::fcntl(got.as_raw_fd(), libc::F_GETFD) } & libc::FD_CLOEXEC, 0);
    io::writen(&got, b"via passed fd\n").unwrap();
    let mut line = [0u8; 32];
    assert_eq!(io::readn(&q, &mut line[..14]).unwrap(), 14);
    io::writen(&a, b"no fd").unwrap();
    let (n, none) = io::recv_fd(&b, &mut buf).unwrap();
    assert_eq!((n, none.is_none()), (5, true));
}

#[test]
fn readable_and_writable_timeo() {
    let (a, b) = pair();
    assert!(!io::wait_readable(&b, Duration::ZERO).unwrap());
    assert!(io::wait_writable(&a, Duration::from_secs(1)).unwrap());
    io::writen(&a, b"x").unwrap();
    assert!(io::wait_readable(&b, Duration::from_secs(1)).unwrap());
}

/// How long `readable_timeo(timeout)` waits on a silent socket.
fn timed_wait(timeout: Duration) -> Duration {
    let (_a, b) = pair();
    let start = Instant::now();
    assert!(!io::wait_readable(&b, timeout).unwrap(), "nothing to read");
    start.elapsed()
}

#[test]
fn sub_second_timeouts_are_honoured() {
    // Regression (issue 15): 500 ms returned after 4 us and 1999 ms after 1 s
    // (whole seconds of a select timeval).
    for ms in [500, 1999] {
        let asked = Duration::from_millis(ms);
        let waited = timed_wait(asked);
        assert!(waited >= asked, "{ms} ms waited only {waited:?}");
        assert!(waited < asked + Duration::from_millis(500), "{ms} ms waited {waited:?}");
    }
    // A fraction of a millisecond rounds up, never down to an immediate return.
    assert!(timed_wait(Duration::from_micros(1500)) >= Duration::from_micros(1500));
    let (_a, b) = pair();
    let err = io::wait_readable(&b, Duration::from_secs(100 * 24 * 3600)).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "poll cannot wait 100 days");
}

#[test]
fn receive_and_send_timeouts() {
    let (_a, b) = pair();
    sock::set_recv_timeout(&b, Some(Duration::from_millis(300))).unwrap();
    let start = Instant::now();
    let err = sock::read(&b, &mut [0u8; 4]).unwrap_err();
    let waited = start.elapsed();
    assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    assert!(waited >= Duration::from_millis(300) && waited < Duration::from_secs(2), "{waited:?}");
    // The option holds what was asked, to the microsecond.
    let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
    let mut len = std::mem::size_of::<libc::timeval>() as libc::socklen_t;
    // SAFETY: tv is a writable timeval of `len` bytes.
    let rc =
        unsafe { libc::getsockopt(b.as_raw_fd(), libc::SOL_SOCKET, libc::SO_RCVTIMEO, (&raw mut tv).cast(), &mut len) };
    assert_eq!((rc, tv.tv_sec, tv.tv_usec), (0, 0, 300_000));
    assert_eq!(
        sock::set_recv_timeout(&b, Some(Duration::ZERO)).unwrap_err().kind(),
        std::io::ErrorKind::InvalidInput,
        "zero would mean no timeout"
    );
    sock::set_recv_timeout(&b, None).unwrap();
    sock::set_send_timeout(&b, Some(Duration::from_micros(1))).unwrap();
    sock::set_send_timeout(&b, None).unwrap();
}
