//! The safe layer's die-on-error style (lnp::die, OrDie): the book's exact
//! text on C's stderr, exit status 1, C's stdout flushed first.

mod common;

use std::io;

use common::in_child;
use lnp::OrDie;

#[test]
fn or_die_prints_msg_and_strerror() {
    let r = in_child(|| {
        let res: io::Result<()> = Err(io::Error::from_raw_os_error(libc::ECONNREFUSED));
        res.or_die("connect error");
    });
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr, "connect error: Connection refused\n");
}

#[test]
fn or_die_passes_values_through() {
    let r = in_child(|| {
        let v: io::Result<i32> = Ok(42);
        assert_eq!(v.or_die("never"), 42);
        assert_eq!(Some(7).or_quit("never"), 7);
    });
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
}

#[test]
fn or_die_of_a_real_failure() {
    let r = in_child(|| {
        lnp::sock::socket(12345, libc::SOCK_STREAM, 0).or_die("socket error");
    });
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr, "socket error: Address family not supported by protocol\n");
}

#[test]
fn or_die_without_errno_prints_the_error_text() {
    let r = in_child(|| {
        lnp::net::tcp_connect("no-such-host.invalid", "9877")
            .or_die("tcp_connect error for no-such-host.invalid, 9877");
    });
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.starts_with("tcp_connect error for no-such-host.invalid, 9877: ") && !r.stderr.contains("os error"),
        "{:?}",
        r.stderr
    );
}

#[test]
fn or_quit_prints_msg_only() {
    let r = in_child(|| {
        let res: io::Result<()> = Err(io::Error::from_raw_os_error(libc::EINVAL));
        res.or_quit("usage: tcpcli <IPaddress>");
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "usage: tcpcli <IPaddress>\n"));
}

#[test]
fn stdout_is_flushed_before_the_message() {
    let r = in_child(|| {
        lnp::stdio::print("partial line");
        lnp::die::err_quit("fatal");
    });
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (1, "partial line", "fatal\n"));
}

#[test]
fn err_msg_and_err_ret_return_and_keep_errno() {
    let r = in_child(|| {
        // SAFETY: setting this thread's errno.
        unsafe { *libc::__errno_location() = libc::EPIPE };
        lnp::die::err_msg("note");
        lnp::die::err_ret("write error");
        lnp::die::err_ret("again");
        lnp::die::err_sys("last");
    });
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr, "note\nwrite error: Broken pipe\nagain: Broken pipe\nlast: Broken pipe\n");
}

#[test]
fn interior_nul_is_dropped() {
    let r = in_child(|| lnp::die::err_quit("a\0b"));
    assert_eq!(r.stderr, "ab\n");
}
