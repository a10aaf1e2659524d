//! The safe layer's signals (lnp::signal) and processes (lnp::unix).

mod common;

use std::sync::atomic::{AtomicI32, Ordering};

use common::in_child;
use lnp::signal::{self, Handler};
use lnp::unix::{self, Fork};

static CAUGHT: AtomicI32 = AtomicI32::new(0);

extern "C" fn catch(signo: libc::c_int) {
    CAUGHT.store(signo, Ordering::SeqCst);
}

fn flags_of(signo: libc::c_int) -> libc::c_int {
    // SAFETY: reading the current disposition into a zeroed sigaction.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signo, std::ptr::null(), &mut old);
        old.sa_flags
    }
}

#[test]
fn signal_restarts_except_sigalrm() {
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    assert_eq!(signal::signal(libc::SIGUSR1, Handler::Catch(catch)).unwrap(), Handler::Default);
    assert_ne!(flags_of(libc::SIGUSR1) & libc::SA_RESTART, 0);
    // SAFETY: raising a signal we catch.
    unsafe { libc::raise(libc::SIGUSR1) };
    assert_eq!(CAUGHT.load(Ordering::SeqCst), libc::SIGUSR1);
    assert_eq!(signal::signal(libc::SIGUSR1, Handler::Ignore).unwrap(), Handler::Catch(catch));
    assert_eq!(signal::signal(libc::SIGUSR1, Handler::Default).unwrap(), Handler::Ignore);

    signal::signal(libc::SIGALRM, Handler::Catch(catch)).unwrap();
    assert_eq!(flags_of(libc::SIGALRM) & libc::SA_RESTART, 0);
    signal::signal_intr(libc::SIGUSR2, Handler::Catch(catch)).unwrap();
    assert_eq!(flags_of(libc::SIGUSR2) & libc::SA_RESTART, 0);
    signal::signal(libc::SIGALRM, Handler::Default).unwrap();
    signal::signal(libc::SIGUSR2, Handler::Default).unwrap();
    assert_eq!(signal::signal(libc::SIGKILL, Handler::Ignore).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    assert!(signal::signal(12345, Handler::Default).is_err());
}

#[test]
fn signal_intr_interrupts_a_read() {
    let r = in_child(|| {
        signal::signal_intr(libc::SIGALRM, Handler::Catch(catch)).unwrap();
        let (_a, b) = lnp::sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
        // SAFETY: alarm takes an integer.
        unsafe { libc::alarm(1) };
        let err = lnp::sock::read(&b, &mut [0u8; 4]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted);
    });
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
}

#[test]
fn fork_and_waitpid() {
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the child exits at once.
    match unsafe { unix::fork() }.unwrap() {
        // SAFETY: _exit in the child, without running the harness's code.
        Fork::Child => unsafe { libc::_exit(3) },
        Fork::Parent(pid) => {
            let (got, status) = unix::waitpid(pid, 0).unwrap().unwrap();
            assert_eq!((got, libc::WEXITSTATUS(status)), (pid, 3));
        }
    }
    assert_eq!(unix::waitpid(-1, libc::WNOHANG).unwrap_err().raw_os_error(), Some(libc::ECHILD));
}

#[test]
fn daemon_init_in_a_child() {
    // The daemon reports through a pipe: its working directory and descriptor 0.
    let mut fds = [0; 2];
    // SAFETY: fds has room for two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // daemon_init closes descriptors 0-63: keep the write end above them.
    // SAFETY: plain descriptor calls on our pipe.
    unsafe {
        let high = libc::fcntl(fds[1], libc::F_DUPFD, 100);
        libc::close(fds[1]);
        fds[1] = high;
    }
    let r = in_child(move || {
        unix::daemon_init(c"lnp-test", libc::LOG_USER).unwrap();
        let cwd = std::env::current_dir().map(|p| p.display().to_string()).unwrap_or_default();
        let null = std::fs::read_link("/proc/self/fd/0").map(|p| p.display().to_string()).unwrap_or_default();
        // SAFETY: getsid(0) has no preconditions.
        let session = unsafe { libc::getsid(0) == libc::getpid() };
        let msg = format!("{cwd} {null} {session}\n");
        // SAFETY: writing to the pipe inherited from the test.
        unsafe { libc::write(fds[1], msg.as_ptr().cast(), msg.len()) };
    });
    // SAFETY: the parent's copy of the write end.
    unsafe { libc::close(fds[1]) };
    assert_eq!(r.status, 0, "the original process exits 0");
    let mut buf = [0u8; 128];
    // SAFETY: reading the daemon's report (EOF when it exits).
    let n = unsafe { libc::read(fds[0], buf.as_mut_ptr().cast(), buf.len()) };
    // SAFETY: our read end.
    unsafe { libc::close(fds[0]) };
    assert_eq!(String::from_utf8_lossy(&buf[..n.max(0) as usize]), "/ /dev/null false\n");
}

#[test]
fn gf_time_and_ctime() {
    let t = unix::gf_time();
    let b = t.as_bytes();
    assert_eq!(b.len(), 15, "{t}");
    assert!(b[2] == b':' && b[5] == b':' && b[8] == b'.', "{t}");
    assert_eq!(unix::ctime().len(), 24);
}
