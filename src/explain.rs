//! `LNP_EXPLAIN`: after a fatal error's message, one line that says what
//! usually causes it and what to check.
//!
//! With `LNP_EXPLAIN=1` in the environment, `err_sys`, `err_quit` and
//! `err_dump` (and so every dying wrapper) print, after the book's exact
//! message, `[lnp explain] ...`, or `[lnp 설명] ...` when the locale
//! (`LC_ALL`, then `LC_MESSAGES`, then `LANG`) is Korean. Without the
//! variable nothing is printed. The explanation is chosen by the call the
//! message names (the text before " error", e.g. `connect` in
//! "connect error") and the errno.

use std::ffi::CStr;

use libc::{c_char, c_int};

use crate::error::daemon_proc;
use crate::os;

/// One explanation as written here: the call it is for (`b""`: any call),
/// the errno (0: a message without one, matched by `text`), English and
/// Korean. Only the compiler reads these: the program holds [`TABLE`].
struct Explanation {
    call: &'static [u8],
    errno: c_int,
    text: &'static [u8],
    en: &'static str,
    ko: &'static str,
}

const fn ex(call: &'static [u8], errno: c_int, en: &'static str, ko: &'static str) -> Explanation {
    Explanation { call, errno, text: b"", en, ko }
}

const fn msg(text: &'static [u8], en: &'static str, ko: &'static str) -> Explanation {
    Explanation { call: b"", errno: 0, text, en, ko }
}

/// The explanations, most specific first (a call's own entry before the any-call one).
const EXPLANATIONS: &[Explanation] = &[
    ex(
        b"connect",
        libc::ECONNREFUSED,
        "no server is listening on that address and port: start the server first, and check the IP address and port number (the server's and the client's must match).",
        "그 주소와 포트에서 듣고(listen) 있는 서버가 없습니다. 서버를 먼저 실행했는지, IP 주소와 포트 번호가 서버와 같은지 확인하세요.",
    ),
    ex(
        b"",
        libc::ECONNREFUSED,
        "the peer has no socket on that port: for UDP, the server is not running (an ICMP port unreachable came back on a connected UDP socket).",
        "상대편의 그 포트에 소켓이 없습니다. UDP라면 서버가 실행 중이 아닙니다(연결된 UDP 소켓에 ICMP port unreachable이 돌아왔습니다).",
    ),
    ex(
        b"bind",
        libc::EADDRINUSE,
        "another socket already uses this port: another server is still running (check with `ss -ltnp`), or an old connection is in TIME_WAIT; set SO_REUSEADDR before bind.",
        "다른 소켓이 이미 이 포트를 쓰고 있습니다. 다른 서버가 아직 실행 중이거나(`ss -ltnp`로 확인) 이전 연결이 TIME_WAIT 상태입니다. bind 전에 SO_REUSEADDR 옵션을 설정하세요.",
    ),
    ex(
        b"",
        libc::EADDRINUSE,
        "the address and port are already in use: another server is still running, or an old connection is in TIME_WAIT; set SO_REUSEADDR.",
        "주소와 포트가 이미 사용 중입니다. 다른 서버가 실행 중이거나 이전 연결이 TIME_WAIT 상태입니다. SO_REUSEADDR 옵션을 설정하세요.",
    ),
    ex(
        b"bind",
        libc::EACCES,
        "ports below 1024 are reserved for the superuser: run as root, or use a port of 1024 or above (the book's SERV_PORT is 9877).",
        "1024보다 작은 포트는 슈퍼유저만 bind할 수 있습니다. root로 실행하거나 1024 이상의 포트를 쓰세요(책의 SERV_PORT는 9877입니다).",
    ),
    ex(
        b"sendto",
        libc::EACCES,
        "sending to a broadcast address needs the SO_BROADCAST socket option.",
        "브로드캐스트 주소로 보내려면 SO_BROADCAST 소켓 옵션을 먼저 켜야 합니다.",
    ),
    ex(
        b"socket",
        libc::EACCES,
        "raw sockets need the superuser (root or CAP_NET_RAW).",
        "원시(raw) 소켓은 슈퍼유저(root 또는 CAP_NET_RAW)만 만들 수 있습니다.",
    ),
    ex(
        b"",
        libc::EPERM,
        "the operation needs privileges: raw sockets and some options need root.",
        "권한이 필요한 작업입니다. 원시 소켓과 일부 옵션은 root만 쓸 수 있습니다.",
    ),
    ex(
        b"",
        libc::EADDRNOTAVAIL,
        "that IP address is not one of this host's interfaces: bind to INADDR_ANY or to an address that `ip addr` shows.",
        "그 IP 주소는 이 호스트의 인터페이스 주소가 아닙니다. INADDR_ANY나 `ip addr`에 보이는 주소로 bind하세요.",
    ),
    ex(
        b"",
        libc::ETIMEDOUT,
        "the peer never answered: the host is down or unreachable, or a firewall drops the packets; check the address with ping.",
        "상대편이 끝내 응답하지 않았습니다. 호스트가 꺼졌거나 도달할 수 없거나 방화벽이 패킷을 버립니다. ping으로 주소를 확인하세요.",
    ),
    ex(
        b"",
        libc::EHOSTUNREACH,
        "no route to that host: check the IP address, the network cable or the routing table (`ip route`).",
        "그 호스트로 가는 경로가 없습니다. IP 주소, 네트워크 연결, 라우팅 테이블(`ip route`)을 확인하세요.",
    ),
    ex(
        b"",
        libc::ENETUNREACH,
        "the network is unreachable: this host has no route to that network (`ip route`), or the address is wrong.",
        "네트워크에 도달할 수 없습니다. 이 호스트에 그 네트워크로 가는 경로가 없거나(`ip route`) 주소가 틀렸습니다.",
    ),
    ex(
        b"",
        libc::ECONNRESET,
        "the peer reset the connection (RST): its process crashed or was killed, or it closed while data was still unread (section 5.13).",
        "상대편이 연결을 리셋(RST)했습니다. 상대 프로세스가 죽었거나, 읽지 않은 데이터가 남은 채 닫았습니다(5.13절).",
    ),
    ex(
        b"",
        libc::EPIPE,
        "writing to a socket the peer has closed: the server (or client) exited; a second write after an RST gives SIGPIPE/EPIPE (section 5.13).",
        "상대편이 닫은 소켓에 썼습니다. 서버(또는 클라이언트)가 종료했습니다. RST를 받은 뒤 다시 쓰면 SIGPIPE/EPIPE가 납니다(5.13절).",
    ),
    ex(
        b"",
        libc::EMFILE,
        "this process has too many open descriptors: a server loop probably forgets to Close the connected socket (check `ulimit -n`).",
        "이 프로세스가 연 디스크립터가 너무 많습니다. 서버 루프에서 연결된 소켓을 Close하지 않는 것 같습니다(`ulimit -n` 확인).",
    ),
    ex(
        b"",
        libc::ENFILE,
        "the whole system is out of file descriptors: close descriptors you no longer use.",
        "시스템 전체의 파일 디스크립터가 모자랍니다. 쓰지 않는 디스크립터를 닫으세요.",
    ),
    ex(
        b"listen",
        libc::EOPNOTSUPP,
        "listen is for TCP (SOCK_STREAM) and SCTP sockets only, not UDP.",
        "listen은 TCP(SOCK_STREAM)와 SCTP 소켓에만 쓸 수 있고 UDP 소켓에는 쓸 수 없습니다.",
    ),
    ex(
        b"accept",
        libc::EINVAL,
        "the socket is not listening: call Listen after Bind and before Accept.",
        "소켓이 듣기(listen) 상태가 아닙니다. Bind 다음, Accept 전에 Listen을 호출하세요.",
    ),
    ex(
        b"",
        libc::EINVAL,
        "an argument is invalid: check the address length (sizeof the structure), the family and that the socket is not already bound.",
        "인자가 잘못되었습니다. 주소 길이(구조체의 sizeof), 주소 패밀리, 소켓이 이미 bind되지 않았는지 확인하세요.",
    ),
    ex(
        b"",
        libc::EBADF,
        "the descriptor is not open: it was already closed, or the value is not a descriptor this process got from Socket/Accept/Open.",
        "디스크립터가 열려 있지 않습니다. 이미 닫았거나 Socket/Accept/Open이 돌려준 값이 아닙니다.",
    ),
    ex(
        b"",
        libc::ENOTSOCK,
        "the descriptor is not a socket: a file or pipe descriptor was passed where a socket is needed.",
        "디스크립터가 소켓이 아닙니다. 소켓이 필요한 곳에 파일이나 파이프 디스크립터를 넘겼습니다.",
    ),
    ex(
        b"",
        libc::EAFNOSUPPORT,
        "the address family is not supported here: check AF_INET/AF_INET6 in Socket and in the address structure (sin_family).",
        "이 주소 패밀리는 지원되지 않습니다. Socket과 주소 구조체(sin_family)의 AF_INET/AF_INET6을 확인하세요.",
    ),
    ex(
        b"",
        libc::EPROTONOSUPPORT,
        "the kernel does not support this protocol: for IPPROTO_SCTP, load the SCTP module (`modprobe sctp`) or use a kernel with SCTP.",
        "커널이 이 프로토콜을 지원하지 않습니다. IPPROTO_SCTP라면 SCTP 모듈을 올리거나(`modprobe sctp`) SCTP가 있는 커널을 쓰세요.",
    ),
    ex(
        b"",
        libc::ESOCKTNOSUPPORT,
        "this socket type is not supported with this protocol: for SCTP, load the SCTP module (`modprobe sctp`).",
        "이 프로토콜로는 이 소켓 타입을 쓸 수 없습니다. SCTP라면 SCTP 모듈을 올리세요(`modprobe sctp`).",
    ),
    ex(
        b"",
        libc::EINTR,
        "a signal (often SIGCHLD) interrupted a slow system call: restart the call when errno is EINTR (section 5.9).",
        "시그널(흔히 SIGCHLD)이 느린 시스템 호출을 가로챘습니다. errno가 EINTR이면 호출을 다시 하세요(5.9절).",
    ),
    ex(
        b"",
        libc::EAGAIN,
        "nothing arrived in time: the socket is nonblocking, or an SO_RCVTIMEO/SO_SNDTIMEO timeout expired.",
        "제시간에 아무것도 오지 않았습니다. 소켓이 비블로킹이거나 SO_RCVTIMEO/SO_SNDTIMEO 시간이 다 되었습니다.",
    ),
    ex(
        b"",
        libc::EISCONN,
        "the socket is already connected: a TCP socket connects once; a connected UDP socket sends with write/send, not sendto with an address.",
        "소켓이 이미 연결되어 있습니다. TCP 소켓은 한 번만 연결하며, 연결된 UDP 소켓은 주소를 준 sendto 대신 write/send로 보냅니다.",
    ),
    ex(
        b"",
        libc::ENOTCONN,
        "the socket is not connected: call Connect (client) or use the descriptor Accept returned (server).",
        "소켓이 연결되어 있지 않습니다. 클라이언트는 Connect를 호출하고, 서버는 Accept가 돌려준 디스크립터를 쓰세요.",
    ),
    ex(
        b"",
        libc::EDESTADDRREQ,
        "no destination address: an unconnected UDP socket needs sendto with an address, or Connect first.",
        "목적지 주소가 없습니다. 연결되지 않은 UDP 소켓은 주소를 준 sendto를 쓰거나 먼저 Connect하세요.",
    ),
    ex(
        b"",
        libc::EMSGSIZE,
        "the datagram is too big to send in one piece: send less (the UDP limit is 65507 bytes, and less for the path's MTU without fragmentation).",
        "데이터그램이 너무 커서 한 번에 보낼 수 없습니다. 더 작게 보내세요(UDP 최대 65507바이트).",
    ),
    ex(
        b"",
        libc::ENOBUFS,
        "the kernel ran out of buffer space: send more slowly, or enlarge SO_SNDBUF.",
        "커널의 버퍼 공간이 모자랍니다. 더 천천히 보내거나 SO_SNDBUF를 늘리세요.",
    ),
    ex(
        b"",
        libc::ENOENT,
        "no such file: for a Unix domain socket, the server has not bound that pathname (or it was removed).",
        "그런 파일이 없습니다. 유닉스 도메인 소켓이라면 서버가 그 경로 이름을 bind하지 않았습니다(또는 지워졌습니다).",
    ),
    ex(
        b"",
        libc::ENOPROTOOPT,
        "the option is not known at that level: check the level (SOL_SOCKET, IPPROTO_IP, IPPROTO_TCP, ...) that goes with the option name.",
        "그 레벨에 없는 옵션입니다. 옵션 이름에 맞는 레벨(SOL_SOCKET, IPPROTO_IP, IPPROTO_TCP, ...)인지 확인하세요.",
    ),
    ex(
        b"",
        libc::ECHILD,
        "there is no child left to wait for: the SIGCHLD handler may already have reaped it.",
        "기다릴 자식 프로세스가 없습니다. SIGCHLD 핸들러가 이미 거두었을 수 있습니다.",
    ),
    msg(
        b"server terminated prematurely",
        "the server closed the connection before answering: it crashed or was killed; see section 5.12.",
        "서버가 응답하기 전에 연결을 닫았습니다. 서버 프로세스가 죽었거나 종료되었습니다(5.12절).",
    ),
    msg(
        b"inet_pton error for",
        "that is not an address in text form: give a dotted-decimal IPv4 address such as 127.0.0.1 (or an IPv6 one for AF_INET6).",
        "문자열 형식의 주소가 아닙니다. 127.0.0.1 같은 점 표기 IPv4 주소(AF_INET6이면 IPv6 주소)를 주세요.",
    ),
    msg(
        b" error for ",
        "the host or service name could not be resolved: check its spelling, /etc/hosts and /etc/services, or give a numeric address and port.",
        "호스트 이름이나 서비스 이름을 찾지 못했습니다. 철자, /etc/hosts, /etc/services를 확인하거나 숫자 주소와 포트를 주세요.",
    ),
];

/// The parts of an explanation, in the order [`Table`] stores them.
const CALL: usize = 0;
const TEXT: usize = 1;
const EN: usize = 2;
const KO: usize = 3;

/// [`EXPLANATIONS`] without a pointer per entry (so a PIE needs no
/// relocation for them): every entry's four strings end to end in one byte
/// string, and for each entry its errno and where each string ends.
struct Table<const N: usize, const B: usize> {
    errnos: [c_int; N],
    ends: [[u16; 4]; N],
    text: [u8; B],
}

/// The four strings of `e`, in [`Table`] order.
const fn parts(e: &Explanation) -> [&'static [u8]; 4] {
    [e.call, e.text, e.en.as_bytes(), e.ko.as_bytes()]
}

/// The length of [`Table`]'s text for `list`.
const fn text_len(list: &[Explanation]) -> usize {
    let (mut total, mut i) = (0, 0);
    while i < list.len() {
        let p = parts(&list[i]);
        total += p[0].len() + p[1].len() + p[2].len() + p[3].len();
        i += 1;
    }
    total
}

impl<const N: usize, const B: usize> Table<N, B> {
    /// The table of `list` (evaluated by the compiler: an index out of range is a build error).
    const fn build(list: &[Explanation]) -> Self {
        let mut table = Table { errnos: [0; N], ends: [[0; 4]; N], text: [0; B] };
        let (mut i, mut at) = (0, 0);
        while i < N {
            let p = parts(&list[i]);
            let mut k = 0;
            while k < 4 {
                let mut j = 0;
                while j < p[k].len() {
                    table.text[at] = p[k][j];
                    at += 1;
                    j += 1;
                }
                assert!(at <= u16::MAX as usize, "explanations too long");
                table.ends[i][k] = at as u16;
                k += 1;
            }
            table.errnos[i] = list[i].errno;
            i += 1;
        }
        table
    }

    /// Part `part` ([`CALL`], [`TEXT`], [`EN`] or [`KO`]) of entry `i`: from the end of the part before it.
    fn part(&self, i: usize, part: usize) -> &[u8] {
        let end_of = |i: usize, part: usize| self.ends.get(i).and_then(|e| e.get(part)).copied().unwrap_or(0);
        let start = match part.checked_sub(1) {
            Some(before) => end_of(i, before),
            None => i.checked_sub(1).map_or(0, |prev| end_of(prev, KO)),
        };
        self.text.get(usize::from(start)..usize::from(end_of(i, part))).unwrap_or(b"")
    }
}

/// The explanations as the program holds them.
static TABLE: Table<{ EXPLANATIONS.len() }, { text_len(EXPLANATIONS) }> = Table::build(EXPLANATIONS);

/// Whether the message locale is Korean (the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`).
fn korean() -> bool {
    for name in [c"LC_ALL", c"LC_MESSAGES", c"LANG"] {
        // SAFETY: getenv with a NUL-terminated name; the result is read at once.
        let p = unsafe { libc::getenv(name.as_ptr()) };
        if !p.is_null() {
            // SAFETY: an environment string is NUL-terminated.
            let value = unsafe { CStr::from_ptr(p) }.to_bytes();
            if !value.is_empty() {
                return value.starts_with(b"ko");
            }
        }
    }
    false
}

/// The offset of the first `needle` in `hay` (slices and `get` only: no panic path).
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().saturating_sub(needle.len())).find(|&i| hay.get(i..i + needle.len()) == Some(needle))
}

/// The call a message names: the text before " error" or ':' ("connect error" → "connect").
fn call_of(text: &[u8]) -> &[u8] {
    let end = find_bytes(text, b" error").unwrap_or(text.len());
    let head = text.get(..end).unwrap_or(text);
    let colon = head.iter().position(|&b| b == b':').unwrap_or(head.len());
    head.get(..colon).unwrap_or(head)
}

/// The index in [`TABLE`] of the explanation for a message and errno (`errnoflag` 0: no errno).
fn find(text: &[u8], errnoflag: c_int, errno: c_int) -> Option<usize> {
    let call = call_of(text);
    (0..TABLE.errnos.len()).find(|&i| {
        let e = TABLE.errnos.get(i).copied().unwrap_or(0);
        if e == 0 {
            errnoflag == 0 && find_bytes(text, TABLE.part(i, TEXT)).is_some()
        } else {
            let for_call = TABLE.part(i, CALL);
            errnoflag != 0
                && (e == errno || (e == libc::EAGAIN && errno == libc::EWOULDBLOCK))
                && (for_call.is_empty() || for_call == call)
        }
    })
}

/// Print the explanation line for a fatal error, if `LNP_EXPLAIN` is set and one applies.
/// Called only by the C shim, after the message.
///
/// # Safety
/// `msg` must point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lnp_rs_err_explain(errnoflag: c_int, saved_errno: c_int, msg: *const c_char) {
    // SAFETY: getenv with a NUL-terminated name.
    let on = unsafe { libc::getenv(c"LNP_EXPLAIN".as_ptr()) };
    // SAFETY: daemon_proc is a plain int defined by the shim.
    if on.is_null() || unsafe { daemon_proc } != 0 {
        return;
    }
    // SAFETY: an environment string is NUL-terminated.
    if matches!(unsafe { CStr::from_ptr(on) }.to_bytes(), b"" | b"0") {
        return;
    }
    // SAFETY: the shim passes its own NUL-terminated buffer.
    let text = unsafe { CStr::from_ptr(msg) }.to_bytes();
    let Some(entry) = find(text, errnoflag, saved_errno) else { return };
    let (prefix, body): (&[u8], &[u8]) = if korean() {
        (b"[lnp \xec\x84\xa4\xeb\xaa\x85] ", TABLE.part(entry, KO))
    } else {
        (b"[lnp explain] ", TABLE.part(entry, EN))
    };
    let saved = os::errno();
    for part in [prefix, body, b"\n"] {
        let _ = os::fwrite(os::Stream::Err, part);
    }
    let _ = os::fflush(os::Stream::Err);
    os::set_errno(saved);
}
