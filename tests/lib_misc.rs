//! The echo loops, timeouts, gf_time, Signal/signal_intr, daemon_inetd and
//! descriptor passing through `lnp::sys` (the C views are
//! tests/c/test_lib_{echo,timeo,sig}.c).

mod common;

use std::ffi::CStr;
use std::mem::{size_of, zeroed};
use std::ptr;
use std::time::{Duration, Instant};

use common::{FORK_MTX, in_child};
use libc::{c_int, sockaddr_in, socklen_t};
use lnp::sys;
use lnp::sys::Sigfunc;

fn pair() -> [c_int; 2] {
    let mut sv = [0; 2];
    // SAFETY: sv has room for two descriptors.
    assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr()) }, 0);
    sv
}

fn close(fds: &[c_int]) {
    for &fd in fds {
        // SAFETY: closing our own descriptors.
        unsafe { libc::close(fd) };
    }
}

/// A C stream holding `text`, positioned at its start.
fn input(text: &CStr) -> *mut libc::FILE {
    // SAFETY: tmpfile has no arguments; the stream is ours.
    unsafe {
        let fp = libc::tmpfile();
        libc::fputs(text.as_ptr(), fp);
        libc::rewind(fp);
        fp
    }
}

#[test]
fn str_echo_and_str_cli() {
    let sv = pair();
    let server = std::thread::spawn(move || sys::str_echo(sv[1]));
    let fp = input(c"first\nsecond line\n");
    // SAFETY: fp is an open stream; the child echoes to its captured stdout.
    let r = in_child(|| unsafe { sys::str_cli(fp, sv[0]) });
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (0, "first\nsecond line\n", ""));
    // SAFETY: shutting down our socket ends str_echo; closing our stream.
    unsafe {
        libc::shutdown(sv[0], libc::SHUT_WR);
        libc::fclose(fp);
    }
    server.join().unwrap();
    close(&sv);

    let r = in_child(|| sys::str_echo(-1));
    assert_eq!((r.status, r.stderr.as_str()), (1, "str_echo: read error: Bad file descriptor\n"));
    // a server that reads and leaves
    let sv = pair();
    let server = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        sys::readline_into(sv[1], &mut buf).unwrap();
        // SAFETY: shutting down (not closing: the forked client holds a copy) the server's end.
        unsafe { libc::shutdown(sv[1], libc::SHUT_RDWR) };
    });
    let fp = input(c"anyone?\n");
    // SAFETY: fp is an open stream.
    let r = in_child(|| unsafe { sys::str_cli(fp, sv[0]) });
    assert_eq!((r.status, r.stderr.as_str()), (1, "str_cli: server terminated prematurely\n"));
    server.join().unwrap();
    // SAFETY: closing our stream and socket.
    unsafe {
        libc::fclose(fp);
        libc::close(sv[0]);
        libc::close(sv[1]);
    }
}

#[test]
fn dg_echo_and_dg_cli() {
    // SAFETY: NUL-terminated strings, valid buffers, our descriptors.
    unsafe {
        let sfd = sys::Udp_server(c"127.0.0.1".as_ptr(), c"0".as_ptr(), ptr::null_mut());
        let mut serv: sockaddr_in = zeroed();
        let mut len = size_of::<sockaddr_in>() as socklen_t;
        libc::getsockname(sfd, (&raw mut serv).cast(), &mut len);
        // the echo server runs forever: give it a child process and kill it afterwards
        let _guard = FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
        let pid = libc::fork();
        if pid == 0 {
            let mut cli: sockaddr_in = zeroed();
            sys::dg_echo(sfd, (&raw mut cli).cast(), size_of::<sockaddr_in>() as socklen_t);
            libc::_exit(3);
        }
        drop(_guard);
        libc::close(sfd);
        let cfd = sys::Socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        let fp = input(c"datagram\nagain\n");
        let r = in_child(|| sys::dg_cli(fp, cfd, (&raw const serv).cast(), len));
        assert_eq!((r.status, r.stdout.as_str()), (0, "datagram\nagain\n"));
        libc::kill(pid, libc::SIGTERM);
        libc::waitpid(pid, ptr::null_mut(), 0);
        libc::fclose(fp);
        libc::close(cfd);
    }
}

/// A listener (backlog 0) whose accept queue is full, so that connects hang.
fn full_listener() -> (c_int, sockaddr_in) {
    // SAFETY: plain socket calls on our descriptors and addresses.
    unsafe {
        let l = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        let mut sin: sockaddr_in = zeroed();
        sin.sin_family = libc::AF_INET as _;
        sin.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        let mut len = size_of::<sockaddr_in>() as socklen_t;
        sys::Bind(l, (&raw const sin).cast(), len);
        libc::listen(l, 0);
        libc::getsockname(l, (&raw mut sin).cast(), &mut len);
        for _ in 0..3 {
            let c = sys::Socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_NONBLOCK, 0);
            libc::connect(c, (&raw const sin).cast(), len);
        }
        std::thread::sleep(Duration::from_millis(100));
        (l, sin)
    }
}

#[test]
fn connect_timeouts() {
    let (l, sin) = full_listener();
    let len = size_of::<sockaddr_in>() as socklen_t;
    // SAFETY: a complete address; our descriptors.
    unsafe {
        let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        let t0 = Instant::now();
        assert_eq!(sys::connect_nonb(fd, (&raw const sin).cast(), len, 1), -1);
        assert_eq!(*libc::__errno_location(), libc::ETIMEDOUT);
        assert!(t0.elapsed() >= Duration::from_millis(900));
        let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        let r = in_child(|| sys::Connect_timeo(fd, (&raw const sin).cast(), len, 1));
        assert_eq!((r.status, r.stderr.as_str()), (1, "connect_timeo error: Connection timed out\n"));
        libc::close(fd);
        libc::close(l);
        // a listener that accepts
        let lfd = sys::tcp_listen(c"127.0.0.1".as_ptr(), c"0".as_ptr(), ptr::null_mut());
        let mut ok: sockaddr_in = zeroed();
        let mut olen = len;
        libc::getsockname(lfd, (&raw mut ok).cast(), &mut olen);
        let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert_eq!(sys::connect_nonb(fd, (&raw const ok).cast(), len, 0), 0);
        assert_eq!(libc::fcntl(fd, libc::F_GETFL) & libc::O_NONBLOCK, 0);
        libc::close(fd);
        libc::close(lfd);
    }
}

#[test]
fn readable_writable_tv_sub_gf_time() {
    let sv = pair();
    assert_eq!(sys::readable_timeo(sv[0], 0), 0);
    assert_eq!(sys::Writable_timeo(sv[0], 0), 1);
    sys::writen_all(sv[1], b"x").unwrap();
    assert_eq!(sys::Readable_timeo(sv[0], 1), 1);
    assert_eq!(sys::writable_timeo(-1, 0), -1);
    let r = in_child(|| {
        sys::Readable_timeo(-1, 0);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "readable_timeo error: Bad file descriptor\n"));
    close(&sv);

    let mut a = libc::timeval { tv_sec: 5, tv_usec: 100 };
    let mut b = libc::timeval { tv_sec: 2, tv_usec: 200 };
    // SAFETY: two valid timevals.
    unsafe { sys::tv_sub(&mut a, &mut b) };
    assert_eq!((a.tv_sec, a.tv_usec), (2, 999_900));

    let p = sys::gf_time();
    // SAFETY: gf_time returns a NUL-terminated per-thread buffer.
    let t = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
    assert_eq!(t.len(), 15, "{t}");
    for (i, c) in t.bytes().enumerate() {
        match i {
            2 | 5 => assert_eq!(c, b':'),
            8 => assert_eq!(c, b'.'),
            _ => assert!(c.is_ascii_digit(), "{t}"),
        }
    }
    assert_eq!(sys::gf_time(), p);
}

extern "C" fn handler(_: c_int) {}

fn flags(signo: c_int) -> (usize, c_int) {
    // SAFETY: reading the disposition into a zeroed sigaction.
    unsafe {
        let mut sa: libc::sigaction = zeroed();
        libc::sigaction(signo, ptr::null(), &mut sa);
        (sa.sa_sigaction, sa.sa_flags)
    }
}

#[test]
fn signal_flags() {
    let _guard = FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    let h = handler as extern "C" fn(c_int) as *mut Sigfunc;
    let dfl = ptr::null_mut::<Sigfunc>();
    // SAFETY: `handler` is async-signal-safe; SIG_DFL/SIG_IGN are plain values.
    unsafe {
        assert_eq!(sys::Signal(libc::SIGUSR1, h), dfl);
        assert_eq!(flags(libc::SIGUSR1).0, h as usize);
        assert_ne!(flags(libc::SIGUSR1).1 & libc::SA_RESTART, 0);
        assert_eq!(sys::signal_intr(libc::SIGUSR1, dfl), h);
        assert_eq!(sys::Signal(libc::SIGALRM, h), dfl);
        assert_eq!(flags(libc::SIGALRM).1 & libc::SA_RESTART, 0);
        assert_eq!(sys::Signal_intr(libc::SIGALRM, dfl), h);
        let ign = ptr::without_provenance_mut::<Sigfunc>(libc::SIG_IGN);
        assert_eq!(sys::Signal(libc::SIGUSR2, ign), dfl);
        assert_eq!(sys::Signal_intr(libc::SIGUSR2, dfl), ign);
        assert_eq!(flags(libc::SIGUSR2).1 & libc::SA_RESTART, 0);
        assert_eq!(sys::signal_intr(libc::SIGKILL, h) as usize, libc::SIG_ERR);
    }
    drop(_guard);
    // SAFETY: the child dies in the wrapper.
    let r = in_child(move || unsafe {
        sys::Signal(libc::SIGKILL, h);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "signal error: Invalid argument\n"));
}

#[test]
fn fd_passing_and_daemon_inetd() {
    let sv = pair();
    let mut p = [0; 2];
    // SAFETY: valid buffers and our descriptors.
    unsafe {
        libc::pipe(p.as_mut_ptr());
        assert_eq!(sys::Write_fd(sv[0], b"F".as_ptr().cast_mut().cast(), 1, p[0]), 1);
        let mut got: c_int = -2;
        let mut c = 0u8;
        assert_eq!(sys::read_fd(sv[1], (&raw mut c).cast(), 1, &mut got), 1);
        assert!(got >= 0 && got != p[0]);
        assert_eq!(libc::fcntl(got, libc::F_GETFD) & libc::FD_CLOEXEC, 0);
        sys::writen_all(p[1], b"via").unwrap();
        let mut buf = [0u8; 3];
        assert_eq!(sys::readn_into(got, &mut buf).unwrap(), 3);
        assert_eq!(&buf, b"via");
        libc::close(got);
        sys::writen_all(sv[0], b"d").unwrap();
        assert_eq!(sys::Read_fd(sv[1], (&raw mut c).cast(), 1, &mut got), 1);
        assert_eq!(got, -1);
        close(&[p[0], p[1], sv[0], sv[1]]);
        assert_eq!(sys::write_fd(-1, b"x".as_ptr().cast_mut().cast(), 1, 0), -1);
    }
    // SAFETY: the child switches err_* to syslog, so err_msg prints nothing on stderr.
    let r = in_child(|| unsafe {
        sys::daemon_inetd(c"lnp-test".as_ptr(), libc::LOG_USER);
        let _ = libc::printf(c"logged".as_ptr());
    });
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (0, "logged", ""));
}
