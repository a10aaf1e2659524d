//! readn, writen, readline, readlinebuf and Readn, Writen, Readline through
//! `lnp::sys` (the C view is tests/c/test_lib_io.c).

mod common;

use std::ffi::CStr;
use std::ptr;

use common::in_child;
use libc::{c_int, c_void};
use lnp::sys;

fn pair() -> [c_int; 2] {
    let mut sv = [0; 2];
    // SAFETY: sv has room for two descriptors.
    assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr()) }, 0);
    sv
}

fn put(fd: c_int, data: &[u8]) {
    assert_eq!(sys::writen_all(fd, data).unwrap(), data.len());
}

fn close(fds: &[c_int]) {
    for &fd in fds {
        // SAFETY: closing our own descriptors.
        unsafe { libc::close(fd) };
    }
}

fn text(buf: &[u8]) -> &str {
    CStr::from_bytes_until_nul(buf).unwrap().to_str().unwrap()
}

#[test]
fn readline_quirks() {
    // The read-ahead buffer is per thread: this test owns its thread's buffer.
    let sv = pair();
    let mut buf = [b'z'; 64];
    put(sv[1], b"abcdefgh\n");
    // SAFETY (all calls below): buf is writable for the lengths given.
    unsafe {
        assert_eq!(sys::readline(sv[0], buf.as_mut_ptr().cast(), 5), 5);
        assert_eq!(text(&buf), "abcd");
        let mut p: *mut c_void = ptr::null_mut();
        assert_eq!(sys::readlinebuf(&mut p), 5);
        assert_eq!(std::slice::from_raw_parts(p.cast::<u8>(), 5), b"efgh\n");
        assert_eq!(sys::readline(sv[0], buf.as_mut_ptr().cast(), 1), 1);
        assert_eq!(buf[0], 0);
        buf[1] = b'z';
        assert_eq!(sys::readline(sv[0], buf.as_mut_ptr().cast(), 0), 1);
        assert_eq!((buf[0], buf[1]), (0, b'z'));
        assert_eq!(sys::Readline(sv[0], buf.as_mut_ptr().cast(), 64), 5);
        assert_eq!(text(&buf), "efgh\n");
    }
    put(sv[1], b"one\nta");
    // SAFETY: shutting down our own socket.
    unsafe { libc::shutdown(sv[1], libc::SHUT_WR) };
    assert_eq!(sys::readline_into(sv[0], &mut buf).unwrap(), 4);
    assert_eq!(text(&buf), "one\n");
    assert_eq!(sys::readline_into(sv[0], &mut buf).unwrap(), 2);
    assert_eq!(text(&buf), "ta");
    assert_eq!(sys::readline_into(sv[0], &mut buf).unwrap(), 0);
    assert_eq!(text(&buf), "");
    close(&sv);
}

#[test]
fn readline_error_and_threads() {
    let mut buf = *b"XYZ\0";
    let err = sys::readline_into(-1, &mut buf).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EBADF));
    assert_eq!(&buf, b"XYZ\0");
    assert_eq!(sys::readline_buffered().0, -1);
    // SAFETY: buf is writable; the error path stores errno.
    assert_eq!(unsafe { sys::readline(-1, buf.as_mut_ptr().cast(), 4) }, -1);

    let handles: Vec<_> = (0..4)
        .map(|id| {
            std::thread::spawn(move || {
                let sv = pair();
                let writer = std::thread::spawn(move || {
                    for i in 0..500 {
                        put(sv[1], format!("t{id} l{i}\n").as_bytes());
                    }
                });
                let mut line = [0u8; 64];
                for i in 0..500 {
                    let n = sys::readline_into(sv[0], &mut line).unwrap();
                    assert_eq!(&line[..n], format!("t{id} l{i}\n").as_bytes());
                }
                writer.join().unwrap();
                close(&sv);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn readn_writen() {
    let sv = pair();
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7) as u8).collect();
    let data = big.clone();
    let fd = sv[1];
    let writer = std::thread::spawn(move || sys::writen_all(fd, &data).unwrap());
    let mut back = vec![0u8; big.len()];
    assert_eq!(sys::readn_into(sv[0], &mut back).unwrap(), big.len());
    assert_eq!(writer.join().unwrap(), big.len());
    assert_eq!(back, big);
    put(sv[1], b"abc");
    // SAFETY: shutting down our own socket; buffers are valid for the lengths given.
    unsafe {
        libc::shutdown(sv[1], libc::SHUT_WR);
        assert_eq!(sys::readn(sv[0], back.as_mut_ptr().cast(), 10), 3);
        assert_eq!(sys::Readn(sv[0], back.as_mut_ptr().cast(), 10), 0);
        assert_eq!(sys::writen(-1, back.as_ptr().cast(), 1), -1);
        assert_eq!(*libc::__errno_location(), libc::EBADF);
    }
    close(&sv);
}

#[test]
fn wrappers_die() {
    let mut buf = [0u8; 8];
    let p = buf.as_mut_ptr().cast::<c_void>();
    // SAFETY: buf is valid; the child dies in the wrapper.
    let r = in_child(|| unsafe {
        sys::Readn(-1, p, 4);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "readn error: Bad file descriptor\n"));
    // SAFETY: as above.
    let r = in_child(|| unsafe { sys::Writen(-1, p, 4) });
    assert_eq!((r.status, r.stderr.as_str()), (1, "writen error: Bad file descriptor\n"));
    // SAFETY: as above.
    let r = in_child(|| unsafe {
        sys::Readline(-1, p, 8);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "readline error: Bad file descriptor\n"));
}

/// libunp's readline, byte by byte, as the reference for the differential test.
struct Reference {
    fd: c_int,
    buf: Vec<u8>,
    pos: usize,
    cnt: isize,
}

impl Reference {
    fn my_read(&mut self) -> Option<u8> {
        if self.cnt <= 0 {
            self.buf.resize(lnp::consts::MAXLINE, 0);
            // SAFETY: buf is writable for MAXLINE bytes.
            self.cnt = unsafe { libc::read(self.fd, self.buf.as_mut_ptr().cast(), lnp::consts::MAXLINE) };
            if self.cnt <= 0 {
                return None;
            }
            self.pos = 0;
        }
        self.cnt -= 1;
        self.pos += 1;
        Some(self.buf[self.pos - 1])
    }

    fn readline(&mut self, out: &mut [u8], maxlen: usize) -> isize {
        let mut n = 1;
        let mut p = 0;
        while n < maxlen {
            match self.my_read() {
                Some(c) => {
                    out[p] = c;
                    p += 1;
                    if c == b'\n' {
                        break;
                    }
                }
                None => {
                    out[p] = 0;
                    return n as isize - 1;
                }
            }
            n += 1;
        }
        out[p] = 0;
        n as isize
    }
}

#[test]
fn readline_matches_libunp_byte_for_byte() {
    // pseudo-random lines (lengths 0..150, NULs and long runs included) and maxlen values
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let mut data = Vec::new();
    while data.len() < 400_000 {
        let len = match next(10) {
            0 => next(6000),
            _ => next(150),
        };
        for _ in 0..len {
            data.push(match next(20) {
                0 => 0,
                _ => b'a' + next(26) as u8,
            });
        }
        data.push(b'\n');
    }
    data.extend_from_slice(b"unterminated tail");
    let path = std::env::temp_dir().join(format!("lnp-readline-{}", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let cpath = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path; the descriptors are ours.
    let (fa, fb) = unsafe { (libc::open(cpath.as_ptr(), libc::O_RDONLY), libc::open(cpath.as_ptr(), libc::O_RDONLY)) };
    assert!(fa >= 0 && fb >= 0);
    let mut reference = Reference { fd: fa, buf: Vec::new(), pos: 0, cnt: 0 };
    let mut calls = 0;
    loop {
        let maxlen = match next(8) {
            0 => next(3) as usize,
            1 => 1 + next(16) as usize,
            _ => lnp::consts::MAXLINE,
        };
        let mut want = vec![0xa5u8; maxlen.max(1) + 8];
        let mut got = want.clone();
        let w = reference.readline(&mut want, maxlen);
        // SAFETY: got is writable for maxlen.max(1) bytes.
        let g = unsafe { sys::readline(fb, got.as_mut_ptr().cast(), maxlen) };
        assert_eq!(g, w, "call {calls}, maxlen {maxlen}");
        assert_eq!(got, want, "call {calls}, maxlen {maxlen}");
        calls += 1;
        if w == 0 {
            break;
        }
    }
    assert!(calls > 1000);
    // SAFETY: closing our descriptors.
    unsafe {
        libc::close(fa);
        libc::close(fb);
    }
    std::fs::remove_file(&path).unwrap();
}
