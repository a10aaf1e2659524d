//! The raw layer: the C ABI functions called from Rust under their book
//! names behave as they do from C (return values, errno, the wrappers'
//! messages and exit status).

mod common;

use std::ffi::CStr;
use std::mem;

use common::in_child;
use lnp::sys;

#[test]
fn book_names_are_callable_from_rust() {
    let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
    assert!(fd >= 0);
    // SAFETY: a zeroed sockaddr_in filled with 127.0.0.1:9877.
    let mut sin: libc::sockaddr_in = unsafe { mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = 9877u16.to_be();
    sin.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
    let len = mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `sin` is a valid address of `len` bytes; the result is a per-thread buffer.
    let text = unsafe { CStr::from_ptr(sys::sock_ntop((&raw const sin).cast(), len)) };
    assert_eq!(text.to_str().unwrap(), "127.0.0.1:9877");
    // SAFETY: as above.
    assert_eq!(unsafe { sys::sock_get_port((&raw const sin).cast(), len) }, i32::from(9877u16.to_be()));
    assert_eq!(sys::sockfd_to_family(fd), libc::AF_INET);
    sys::Close(fd);
    // The lower-case functions report through errno.
    assert_eq!(sys::readable_timeo(-1, 0), -1);
    // SAFETY: reading this thread's errno.
    assert_eq!(unsafe { *libc::__errno_location() }, libc::EBADF);
}

#[test]
fn dying_wrappers_print_the_book_text() {
    let r = in_child(|| {
        sys::Socket(12345, libc::SOCK_STREAM, 0);
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "socket error: Address family not supported by protocol\n"));
    // A port that nothing listens on: bound a moment ago, released again.
    let l = lnp::net::tcp_listen(Some("127.0.0.1"), "0").unwrap();
    let port = lnp::addr::local_addr(&l).unwrap().port().unwrap();
    drop(l);
    let r = in_child(move || {
        let fd = sys::Socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        // SAFETY: all-zero bytes are a valid sockaddr_in.
        let mut sin: libc::sockaddr_in = unsafe { mem::zeroed() };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        sin.sin_port = port.to_be();
        // SAFETY: `sin` is valid for its size.
        unsafe { sys::Connect(fd, (&raw const sin).cast(), mem::size_of_val(&sin) as libc::socklen_t) };
    });
    assert_eq!((r.status, r.stderr.as_str()), (1, "connect error: Connection refused\n"));
}

/// Every function the library exports (each `lnp_rs_NAME` in src/), reachable
/// from Rust as `lnp::sys::NAME`: this list fails to compile if one is not,
/// and the test below fails if the list misses a name.
macro_rules! book_names {
    ($($name:ident)*) => { vec![$((stringify!($name), lnp::sys::$name as *const ())),*] };
}

fn raw_layer() -> Vec<(&'static str, *const ())> {
    book_names![
            Accept Bind Calloc Close Connect Connect_timeo Dup2 Family_to_level Fclose Fcntl Fdopen Fgets
            Fopen Fork Fputs Getpeername Getsockname Getsockopt Gettimeofday Host_serv If_indextoname
            If_nameindex If_nametoindex Inet6_rth_add Inet6_rth_getaddr Inet6_rth_init Inet6_rth_reverse
            Inet6_rth_segments Inet6_rth_space Inet_ntop Inet_pton Ioctl Kevent Kqueue Listen Malloc
            Mcast_block_source Mcast_get_if Mcast_get_loop Mcast_get_ttl Mcast_join Mcast_join_source_group
            Mcast_leave Mcast_leave_source_group Mcast_set_if Mcast_set_loop Mcast_set_ttl Mcast_unblock_source
            Mkstemp Mmap My_addrs Open Pipe Poll Read Read_fd Readable_timeo Readline Readn Recv Recvfrom
            Recvfrom_flags Recvmsg Sctp_bindx Sctp_recvmsg Sctp_sendmsg Select Send Sendmsg Sendto Setsockopt
            Shutdown Sigaddset Sigdelset Sigemptyset Sigfillset Sigismember Signal Signal_intr Sigpending
            Sigprocmask Sock_bind_wild Sock_ntop Sock_ntop_host Sockatmark Socket Socketpair Sockfd_to_family
            Strdup Sysconf Sysctl Tcp_connect Tcp_listen Udp_client Udp_connect Udp_server Unlink Wait Waitpid
            Writable_timeo Write Write_fd Writen connect_nonb connect_timeo daemon_inetd daemon_init dg_cli
            dg_echo family_to_level gf_time heartbeat_cli heartbeat_serv host_serv in_cksum inet6_srcrt_print
            inet_srcrt_add inet_srcrt_init inet_srcrt_print mcast_block_source mcast_get_if mcast_get_loop
            mcast_get_ttl mcast_join mcast_join_source_group mcast_leave mcast_leave_source_group
            mcast_set_if mcast_set_loop mcast_set_ttl mcast_unblock_source my_addrs read_fd readable_timeo
            readline readlinebuf readn recvfrom_flags sctp_address_to_associd sctp_bindx sctp_connectx
            sctp_freeladdrs sctp_freepaddrs sctp_get_no_strms sctp_getladdrs sctp_getpaddrs sctp_opt_info
            sctp_peeloff sctp_recvmsg sctp_send sctp_sendmsg sctpstr_cli sctpstr_cli_echoall signal_intr
            sock_bind_wild sock_cmp_addr sock_cmp_port sock_get_port sock_ntop sock_ntop_host sock_set_addr
            sock_set_port sock_set_wild sockfd_to_family str_cli str_echo tcp_connect tcp_listen tv_sub
            udp_client udp_connect udp_server writable_timeo write_fd writen
    ]
}

/// The names build.rs turns into weak C symbols: every `lnp_rs_NAME` export
/// under src/, with the file that defines it.
fn exported_names() -> Vec<(String, std::path::PathBuf)> {
    fn walk(dir: &std::path::Path, names: &mut Vec<(String, std::path::PathBuf)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, names);
            } else if path.extension().is_some_and(|e| e == "rs") {
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    if let Some(rest) = line.trim_start().strip_prefix("#[unsafe(export_name = \"lnp_rs_") {
                        names.push((rest.split('"').next().unwrap().to_string(), path.clone()));
                    }
                }
            }
        }
    }
    let mut names = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut names);
    names
}

#[test]
fn every_exported_function_is_in_lnp_sys() {
    let raw = raw_layer();
    assert!(raw.iter().all(|&(_, addr)| !addr.is_null()));
    let exported = exported_names();
    // No stale entry: everything listed (and so compiled as lnp::sys::NAME) is exported.
    for (name, _) in &raw {
        assert!(exported.iter().any(|(n, _)| n == name), "{name} is listed but not exported");
    }
    // A name added later need not be listed if its module is glob re-exported by sys.
    let sys = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/sys/mod.rs")).unwrap();
    for (name, file) in &exported {
        let module = file.file_stem().unwrap().to_string_lossy();
        let in_sys = file.parent().is_some_and(|d| d.ends_with("src/sys"));
        assert!(
            raw.iter().any(|(n, _)| n == name) || (in_sys && sys.contains(&format!("pub use {module}::*;"))),
            "{name} ({}) is not reachable as lnp::sys::{name}",
            file.display()
        );
    }
}
