//! Helpers shared by the safe-API tests (tests/api_*.rs).
#![allow(dead_code)]

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::Mutex;

/// Serialises forks (and signal changes) within one test binary, so that no
/// other test thread holds a lock when a child starts.
pub static FORK_MTX: Mutex<()> = Mutex::new(());

/// What a child did: its exit status (128 + signal if killed), stdout and stderr.
#[derive(Debug)]
pub struct ChildResult {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: fds has room for two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: fresh descriptors.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// Run `f` in a forked child with stdout and stderr captured; `_exit(0)` if it returns.
pub fn in_child(f: impl FnOnce()) -> ChildResult {
    let _guard = FORK_MTX.lock().unwrap_or_else(|e| e.into_inner());
    let (out_r, out_w) = pipe();
    let (err_r, err_w) = pipe();
    // SAFETY: C stdio is flushed so the child inherits no pending output.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    // SAFETY: the child only runs `f` and exits; other test threads wait on FORK_MTX.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        use std::os::fd::AsRawFd;
        // SAFETY: plain descriptor juggling in the child.
        unsafe {
            libc::dup2(out_w.as_raw_fd(), 1);
            libc::dup2(err_w.as_raw_fd(), 2);
        }
        drop((out_r, err_r, out_w, err_w));
        f();
        // SAFETY: flush C stdio, then leave without running the harness's code.
        unsafe {
            libc::fflush(std::ptr::null_mut());
            libc::_exit(0)
        }
    }
    drop((out_w, err_w));
    let mut stdout = String::new();
    let mut stderr = String::new();
    std::fs::File::from(out_r).read_to_string(&mut stdout).unwrap();
    std::fs::File::from(err_r).read_to_string(&mut stderr).unwrap();
    let mut st = 0;
    // SAFETY: waiting for our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut st, 0) }, pid);
    let status = if libc::WIFEXITED(st) { libc::WEXITSTATUS(st) } else { 128 + libc::WTERMSIG(st) };
    ChildResult { status, stdout, stderr }
}
