//! The Unix, stdio and socket wrappers (lnp.h groups F, G, H) called from
//! Rust through `lnp::sys`: results, inheritable descriptors, and the exact
//! text and status of the dying paths (run in a forked child).
//! The C tests in tests/c/test_wrap_*.c cover every wrapper from C.

use libc::{c_int, c_void};
use lnp::sys;

/// Run `f` in a forked child whose stderr is a pipe; return the child's exit
/// status (128 + signal if killed) and everything it wrote to stderr.
fn in_child(f: impl FnOnce()) -> (c_int, String) {
    let mut fds = [0 as c_int; 2];
    // SAFETY: fds has room for two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: the child only calls the library and exits; it never returns into the test harness.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        // SAFETY: plain descriptor operations in the child.
        unsafe {
            libc::dup2(fds[1], 2);
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
        f();
        // SAFETY: leave the child without running the harness's exit handlers.
        unsafe { libc::_exit(0) }
    }
    // SAFETY: closing our copy of the write end.
    unsafe { libc::close(fds[1]) };
    let mut out = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        // SAFETY: buf is writable for its length.
        let n = unsafe { libc::read(fds[0], buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        out.extend_from_slice(&buf[..n as usize]);
    }
    let mut status = 0;
    // SAFETY: waiting for our own child; closing our read end.
    unsafe {
        libc::close(fds[0]);
        libc::waitpid(pid, &mut status, 0);
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 128 + libc::WTERMSIG(status) };
    (code, String::from_utf8_lossy(&out).into_owned())
}

fn inheritable(fd: c_int) -> bool {
    // SAFETY: F_GETFD on any descriptor number.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    flags >= 0 && flags & libc::FD_CLOEXEC == 0
}

#[test]
fn descriptors_are_inheritable() {
    let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
    assert!(inheritable(fd));
    sys::Close(fd);
    let mut sv = [0 as c_int; 2];
    // SAFETY: sv has room for two descriptors.
    unsafe { sys::Socketpair(libc::AF_UNIX, libc::SOCK_DGRAM, 0, sv.as_mut_ptr()) };
    assert!(inheritable(sv[0]) && inheritable(sv[1]));
    // SAFETY: as above.
    unsafe { sys::Pipe(sv.as_mut_ptr()) };
    assert!(inheritable(sv[0]) && inheritable(sv[1]));
    // SAFETY: a NUL-terminated path.
    let fd = unsafe { sys::Open(c"/dev/null".as_ptr(), libc::O_RDONLY, 0) };
    assert!(inheritable(fd));
    sys::Close(fd);
    let mut template = *b"/tmp/lnp-wrap-rsXXXXXX\0";
    // SAFETY: a writable NUL-terminated template.
    let fd = unsafe { sys::Mkstemp(template.as_mut_ptr().cast()) };
    assert!(inheritable(fd));
    sys::Close(fd);
    // SAFETY: the path Mkstemp filled in.
    unsafe { sys::Unlink(template.as_ptr().cast()) };
}

#[test]
fn data_goes_through() {
    let mut sv = [0 as c_int; 2];
    // SAFETY: sv has room for two descriptors.
    unsafe { sys::Socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr()) };
    let mut buf = [0u8; 16];
    // SAFETY: the buffers are valid for the lengths given.
    unsafe {
        sys::Write(sv[0], b"abc".as_ptr() as *mut c_void, 3);
        assert_eq!(sys::Read(sv[1], buf.as_mut_ptr().cast(), buf.len()), 3);
        sys::Send(sv[1], b"de".as_ptr().cast(), 2, 0);
        assert_eq!(sys::Recv(sv[0], buf.as_mut_ptr().cast(), buf.len(), 0), 2);
    }
    assert_eq!(&buf[..2], b"de");
    sys::Shutdown(sv[0], libc::SHUT_WR);
    // SAFETY: as above.
    assert_eq!(unsafe { sys::Read(sv[1], buf.as_mut_ptr().cast(), buf.len()) }, 0);
    sys::Close(sv[0]);
    sys::Close(sv[1]);
    assert!(sys::Sysconf(libc::_SC_OPEN_MAX) > 0);
}

#[test]
fn dying_wrappers_print_the_books_text() {
    type Case = (Box<dyn FnOnce()>, c_int, &'static str);
    let cases: Vec<Case> = vec![
        (Box::new(|| sys::Close(-1)), 1, "close error: Bad file descriptor\n"),
        (Box::new(|| sys::Listen(-1, 5)), 1, "listen error: Bad file descriptor\n"),
        (
            Box::new(|| {
                sys::Socket(9999, libc::SOCK_STREAM, 0);
            }),
            1,
            "socket error: Address family not supported by protocol\n",
        ),
        (
            Box::new(|| {
                sys::Sysconf(-1);
            }),
            1,
            "sysconf error: Invalid argument\n",
        ),
        (
            Box::new(|| {
                sys::Sysctl(
                    std::ptr::null_mut(),
                    0,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    0,
                )
            }),
            1,
            "sysctl error: Function not implemented\n",
        ),
        (
            Box::new(|| {
                sys::Kqueue();
            }),
            1,
            "kqueue error: Function not implemented\n",
        ),
        (
            Box::new(|| {
                let mut t = *b"/nonexistent-dir/XXXXXX\0";
                // SAFETY: a writable NUL-terminated template.
                unsafe { sys::Mkstemp(t.as_mut_ptr().cast()) };
            }),
            1,
            "mkstemp error\n",
        ),
        (
            // SAFETY: a NUL-terminated path.
            Box::new(|| unsafe { sys::Unlink(c"/nonexistent-dir/f".as_ptr()) }),
            1,
            "unlink error for /nonexistent-dir/f: No such file or directory\n",
        ),
        (
            Box::new(|| {
                // SAFETY: NUL-terminated strings.
                unsafe { sys::Fopen(c"/nonexistent-dir/f".as_ptr(), c"r".as_ptr()) };
            }),
            1,
            "fopen error: No such file or directory\n",
        ),
    ];
    for (f, want_status, want_err) in cases {
        let (status, err) = in_child(f);
        assert_eq!((status, err.as_str()), (want_status, want_err));
    }
}

#[test]
fn short_write_is_fatal_with_stale_errno() {
    let (status, err) = in_child(|| {
        let mut sv = [0 as c_int; 2];
        // SAFETY: sv has room for two descriptors.
        unsafe { sys::Socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr()) };
        sys::Fcntl(sv[0], libc::F_SETFL, libc::O_NONBLOCK);
        let big = vec![0u8; 4 << 20];
        // SAFETY: errno is thread-local; big is valid for its length.
        unsafe {
            *libc::__errno_location() = 0;
            sys::Write(sv[0], big.as_ptr() as *mut c_void, big.len());
        }
    });
    assert_eq!((status, err.as_str()), (1, "write error: Success\n"));
}

#[test]
fn listen_honours_listenq_env() {
    // In a child, so the environment change stays there: LISTENQ=0 lets
    // exactly one connection complete while nobody accepts.
    let (status, err) = in_child(|| {
        // SAFETY: the child is single-threaded.
        unsafe { libc::setenv(c"LISTENQ".as_ptr(), c"0".as_ptr(), 1) };
        let lfd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        // SAFETY: zeroed sockaddr_in is a valid value.
        let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_addr.s_addr = u32::from_be_bytes([127, 0, 0, 1]).to_be();
        let mut len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
        let sa = (&raw mut sin).cast::<libc::sockaddr>();
        // SAFETY: sin is valid for len bytes.
        unsafe {
            sys::Bind(lfd, sa, len);
            sys::Listen(lfd, 100);
            sys::Getsockname(lfd, sa, &mut len);
        }
        let mut pfd = Vec::new();
        for _ in 0..4 {
            let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
            sys::Fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK);
            // SAFETY: as above.
            unsafe { libc::connect(fd, sa, len) };
            pfd.push(libc::pollfd { fd, events: libc::POLLOUT, revents: 0 });
        }
        // SAFETY: plain sleep; pfd is valid for its length.
        let ready = unsafe {
            libc::usleep(300_000);
            sys::Poll(pfd.as_mut_ptr(), pfd.len() as libc::c_ulong, 0)
        };
        let msg = format!("{ready}\n\0");
        // SAFETY: a NUL-terminated message.
        unsafe { libc::write(2, msg.as_ptr().cast(), msg.len() - 1) };
    });
    assert_eq!((status, err.as_str()), (0, "1\n"));
}
