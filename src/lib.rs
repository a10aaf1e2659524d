//! # lnp: the textbook's network programming library, in Rust
//!
//! The Korean textbook of Linux network programming (after Stevens' *UNIX
//! Network Programming*, vol. 1) builds its programs on one header, `lnp.h`,
//! and a support library. This crate is that library, with two layers over
//! one implementation.
//!
//! ## The raw layer: [`sys`], the C ABI
//!
//! Every `lnp.h` function under its book name, with the book's types,
//! semantics and error messages. C programs link `liblnp.a` or `liblnp.so`
//! and include the generated `include/lnp.h`. Rust programs may call the very
//! same functions (`lnp::sys::Socket`, `lnp::sys::readline`, ...): they take
//! raw descriptors and pointers, return -1 with `errno`, and the capitalised
//! wrappers print `xxx error: <reason>` and `exit(1)`, exactly as from C.
//!
//! Every public C name is a weak symbol, so a program that defines its own
//! `str_echo`, `readline` or `err_sys` links and its own definition runs.
//!
//! ## The safe layer: idiomatic Rust over the same code
//!
//! Its functions have Rust names, and the first line of each one's
//! documentation gives the book's name (`sock::bind_wild` is `sock_bind_wild`,
//! `io::wait_readable` is `readable_timeo`, `mcast::join` is `mcast_join`).
//!
//! | Module | Book functions |
//! |---|---|
//! | [`io`] | `readn`, `writen`, `readline` and `readlinebuf` ([`io::LineReader`], a `BufRead` with its own buffer), `read_fd`/`write_fd` (`recv_fd`/`send_fd`), `readable_timeo`/`writable_timeo` (`wait_readable`/`wait_writable`, millisecond precision) |
//! | [`addr`] | [`SockAddr`] (`sock_ntop` as `Display`, in Rust; `sock_ntop_host`, `sock_get_port`/`sock_set_port`, `sock_cmp_*`, `sock_set_wild`), `getsockname`/`getpeername` |
//! | [`sock`] | the system calls behind `Socket`, `Bind`, `Listen`, `Accept`, `Connect`, `Send`/`Recv`, `Sendto`/`Recvfrom`, `Select` ([`sock::FdSet`]), `Poll` ([`sock::PollFd`]), `Sockatmark`, `SO_RCVTIMEO`/`SO_SNDTIMEO`, ...; `sockfd_to_family` (`family`), `sock_bind_wild` (`bind_wild`), `family_to_level` (`option_level`) |
//! | [`net`] | `tcp_connect`, `tcp_listen`, `udp_client`, `udp_connect`, `udp_server`, `host_serv`, `my_addrs`, `connect_timeo`, `connect_nonb` |
//! | [`echo`] | `str_echo`, `str_cli`, `dg_echo`, `dg_cli` (returning errors) |
//! | [`signal`] | [`signal::Signals`] (signals as a readable descriptor, safe), `Signal`, `signal_intr` (unsafe: your own handler) |
//! | [`unix`] | `fork` (checked single-threaded), `waitpid` ([`unix::WaitStatus`]), `daemon_init`, `daemon_inetd`, `gf_time` |
//! | [`sctp_api`] | `sctp_sendmsg`, `sctp_recvmsg`, `sctp_bindx`, `sctp_connectx`, `sctp_peeloff`, `sctp_get_no_strms`, `sctp_getpaddrs`/`sctp_getladdrs`, ... |
//! | [`mcast`] | `mcast_join`, `mcast_leave`, source-specific joins, blocking, `mcast_set_if`/`_loop`/`_ttl` and their getters |
//! | [`ifi`] | `get_ifi_info` ([`ifi::interfaces`], of the original's `unpifi.h`) |
//! | [`rtt`] | `rtt_init`, `rtt_start`, `rtt_stop`, `rtt_timeout`, ... ([`rtt::Rtt`], of the original's `unprtt.h`) |
//! | [`advio`] | `recvfrom_flags`, `heartbeat_cli`/`heartbeat_serv`, `in_cksum` (`checksum`) |
//! | [`die`] | [`OrDie`] (`.or_die("socket error")`), `err_sys`, `err_quit`, `err_msg`, `err_ret` |
//! | [`stdio`] | printing through C's `stdout`, as the library does ([`printf!`]) |
//!
//! Descriptors are [`OwnedFd`](std::os::fd::OwnedFd) (created without
//! close-on-exec, as the book's servers need) and are passed as anything
//! implementing [`AsFd`](std::os::fd::AsFd); data are byte slices; addresses are
//! anything that converts into a [`SockAddr`] (`std::net::SocketAddr`,
//! `SocketAddrV4`, `SocketAddrV6`); failures are `std::io::Error`s carrying
//! the `errno` of the failing call. Nothing panics on bad input. The book's
//! constants come with the crate: [`lnp::libc`](libc).
//!
//! The safe modules contain no `unsafe` code: the system calls they make go
//! through one private module of safe wrappers, which the C functions of
//! [`sys`] share. Programs written with them need no `unsafe` either,
//! forking servers and SIGCHLD reaping included (see `examples/tcpserv04.rs`).
//!
//! The same program with both layers (an echo over a socket pair):
//!
//! ```
//! use std::os::fd::{AsFd, AsRawFd};
//! use lnp::libc::{AF_UNIX, SOCK_STREAM};
//! use lnp::{io, sock, OrDie};
//!
//! let (client, server) = sock::socketpair(AF_UNIX, SOCK_STREAM, 0).or_die("socketpair error");
//!
//! // Safe layer: slices, a line reader that owns its buffer, io::Result.
//! io::writen(&client, b"hello, world\n")?;
//! let mut lines = io::LineReader::new(server.as_fd());
//! assert_eq!(lines.next().unwrap()?, b"hello, world\n");
//!
//! // Raw layer: the C functions themselves, as a C program calls them.
//! let msg = b"bye\n";
//! let mut line = [0u8; 64];
//! // SAFETY: the pointers and lengths describe live buffers.
//! unsafe {
//!     lnp::sys::Writen(client.as_raw_fd(), msg.as_ptr().cast_mut().cast(), msg.len());
//!     let n = lnp::sys::Readline(server.as_fd().as_raw_fd(), line.as_mut_ptr().cast(), line.len());
//!     assert_eq!(&line[..n as usize], b"bye\n");
//! }
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The book's programs written with the safe layer are in `examples/`
//! (`cargo run --example tcpserv04`, `tcpcli01`, `daytimetcpsrv`, ...), each
//! next to its C original in `c-examples/`.
#![allow(clippy::missing_safety_doc)]

pub mod consts;
pub mod sctp;
pub mod sys;

// The safe layer: clippy's pedantic lints hold for all of it (make test-rust-api).
#[warn(clippy::pedantic)]
pub mod addr;
#[warn(clippy::pedantic)]
pub mod advio;
#[warn(clippy::pedantic)]
pub mod die;
#[warn(clippy::pedantic)]
pub mod echo;
#[warn(clippy::pedantic)]
pub mod ifi;
#[warn(clippy::pedantic)]
pub mod io;
#[warn(clippy::pedantic)]
pub mod mcast;
#[warn(clippy::pedantic)]
pub mod net;
#[warn(clippy::pedantic)]
pub mod rtt;
#[warn(clippy::pedantic)]
pub mod sctp_api;
#[warn(clippy::pedantic)]
pub mod signal;
#[warn(clippy::pedantic)]
pub mod sock;
#[warn(clippy::pedantic)]
pub mod stdio;
#[warn(clippy::pedantic)]
pub mod unix;

pub use addr::SockAddr;
pub use die::OrDie;
/// The `libc` crate this library is built on, for the constants of the book's
/// programs (`AF_INET`, `SOCK_STREAM`, `POLLIN`, `SIGCHLD`, `WNOHANG`, ...)
/// without a dependency of one's own.
pub use libc;

mod error;
mod explain;
mod trace;
mod sigtrace;
mod symname;
#[warn(clippy::pedantic)]
mod os;

// Weak public aliases (`Socket` -> `lnp_rs_Socket`, ...), generated by build.rs.
include!(concat!(env!("OUT_DIR"), "/weak_aliases.rs"));
