//! The safe layer's signals (lnp::signal) and processes (lnp::unix).

mod common;

use std::sync::atomic::{AtomicI32, Ordering};

use std::os::fd::AsFd;
use std::time::Duration;

use common::in_child;
use lnp::io;
use lnp::signal::{self, Handler, Signals};
use lnp::sock::{self, PollFd};
use lnp::unix::{self, Fork, WaitStatus};

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
    // SAFETY: `catch` only stores to an atomic: async-signal-safe.
    unsafe {
        assert_eq!(signal::signal(libc::SIGUSR1, Handler::Catch(catch)).unwrap(), Handler::Default);
        assert_ne!(flags_of(libc::SIGUSR1) & libc::SA_RESTART, 0);
        libc::raise(libc::SIGUSR1);
    }
    assert_eq!(CAUGHT.load(Ordering::SeqCst), libc::SIGUSR1);
    // The handler found in place is reported, equal to ours, but not callable.
    let previous = signal::ignore(libc::SIGUSR1).unwrap();
    assert!(matches!(previous, Handler::Previous(p) if !p.is_siginfo()), "{previous:?}");
    assert_eq!(previous, Handler::Catch(catch));
    assert_eq!(signal::default(libc::SIGUSR1).unwrap(), Handler::Ignore);
    assert_eq!(signal::restore(libc::SIGUSR1, previous).unwrap(), Handler::Default);
    assert_eq!(signal::default(libc::SIGUSR1).unwrap(), Handler::Catch(catch));

    // SAFETY: as above.
    unsafe {
        signal::signal(libc::SIGALRM, Handler::Catch(catch)).unwrap();
        assert_eq!(flags_of(libc::SIGALRM) & libc::SA_RESTART, 0);
        signal::signal_intr(libc::SIGUSR2, Handler::Catch(catch)).unwrap();
        assert_eq!(flags_of(libc::SIGUSR2) & libc::SA_RESTART, 0);
    }
    signal::default(libc::SIGALRM).unwrap();
    signal::default(libc::SIGUSR2).unwrap();
    assert_eq!(signal::ignore(libc::SIGKILL).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    assert!(signal::default(12345).is_err());
    // New code needs the unsafe function.
    let err = signal::restore(libc::SIGUSR1, Handler::Catch(catch)).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

extern "C" fn catch_info(_signo: libc::c_int, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {}

#[test]
fn a_siginfo_handler_stays_a_siginfo_handler() {
    // Regression (issue 15): a three-argument SA_SIGINFO handler found in place
    // came back as a one-argument fn pointer that safe code could call.
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: installing a do-nothing SA_SIGINFO handler with a zeroed sigaction.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = catch_info as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) as usize;
        sa.sa_flags = libc::SA_SIGINFO;
        assert_eq!(libc::sigaction(libc::SIGURG, &sa, std::ptr::null_mut()), 0);
    }
    let previous = signal::ignore(libc::SIGURG).unwrap();
    let Handler::Previous(p) = previous else { panic!("{previous:?}") };
    assert!(p.is_siginfo());
    assert_eq!(p.address(), catch_info as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) as usize);
    signal::restore(libc::SIGURG, previous).unwrap();
    assert_ne!(flags_of(libc::SIGURG) & libc::SA_SIGINFO, 0, "reinstalled as a three-argument handler");
    signal::default(libc::SIGURG).unwrap();
}

#[test]
fn signals_arrive_through_a_descriptor() {
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    let before = signal::ignore(libc::SIGWINCH).unwrap();
    {
        let signals = Signals::new(&[libc::SIGWINCH, libc::SIGHUP]).unwrap();
        assert!(signals.pending().unwrap().is_empty());
        assert_eq!(
            Signals::new(&[libc::SIGHUP]).unwrap_err().kind(),
            std::io::ErrorKind::AddrInUse,
            "one Signals per signal"
        );
        // SAFETY: raising signals that are caught by the library's handler.
        unsafe {
            libc::raise(libc::SIGWINCH);
            libc::raise(libc::SIGHUP);
            libc::raise(libc::SIGWINCH);
        }
        let mut fds = [PollFd::new(signals.as_fd(), libc::POLLIN)];
        assert_eq!(sock::poll(&mut fds, Some(Duration::from_secs(5))).unwrap(), 1);
        assert_eq!(signals.wait().unwrap(), vec![libc::SIGWINCH, libc::SIGHUP], "each once, in order");
        assert!(signals.pending().unwrap().is_empty());
        // A blocking read is restarted, not interrupted, and the signal waits in the pipe.
        let (a, b) = sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
        let kicker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            // SAFETY: signalling our own process.
            unsafe { libc::kill(libc::getpid(), libc::SIGWINCH) };
            std::thread::sleep(Duration::from_millis(100));
            io::writen(&a, b"x").unwrap();
        });
        assert_eq!(sock::read(&b, &mut [0u8; 1]).unwrap(), 1);
        kicker.join().unwrap();
        assert_eq!(signals.pending().unwrap(), vec![libc::SIGWINCH]);
    }
    // Dropping the Signals put the previous dispositions back.
    assert_eq!(signal::default(libc::SIGWINCH).unwrap(), Handler::Ignore);
    assert_eq!(signal::default(libc::SIGHUP).unwrap(), Handler::Default);
    signal::restore(libc::SIGWINCH, before).unwrap();
    assert_eq!(Signals::new(&[libc::SIGKILL]).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    assert_eq!(Signals::new(&[0]).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(Signals::new(&[65]).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn fork_refuses_a_multithreaded_process() {
    // The test harness runs tests on several threads.
    let _g = common::FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    let helper = std::thread::spawn(|| std::thread::sleep(Duration::from_millis(200)));
    let err = unix::fork().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::Unsupported);
    assert!(err.to_string().contains("threads"), "{err}");
    helper.join().unwrap();
}

#[test]
fn fork_waitpid_and_reaping_in_a_child() {
    // in_child's process has one thread, so the safe fork works there.
    let r = in_child(|| {
        let Fork::Parent(pid) = unix::fork().unwrap() else { std::process::exit(3) };
        assert_eq!(unix::waitpid(pid, 0).unwrap(), Some((pid, WaitStatus::Exited(3))));
        let Fork::Parent(pid) = unix::fork().unwrap() else {
            // SAFETY: a child killing itself.
            unsafe { libc::raise(libc::SIGTERM) };
            std::process::exit(0)
        };
        assert_eq!(unix::waitpid(pid, 0).unwrap(), Some((pid, WaitStatus::Signaled(libc::SIGTERM, false))));
        // Children reaped after a SIGCHLD, the safe way.
        let sigchld = Signals::new(&[libc::SIGCHLD]).unwrap();
        let mut pids = Vec::new();
        for code in [4, 5] {
            match unix::fork().unwrap() {
                Fork::Child => std::process::exit(code),
                Fork::Parent(pid) => pids.push(pid),
            }
        }
        let mut reaped = Vec::new();
        while reaped.len() < 2 {
            assert_eq!(sigchld.wait().unwrap(), vec![libc::SIGCHLD]);
            reaped.extend(unix::reap_children().unwrap());
        }
        reaped.sort_unstable_by_key(|&(pid, _)| pid);
        assert_eq!(reaped, vec![(pids[0], WaitStatus::Exited(4)), (pids[1], WaitStatus::Exited(5))]);
        assert_eq!(unix::waitpid(-1, libc::WNOHANG).unwrap_err().raw_os_error(), Some(libc::ECHILD));
        assert!(unix::reap_children().unwrap().is_empty());
    });
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
}

#[test]
fn signal_intr_interrupts_a_read() {
    let r = in_child(|| {
        // SAFETY: `catch` only stores to an atomic.
        unsafe { signal::signal_intr(libc::SIGALRM, Handler::Catch(catch)) }.unwrap();
        let (_a, b) = lnp::sock::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
        // SAFETY: alarm takes an integer.
        unsafe { libc::alarm(1) };
        let err = lnp::sock::read(&b, &mut [0u8; 4]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted);
    });
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
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
