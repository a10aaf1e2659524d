//! Out-of-band heartbeats (UNP §24.7, oob/heartbeatcli.c and heartbeatserv.c).
//!
//! Every `nsec` seconds SIGALRM fires; the client sends one urgent byte and
//! the server echoes it, each SIGURG resetting the count of unanswered
//! alarms. The client gives up after `maxnalarms` silent periods with
//! "server is unreachable" on stderr, the server with "no probes from client"
//! on stdout; both then `exit(0)`. The settings are process-global, as the
//! signal handlers need them (one set for each side, as in the two UNP files).

use std::sync::atomic::{AtomicI32, Ordering};

use libc::{c_int, c_void};

use crate::os;
use crate::trace::trace_call;

/// The settings and counter of one side.
struct Beat {
    fd: AtomicI32,
    nsec: AtomicI32,
    max: AtomicI32,
    count: AtomicI32,
}

impl Beat {
    const fn new() -> Self {
        Beat { fd: AtomicI32::new(-1), nsec: AtomicI32::new(1), max: AtomicI32::new(1), count: AtomicI32::new(0) }
    }

    /// Store the arguments with UNP's clamping: `nsec` at least 1, the limit at least `nsec`.
    fn store(&self, fd: c_int, nsec: c_int, maxnalarms: c_int) {
        let nsec = nsec.max(1);
        self.fd.store(fd, Ordering::SeqCst);
        self.nsec.store(nsec, Ordering::SeqCst);
        self.max.store(maxnalarms.max(nsec), Ordering::SeqCst);
    }

    /// Install the handlers, make this process the owner of `fd`'s SIGURG, start the alarm.
    fn start(&self, urg: extern "C" fn(c_int), alrm: extern "C" fn(c_int)) {
        let fd = self.fd.load(Ordering::SeqCst);
        // SAFETY: `urg` is an extern "C" fn(c_int), a valid handler.
        unsafe { crate::sys::Signal(libc::SIGURG, urg as *mut _) };
        // SAFETY: getpid has no preconditions.
        crate::sys::Fcntl(fd, libc::F_SETOWN, unsafe { libc::getpid() });
        // SAFETY: `alrm` is an extern "C" fn(c_int), a valid handler.
        unsafe { crate::sys::Signal(libc::SIGALRM, alrm as *mut _) };
        // SAFETY: alarm has no preconditions.
        unsafe { libc::alarm(self.nsec.load(Ordering::SeqCst) as u32) };
    }

    /// Read the urgent byte; any error but EWOULDBLOCK is fatal ("recv error").
    fn recv_oob(&self) -> u8 {
        let mut c = 0u8;
        // SAFETY: `c` is writable for the one byte asked for.
        let n = unsafe { libc::recv(self.fd.load(Ordering::SeqCst), (&raw mut c).cast::<c_void>(), 1, libc::MSG_OOB) };
        if n < 0 && os::errno() != libc::EWOULDBLOCK {
            crate::error::sys_exit_errno(c"recv error");
        }
        c
    }

    /// One more silent period: true if that exceeds the limit.
    fn expired(&self) -> bool {
        self.count.fetch_add(1, Ordering::SeqCst) + 1 > self.max.load(Ordering::SeqCst)
    }

    fn rearm(&self) {
        // SAFETY: alarm has no preconditions.
        unsafe { libc::alarm(self.nsec.load(Ordering::SeqCst) as u32) };
    }
}

static CLI: Beat = Beat::new();
static SERV: Beat = Beat::new();

/// Run a handler body with the interrupted code's errno saved and restored.
fn keep_errno(body: impl FnOnce()) {
    let saved = os::errno();
    body();
    os::set_errno(saved);
}

extern "C" fn cli_urg(_signo: c_int) {
    keep_errno(|| {
        CLI.recv_oob();
        CLI.count.store(0, Ordering::SeqCst);
    });
}

extern "C" fn cli_alrm(_signo: c_int) {
    keep_errno(|| {
        if CLI.expired() {
            // SAFETY: a literal C string on glibc's stderr, then exit as in UNP.
            unsafe {
                libc::fputs(c"server is unreachable\n".as_ptr(), os::c_stderr());
                libc::exit(0);
            }
        }
        // SAFETY: one readable byte.
        unsafe { crate::sys::Send(CLI.fd.load(Ordering::SeqCst), c"1".as_ptr().cast(), 1, libc::MSG_OOB) };
        CLI.rearm();
    });
}

extern "C" fn serv_urg(_signo: c_int) {
    keep_errno(|| {
        let c = SERV.recv_oob();
        // SAFETY: `c` is one readable byte.
        unsafe { crate::sys::Send(SERV.fd.load(Ordering::SeqCst), (&raw const c).cast(), 1, libc::MSG_OOB) };
        SERV.count.store(0, Ordering::SeqCst);
    });
}

extern "C" fn serv_alrm(_signo: c_int) {
    keep_errno(|| {
        if SERV.expired() {
            // SAFETY: a literal C string on glibc's stdout, then exit (which flushes it) as in UNP.
            unsafe {
                libc::fputs(c"no probes from client\n".as_ptr(), os::c_stdout());
                libc::exit(0);
            }
        }
        SERV.rearm();
    });
}

/// Client heartbeat: an urgent byte every nsec seconds, exit(0) after maxnalarms unanswered (UNP §24.7).
///
/// After `maxnalarms` silent periods it prints "server is unreachable" on
/// stderr and calls exit(0).
///
/// Installs SIGURG and SIGALRM handlers (with `Signal`) and sets the socket's
/// owner to this process. `nsec < 1` counts as 1 and a limit below `nsec` as
/// `nsec`. The handlers may interrupt the caller's system calls (EINTR is
/// possible only for calls `Signal` does not restart: none but SIGALRM's).
#[unsafe(export_name = "lnp_rs_heartbeat_cli")]
pub extern "C" fn heartbeat_cli(servfd: c_int, nsec: c_int, maxnalarms: c_int) {
    heartbeat_cli_core(servfd, nsec, maxnalarms);
    trace_call!(SOCK, "heartbeat_cli", &(), [Int(servfd.into()), Int(nsec.into()), Int(maxnalarms.into())]);
}

/// The body of `heartbeat_cli` without its trace line (for `heartbeat_cli` itself and the library's own calls).
pub(crate) fn heartbeat_cli_core(servfd: c_int, nsec: c_int, maxnalarms: c_int) {
    CLI.store(servfd, nsec, maxnalarms);
    CLI.count.store(0, Ordering::SeqCst);
    CLI.start(cli_urg, cli_alrm);
}

/// Server heartbeat: echo each urgent byte, exit(0) after maxnalarms silent periods (UNP §24.7).
///
/// After `maxnalarms` periods of `nsec` seconds without a probe it prints
/// "no probes from client" on stdout and calls exit(0).
///
/// Same setup and clamping as `heartbeat_cli`, except that the counter is not
/// reset (it starts at 0 once per process, as in UNP).
#[unsafe(export_name = "lnp_rs_heartbeat_serv")]
pub extern "C" fn heartbeat_serv(servfd: c_int, nsec: c_int, maxnalarms: c_int) {
    heartbeat_serv_core(servfd, nsec, maxnalarms);
    trace_call!(SOCK, "heartbeat_serv", &(), [Int(servfd.into()), Int(nsec.into()), Int(maxnalarms.into())]);
}

/// The body of `heartbeat_serv` without its trace line (for `heartbeat_serv` itself and the library's own calls).
pub(crate) fn heartbeat_serv_core(servfd: c_int, nsec: c_int, maxnalarms: c_int) {
    SERV.store(servfd, nsec, maxnalarms);
    SERV.start(serv_urg, serv_alrm);
}
