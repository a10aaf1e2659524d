//! SCTP (lnp.h group I and API.md §5): the book's three `Sctp_*` wrappers,
//! the lksctp-style functions (same signatures and behaviour as libsctp's,
//! implemented without it), the helpers the book's programs call without
//! showing them, and weak defaults of the chapter 10 client functions.

use std::io;
use std::ptr;

use libc::{FILE, c_char, c_int, c_uint, c_void, sockaddr, sockaddr_storage, socklen_t};

use crate::error;
use crate::os::fail;
use crate::sctp::{self, kernel, kernel::sctp_assoc_t, kernel::sctp_sndrcvinfo};
use crate::trace::{Returned, trace_call};

/// `SCTP_EOF` as a send flag (the value of the compat name `MSG_EOF`).
const SCTP_EOF: u32 = kernel::SCTP_EOF;

/// Receive one SCTP message with its sender, `SCTP_SNDRCV` info and flags (lksctp's sctp_recvmsg).
///
/// Data goes into `msg`, the sender into `from`/`fromlen`, the `SCTP_SNDRCV`
/// information into `sinfo` (needs the `sctp_data_io_event` subscription),
/// the received flags into `*msg_flags`, whose incoming value is used as the
/// `recvmsg` flags.
///
/// # Returns
/// The byte count, or -1 with `errno` set.
///
/// # Safety
/// `msg` writable for `len` bytes; `from`, `fromlen`, `sinfo`, `msg_flags`
/// NULL or valid (`from` writable for `*fromlen` bytes).
#[unsafe(export_name = "lnp_rs_sctp_recvmsg")]
pub unsafe extern "C" fn sctp_recvmsg(
    s: c_int,
    msg: *mut c_void,
    len: usize,
    from: *mut sockaddr,
    fromlen: *mut socklen_t,
    sinfo: *mut sctp_sndrcvinfo,
    msg_flags: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let flags_in = if msg_flags.is_null() { 0 } else { unsafe { *msg_flags } };
    // SAFETY: forwarded from the caller.
    let n = unsafe { recvmsg_flags(s, msg, len, from, fromlen, sinfo, msg_flags, flags_in) };
    trace_call!(
        SCTP,
        "sctp_recvmsg",
        &n,
        [Int(s.into()), Out, Int(len as i64), AddrOut(from, fromlen), Out, Out],
        Data(msg.cast_const().cast(), usize::try_from(n).unwrap_or(0))
    );
    n
}

/// `sctp_recvmsg` with explicit `recvmsg` input flags.
///
/// # Safety
/// As for [`sctp_recvmsg`].
#[allow(clippy::too_many_arguments)]
unsafe fn recvmsg_flags(
    s: c_int,
    msg: *mut c_void,
    len: usize,
    from: *mut sockaddr,
    fromlen: *mut socklen_t,
    sinfo: *mut sctp_sndrcvinfo,
    msg_flags: *mut c_int,
    flags_in: c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let namelen = if fromlen.is_null() { 0 } else { unsafe { *fromlen } };
    let from = if fromlen.is_null() { ptr::null_mut() } else { from };
    // SAFETY: forwarded from the caller; `sinfo` is NULL or valid.
    match unsafe { sctp::recv(s, msg, len, from, namelen, sinfo.as_mut(), flags_in) } {
        Ok(r) => {
            // SAFETY: non-NULL pointers are the caller's valid out-parameters.
            unsafe {
                if !fromlen.is_null() {
                    *fromlen = r.fromlen;
                }
                if !msg_flags.is_null() {
                    *msg_flags = r.flags;
                }
            }
            r.len as c_int
        }
        Err(e) => fail(&e, -1),
    }
}

/// Send one SCTP message on a stream, with ppid, flags, lifetime and context (lksctp's sctp_sendmsg).
///
/// `len` bytes at `msg` go to `to` on stream `stream_no`, with `ppid`, the
/// `SCTP_*` send `flags`, a lifetime of `timetolive` ms and `context`, in one
/// `SCTP_SNDRCV` control message.
///
/// # Returns
/// The byte count sent, or -1 with `errno` set.
///
/// # Safety
/// `msg` readable for `len` bytes; `to` NULL or readable for `tolen` bytes.
#[unsafe(export_name = "lnp_rs_sctp_sendmsg")]
pub unsafe extern "C" fn sctp_sendmsg(
    s: c_int,
    msg: *const c_void,
    len: usize,
    to: *mut sockaddr,
    tolen: socklen_t,
    ppid: u32,
    flags: u32,
    stream_no: u16,
    timetolive: u32,
    context: u32,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let n = unsafe { sendmsg_core(s, msg, len, to, tolen, ppid, flags, stream_no, timetolive, context) };
    trace_call!(
        SCTP,
        "sctp_sendmsg",
        &n,
        [
            Int(s.into()),
            Data(msg.cast(), len),
            Int(len as i64),
            Addr(to, tolen),
            Int(tolen.into()),
            Int(ppid.into()),
            Int(flags.into()),
            Int(stream_no.into()),
            Int(timetolive.into()),
            Int(context.into())
        ]
    );
    n
}

/// `sctp_sendmsg` without its trace line (`Sctp_sendmsg` traces its own).
///
/// # Safety
/// As for `sctp_sendmsg`.
#[allow(clippy::too_many_arguments)] // lksctp's signature
unsafe fn sendmsg_core(
    s: c_int,
    msg: *const c_void,
    len: usize,
    to: *mut sockaddr,
    tolen: socklen_t,
    ppid: u32,
    flags: u32,
    stream_no: u16,
    timetolive: u32,
    context: u32,
) -> c_int {
    // Zeroed first and filled in place, so the padding after sinfo_flags
    // reaches the kernel initialised (valgrind).
    // SAFETY: all-zero bytes are a valid sctp_sndrcvinfo.
    let mut sinfo: sctp_sndrcvinfo = unsafe { std::mem::zeroed() };
    sinfo.sinfo_stream = stream_no;
    sinfo.sinfo_flags = flags as u16;
    sinfo.sinfo_ppid = ppid;
    sinfo.sinfo_timetolive = timetolive;
    sinfo.sinfo_context = context;
    // SAFETY: forwarded from the caller.
    match unsafe { sctp::send(s, msg, len, to, tolen, Some(&sinfo), 0) } {
        Ok(n) => n as c_int,
        Err(e) => fail(&e, -1),
    }
}

/// Send one SCTP message described by an sctp_sndrcvinfo (lksctp's sctp_send).
///
/// `*sinfo` gives stream, flags, ppid, association id, ...; with `sinfo`
/// NULL the message goes without a control message (the socket's default
/// send parameters), as in libsctp. `flags` are the `sendmsg` flags.
///
/// # Returns
/// The byte count sent, or -1 with `errno` set.
///
/// # Safety
/// `msg` readable for `len` bytes; `sinfo` NULL or valid.
#[unsafe(export_name = "lnp_rs_sctp_send")]
pub unsafe extern "C" fn sctp_send(
    s: c_int,
    msg: *const c_void,
    len: usize,
    sinfo: *const sctp_sndrcvinfo,
    flags: c_int,
) -> c_int {
    // SAFETY: NULL or a valid structure, by contract.
    let sinfo = unsafe { sinfo.as_ref() };
    // SAFETY: forwarded from the caller.
    let n = match unsafe { sctp::send(s, msg, len, ptr::null(), 0, sinfo, flags) } {
        Ok(n) => n as c_int,
        Err(e) => fail(&e, -1),
    };
    trace_call!(SCTP, "sctp_send", &n, [Int(s.into()), Data(msg.cast(), len), Int(len as i64), Out, MsgFlags(flags)]);
    n
}

/// Add or remove local addresses of an SCTP socket (lksctp's sctp_bindx).
///
/// `flags` is `SCTP_BINDX_ADD_ADDR` or `SCTP_BINDX_REM_ADDR`; `addrs` holds
/// `addrcnt` packed addresses.
///
/// # Returns
/// 0, or -1 with `errno` set (`EINVAL` for other flags or address families).
///
/// # Safety
/// `addrs` must hold `addrcnt` packed `sockaddr_in`/`sockaddr_in6`.
#[unsafe(export_name = "lnp_rs_sctp_bindx")]
pub unsafe extern "C" fn sctp_bindx(sd: c_int, addrs: *mut sockaddr, addrcnt: c_int, flags: c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    let r = match unsafe { sctp::bindx(sd, addrs, addrcnt, flags) } {
        Ok(()) => 0,
        Err(e) => fail(&e, -1),
    };
    trace_call!(SCTP, "sctp_bindx", &r, [Int(sd.into()), Ptr(addrs.cast()), Int(addrcnt.into()), Int(flags.into())]);
    r
}

/// Start an association to several peer addresses (lksctp's sctp_connectx).
///
/// `addrs` holds `addrcnt` packed addresses; the association id is stored
/// through `id` if non-NULL.
///
/// # Returns
/// 0, or -1 with `errno` set (`EINPROGRESS` on a non-blocking socket, with
/// the id stored all the same).
///
/// # Safety
/// `addrs` must hold `addrcnt` packed addresses; `id` NULL or writable.
#[unsafe(export_name = "lnp_rs_sctp_connectx")]
pub unsafe extern "C" fn sctp_connectx(
    sd: c_int,
    addrs: *mut sockaddr,
    addrcnt: c_int,
    id: *mut sctp_assoc_t,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let (result, assoc) = match unsafe { sctp::connectx(sd, addrs, addrcnt) } {
        Ok(assoc) => (0, Some(assoc)),
        Err((e, assoc)) => (fail(&e, -1), assoc),
    };
    if let Some(assoc) = assoc
        && !id.is_null()
    {
        // SAFETY: non-NULL `id` is writable by contract.
        unsafe { *id = assoc };
    }
    trace_call!(SCTP, "sctp_connectx", &result, [Int(sd.into()), Ptr(addrs.cast()), Int(addrcnt.into()), Out]);
    result
}

/// Branch an association off a one-to-many socket into a new one-to-one socket (lksctp's sctp_peeloff).
///
/// # Returns
/// The new descriptor (not close-on-exec), or -1 with `errno` set.
#[unsafe(export_name = "lnp_rs_sctp_peeloff")]
pub extern "C" fn sctp_peeloff(sd: c_int, assoc_id: sctp_assoc_t) -> c_int {
    let fd = sctp::peeloff(sd, assoc_id).unwrap_or_else(|e| fail(&e, -1));
    trace_call!(SCTP, "sctp_peeloff", &fd, [Int(sd.into()), Int(assoc_id.into())]);
    fd
}

/// Read an SCTP socket option of one association (lksctp's sctp_opt_info).
///
/// Like `getsockopt(sd, IPPROTO_SCTP, opt, arg, size)` with `id` put first in `arg`.
///
/// # Returns
/// 0, -1 with `errno` set, or the positive value `ENOTSUP` (without setting
/// `errno`) for an option that takes no association id, as lksctp does.
///
/// # Safety
/// `arg` must be writable for `*size` bytes (at least 4); `size` valid.
#[unsafe(export_name = "lnp_rs_sctp_opt_info")]
pub unsafe extern "C" fn sctp_opt_info(
    sd: c_int,
    id: sctp_assoc_t,
    opt: c_int,
    arg: *mut c_void,
    size: *mut socklen_t,
) -> c_int {
    if !sctp::opt_takes_assoc_id(opt) {
        return libc::ENOTSUP;
    }
    if !arg.is_null() {
        // SAFETY: `arg` holds at least an association id by contract.
        unsafe { ptr::write_unaligned(arg.cast::<sctp_assoc_t>(), id) };
    }
    // SAFETY: forwarded from the caller.
    let r = unsafe { libc::getsockopt(sd, libc::IPPROTO_SCTP, opt, arg, size) };
    trace_call!(SCTP, "sctp_opt_info", &r, [Int(sd.into()), Int(id.into()), Int(opt.into()), Out, Out]);
    r
}

/// Shared body of `sctp_getpaddrs` and `sctp_getladdrs`.
///
/// # Safety
/// `addrs` NULL or writable.
unsafe fn getaddrs(sd: c_int, id: sctp_assoc_t, addrs: *mut *mut sockaddr, local: bool) -> c_int {
    if addrs.is_null() {
        return fail(&io::Error::from_raw_os_error(libc::EINVAL), -1);
    }
    match sctp::getaddrs(sd, id, local) {
        Ok((buf, count)) => {
            // SAFETY: non-NULL by the check above and writable by contract.
            unsafe { *addrs = buf };
            count
        }
        Err(e) => fail(&e, -1),
    }
}

/// Get the peer addresses of an association; release them with sctp_freepaddrs.
///
/// The packed list goes into a new buffer stored in `*addrs`.
///
/// # Returns
/// The number of addresses, or -1 with `errno` set.
///
/// # Safety
/// `addrs` must be NULL (`EINVAL`) or writable.
#[unsafe(export_name = "lnp_rs_sctp_getpaddrs")]
pub unsafe extern "C" fn sctp_getpaddrs(sd: c_int, id: sctp_assoc_t, addrs: *mut *mut sockaddr) -> c_int {
    // SAFETY: forwarded from the caller.
    let n = unsafe { getaddrs(sd, id, addrs, false) };
    trace_call!(SCTP, "sctp_getpaddrs", &n, [Int(sd.into()), Int(id.into()), Out]);
    n
}

/// Release a list from `sctp_getpaddrs`.
///
/// # Returns
/// 0.
///
/// # Safety
/// `addrs` must come from `sctp_getpaddrs` (or be NULL) and not be used again.
#[unsafe(export_name = "lnp_rs_sctp_freepaddrs")]
pub unsafe extern "C" fn sctp_freepaddrs(addrs: *mut sockaddr) -> c_int {
    // SAFETY: a malloc'ed buffer from getaddrs, by contract.
    unsafe { libc::free(addrs.cast()) };
    trace_call!(SCTP, "sctp_freepaddrs", &0, [Ptr(addrs.cast())]);
    0
}

/// Get the local addresses of an association or socket; release them with sctp_freeladdrs.
///
/// For id 0, the socket's own addresses. The packed list goes into a new
/// buffer stored in `*addrs`.
///
/// # Returns
/// The number of addresses, or -1 with `errno` set.
///
/// # Safety
/// `addrs` must be NULL (`EINVAL`) or writable.
#[unsafe(export_name = "lnp_rs_sctp_getladdrs")]
pub unsafe extern "C" fn sctp_getladdrs(sd: c_int, id: sctp_assoc_t, addrs: *mut *mut sockaddr) -> c_int {
    // SAFETY: forwarded from the caller.
    let n = unsafe { getaddrs(sd, id, addrs, true) };
    trace_call!(SCTP, "sctp_getladdrs", &n, [Int(sd.into()), Int(id.into()), Out]);
    n
}

/// Release a list from `sctp_getladdrs`.
///
/// # Returns
/// 0.
///
/// # Safety
/// `addrs` must come from `sctp_getladdrs` (or be NULL) and not be used again.
#[unsafe(export_name = "lnp_rs_sctp_freeladdrs")]
pub unsafe extern "C" fn sctp_freeladdrs(addrs: *mut sockaddr) -> c_int {
    // SAFETY: a malloc'ed buffer from getaddrs, by contract.
    unsafe { libc::free(addrs.cast()) };
    trace_call!(SCTP, "sctp_freeladdrs", &0, [Ptr(addrs.cast())]);
    0
}

/// Find the association id of a peer address (0 if none).
///
/// Stevens' helper of the book's chapter 10, on Linux via `SCTP_GET_PEER_ADDR_INFO`.
///
/// # Returns
/// The id, or 0 if there is no association with that address.
///
/// # Safety
/// `sa` must be NULL or readable for `salen` bytes.
#[unsafe(export_name = "lnp_rs_sctp_address_to_associd")]
pub unsafe extern "C" fn sctp_address_to_associd(sock_fd: c_int, sa: *mut sockaddr, salen: socklen_t) -> sctp_assoc_t {
    // SAFETY: forwarded from the caller.
    let id = unsafe { sctp::address_to_associd(sock_fd, sa, salen) }.unwrap_or(0);
    trace_call!(
        SCTP,
        "sctp_address_to_associd",
        &Returned(Int(id.into())),
        [Int(sock_fd.into()), Addr(sa, salen), Int(salen.into())]
    );
    id
}

/// Get the number of outbound streams of the association with a peer (SCTP_STATUS).
///
/// "Not shown" in the book (L10319). A failing `getsockopt` prints
/// "getsockopt error: <reason>" and exits(1).
///
/// # Returns
/// `sstat_outstrms`.
///
/// # Safety
/// `to` must be NULL or readable for `tolen` bytes.
#[unsafe(export_name = "lnp_rs_sctp_get_no_strms")]
pub unsafe extern "C" fn sctp_get_no_strms(sock_fd: c_int, to: *mut sockaddr, tolen: socklen_t) -> c_int {
    // SAFETY: forwarded from the caller.
    let id = unsafe { sctp::address_to_associd(sock_fd, to, tolen) }.unwrap_or(0);
    let r = sctp::status(sock_fd, id).map(|st| c_int::from(st.sstat_outstrms));
    trace_call!(SCTP, "sctp_get_no_strms", &r, [Int(sock_fd.into()), Addr(to, tolen), Int(tolen.into())]);
    r.unwrap_or_else(|e| error::sys_exit(&e, c"getsockopt error"))
}

/// sctp_recvmsg with input flags 0, or print "sctp_recvmsg error: <reason>" and exit(1).
///
/// The `recvmsg` input flags are 0 whatever `*msg_flags` holds (book L9779),
/// and the received flags are stored in `*msg_flags`.
///
/// # Returns
/// The byte count.
///
/// # Safety
/// As for `sctp_recvmsg`.
#[unsafe(export_name = "lnp_rs_Sctp_recvmsg")]
pub unsafe extern "C" fn Sctp_recvmsg(
    s: c_int,
    msg: *mut c_void,
    len: usize,
    from: *mut sockaddr,
    fromlen: *mut socklen_t,
    sinfo: *mut sctp_sndrcvinfo,
    msg_flags: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    let n = unsafe { recvmsg_flags(s, msg, len, from, fromlen, sinfo, msg_flags, 0) };
    trace_call!(
        SCTP,
        "Sctp_recvmsg",
        &n,
        [Int(s.into()), Out, Int(len as i64), AddrOut(from, fromlen), Out, Out, Out],
        Data(msg.cast_const().cast(), usize::try_from(n).unwrap_or(0))
    );
    if n < 0 {
        error::sys_exit_errno(c"sctp_recvmsg error");
    }
    n
}

/// sctp_sendmsg, or print "sctp_sendmsg error: <reason>" and exit(1); MSG_EOF with data sends both.
///
/// With `MSG_EOF` (`SCTP_EOF`) and data, sends the data and then an empty EOF
/// message, as BSD's one call does (Linux refuses data with `SCTP_EOF`). If
/// the association is already gone when the EOF follows (the peer closed it
/// on receiving the data), that is success.
///
/// # Returns
/// The byte count of the data.
///
/// # Safety
/// As for `sctp_sendmsg`.
#[unsafe(export_name = "lnp_rs_Sctp_sendmsg")]
pub unsafe extern "C" fn Sctp_sendmsg(
    s: c_int,
    data: *mut c_void,
    len: usize,
    to: *mut sockaddr,
    tolen: socklen_t,
    ppid: u32,
    flags: u32,
    stream_no: u16,
    timetolive: u32,
    context: u32,
) -> c_int {
    let eof_after = flags & SCTP_EOF != 0 && len > 0;
    let first = if eof_after { flags & !SCTP_EOF } else { flags };
    // SAFETY: forwarded from the caller.
    let n = unsafe { sendmsg_core(s, data, len, to, tolen, ppid, first, stream_no, timetolive, context) };
    trace_call!(
        SCTP,
        "Sctp_sendmsg",
        &n,
        [
            Int(s.into()),
            Data(data.cast_const().cast(), len),
            Int(len as i64),
            Addr(to, tolen),
            Int(tolen.into()),
            Int(ppid.into()),
            Int(flags.into()),
            Int(stream_no.into()),
            Int(timetolive.into()),
            Int(context.into())
        ]
    );
    if n < 0 {
        error::sys_exit_errno(c"sctp_sendmsg error");
    }
    // SAFETY: a zero-length message: nothing is read from `data`.
    if eof_after && unsafe { sendmsg_core(s, data, 0, to, tolen, ppid, flags, stream_no, timetolive, context) } < 0 {
        let err = io::Error::last_os_error();
        // EINVAL with no association left for `to`: the peer closed it right
        // after the data went out (BSD's single call has no such window); the
        // association is closed, as MSG_EOF asked.
        // SAFETY: `to` is the caller's address, just used by sendmsg.
        let gone =
            err.raw_os_error() == Some(libc::EINVAL) && unsafe { sctp::address_to_associd(s, to, tolen) }.is_err();
        if !gone {
            error::sys_exit(&err, c"sctp_sendmsg error");
        }
    }
    n
}

/// sctp_bindx, or print "sctp_bindx error: <reason>" and exit(1).
///
/// `at` is a packed address list despite its type.
///
/// # Returns
/// 0.
///
/// # Safety
/// As for `sctp_bindx`.
#[unsafe(export_name = "lnp_rs_Sctp_bindx")]
pub unsafe extern "C" fn Sctp_bindx(sock_fd: c_int, at: *mut sockaddr_storage, num: c_int, op: c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    if unsafe { sctp_bindx(sock_fd, at.cast(), num, op) } < 0 {
        error::sys_exit_errno(c"sctp_bindx error");
    }
    0
}

/// Print `fmt` (one `%d`/`%x`-style conversion per argument) to C's stdout.
macro_rules! c_printf {
    ($fmt:expr $(, $arg:expr)*) => {
        // SAFETY: a literal format whose conversions match the arguments.
        unsafe { libc::printf($fmt.as_ptr() $(, $arg)*) }
    };
}

/// The book's SCTP echo client loop (Figure 10.4; a program's own sctpstr_cli replaces it).
///
/// For each line `[N]text` read from `fp`, send the line on stream N to
/// `to`, wait for the echo and print "From str:S seq:Q (assoc:0xA):" and the
/// echoed line.
///
/// # Safety
/// `fp` must be a valid stream; `to` readable for `tolen` bytes.
#[unsafe(export_name = "lnp_rs_sctpstr_cli")]
pub unsafe extern "C" fn sctpstr_cli(fp: *mut FILE, sock_fd: c_int, to: *mut sockaddr, tolen: socklen_t) {
    const MAXLINE: usize = crate::consts::MAXLINE;
    // SAFETY: plain data; all-zero is valid.
    let mut peeraddr: sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut sri = sctp_sndrcvinfo::default();
    let mut sendline = [0 as c_char; MAXLINE];
    let mut recvline = [0 as c_char; MAXLINE];
    let mut msg_flags: c_int = 0;
    // SAFETY: fgets writes at most MAXLINE bytes, NUL-terminated, into sendline.
    while !unsafe { libc::fgets(sendline.as_mut_ptr(), MAXLINE as c_int, fp) }.is_null() {
        if sendline[0] != b'[' as c_char {
            c_printf!(c"Error, line must be of the form '[streamnum]text'\n");
            continue;
        }
        // SAFETY: sendline is NUL-terminated; strtol stops there.
        sri.sinfo_stream = unsafe { libc::strtol(sendline.as_ptr().add(1), ptr::null_mut(), 0) } as u16;
        // SAFETY: NUL-terminated.
        let out_sz = unsafe { libc::strlen(sendline.as_ptr()) };
        // SAFETY: out_sz bytes of sendline; `to` from the caller.
        unsafe { Sctp_sendmsg(sock_fd, sendline.as_mut_ptr().cast(), out_sz, to, tolen, 0, 0, sri.sinfo_stream, 0, 0) };
        let mut len = std::mem::size_of::<sockaddr_storage>() as socklen_t;
        // SAFETY: every buffer is ours and as long as stated.
        let rd_sz = unsafe {
            Sctp_recvmsg(
                sock_fd,
                recvline.as_mut_ptr().cast(),
                MAXLINE,
                (&raw mut peeraddr).cast(),
                &mut len,
                &mut sri,
                &mut msg_flags,
            )
        };
        c_printf!(
            c"From str:%d seq:%d (assoc:0x%x):",
            c_int::from(sri.sinfo_stream),
            c_int::from(sri.sinfo_ssn),
            sri.sinfo_assoc_id as c_uint
        );
        c_printf!(c"%.*s", rd_sz, recvline.as_ptr());
    }
    trace_call!(SCTP, "sctpstr_cli", &(), [Stream(fp), Int(sock_fd.into()), Addr(to, tolen), Int(tolen.into())]);
}

/// The book's echo-to-all-streams client loop (Figure 10.7; a program's own replaces it).
///
/// For each line read from `fp`, send "line.msg. i" in an 800-byte message
/// on each stream i < `SERV_MAX_SCTP_STRM`, then print the 10 echoes as
/// "From str:S se:Q (assoc: 0xA): text".
///
/// # Safety
/// `fp` must be a valid stream; `to` readable for `tolen` bytes.
#[unsafe(export_name = "lnp_rs_sctpstr_cli_echoall")]
pub unsafe extern "C" fn sctpstr_cli_echoall(fp: *mut FILE, sock_fd: c_int, to: *mut sockaddr, tolen: socklen_t) {
    const SCTP_MAXLINE: usize = 800;
    let streams = crate::consts::SERV_MAX_SCTP_STRM;
    // SAFETY: plain data; all-zero is valid.
    let mut peeraddr: sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut sri = sctp_sndrcvinfo::default();
    let mut sendline = [0 as c_char; SCTP_MAXLINE];
    let mut recvline = [0 as c_char; SCTP_MAXLINE];
    let mut msg_flags: c_int = 0;
    // SAFETY: fgets writes at most SCTP_MAXLINE - 9 bytes, NUL-terminated.
    while !unsafe { libc::fgets(sendline.as_mut_ptr(), (SCTP_MAXLINE - 9) as c_int, fp) }.is_null() {
        // SAFETY: NUL-terminated.
        let mut strsz = unsafe { libc::strlen(sendline.as_ptr()) };
        // Drop the newline (`get_mut`, not an index: no panic path in C-facing code).
        if let Some(last) = strsz.checked_sub(1).and_then(|i| sendline.get_mut(i)).filter(|c| **c == b'\n' as c_char) {
            *last = 0;
            strsz -= 1;
        }
        for i in 0..streams {
            // SAFETY: snprintf writes at most SCTP_MAXLINE - strsz bytes after strsz (< SCTP_MAXLINE - 9).
            unsafe { libc::snprintf(sendline.as_mut_ptr().add(strsz), SCTP_MAXLINE - strsz, c".msg. %d".as_ptr(), i) };
            // SAFETY: the whole buffer is ours; `to` from the caller.
            unsafe {
                Sctp_sendmsg(sock_fd, sendline.as_mut_ptr().cast(), SCTP_MAXLINE, to, tolen, 0, 0, i as u16, 0, 0)
            };
        }
        for _ in 0..streams {
            let mut len = std::mem::size_of::<sockaddr_storage>() as socklen_t;
            // SAFETY: every buffer is ours and as long as stated.
            let rd_sz = unsafe {
                Sctp_recvmsg(
                    sock_fd,
                    recvline.as_mut_ptr().cast(),
                    SCTP_MAXLINE,
                    (&raw mut peeraddr).cast(),
                    &mut len,
                    &mut sri,
                    &mut msg_flags,
                )
            };
            c_printf!(
                c"From str:%d se:%d (assoc: 0x%x): ",
                c_int::from(sri.sinfo_stream),
                c_int::from(sri.sinfo_ssn),
                sri.sinfo_assoc_id as c_uint
            );
            c_printf!(c"%.*s\n", rd_sz, recvline.as_ptr());
        }
    }
    trace_call!(
        SCTP,
        "sctpstr_cli_echoall",
        &(),
        [Stream(fp), Int(sock_fd.into()), Addr(to, tolen), Int(tolen.into())]
    );
}
