//! Interoperability of the book's programs in Rust (`examples/`) and in C
//! (`c-examples/`): the Rust client against the C server and the C client
//! against the Rust server, for the TCP echo, daytime and UDP echo
//! scenarios, plus the identical error text of both clients.
//!
//! The C programs hard-code their ports (9877, 13), so every scenario runs in
//! a network namespace of its own (loopback only), created and removed here.
//! That needs root and `ip`; without them, or without the C programs (built by
//! `make -C c-examples`, which `make test-interop` runs first), each test
//! prints SKIPPED with the reason. `LNP_INTEROP_REQUIRED=1` turns skips into
//! failures (the Makefile sets it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Where the Rust examples are: `target/<profile>/examples`, next to this test's `deps/`.
fn rust_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    profile_dir.join("examples").join(name)
}

/// The C program `name` from c-examples/bin.
fn c_bin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("c-examples/bin").join(name)
}

/// Why the scenarios cannot run here, if they cannot.
fn skip_reason(progs: &[&Path]) -> Option<String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("network namespaces need root".into());
    }
    if Command::new("ip").arg("-V").output().is_err() {
        return Some("the ip command (iproute2) is missing".into());
    }
    for p in progs {
        if !p.exists() {
            return Some(format!("{} is not built (make -C c-examples; cargo build --examples)", p.display()));
        }
    }
    None
}

/// Print SKIPPED, or fail when skipping is not allowed.
fn skip(test: &str, reason: &str) {
    if std::env::var_os("LNP_INTEROP_REQUIRED").is_some_and(|v| v == "1") {
        panic!("{test}: cannot run: {reason}");
    }
    eprintln!("SKIPPED interop {test}: {reason}");
}

/// A private network namespace with `lo` up, deleted on drop.
struct Netns {
    name: String,
}

impl Netns {
    fn new() -> Netns {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("lnprs{}_{}", std::process::id(), COUNT.fetch_add(1, Ordering::SeqCst));
        let ok = |args: &[&str]| Command::new("ip").args(args).status().is_ok_and(|s| s.success());
        assert!(ok(&["netns", "add", &name]), "ip netns add {name}");
        let ns = Netns { name };
        assert!(ok(&["-n", &ns.name, "link", "set", "lo", "up"]), "lo up in {}", ns.name);
        ns
    }

    /// A command running `prog args` inside the namespace.
    fn command(&self, prog: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name]).arg(prog).args(args);
        cmd
    }

    /// Start a server; it is killed when the returned guard drops.
    fn spawn_server(&self, prog: &Path, proto: &str, port: u16) -> Server {
        let child = self
            .command(prog, &[])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let server = Server(child);
        self.wait_bound(proto, port);
        server
    }

    /// Wait (at most 5 s) until something in the namespace has bound `port`.
    fn wait_bound(&self, proto: &str, port: u16) {
        let needle = format!(":{port:04X} ");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            let out = Command::new("ip")
                .args(["netns", "exec", &self.name, "cat", &format!("/proc/net/{proto}")])
                .output()
                .expect("read /proc/net");
            let text = String::from_utf8_lossy(&out.stdout);
            if text
                .lines()
                .skip(1)
                .any(|l| l.split_whitespace().nth(1).is_some_and(|a| format!("{a} ").ends_with(&needle)))
            {
                return;
            }
            sleep(Duration::from_millis(20));
        }
        panic!("nothing bound {proto} port {port} in {}", self.name);
    }

    /// Run a client with `input` on its standard input (10 s limit).
    fn run_client(&self, prog: &Path, args: &[&str], input: &[u8]) -> Output {
        let mut child = Command::new("timeout")
            .args(["10", "ip", "netns", "exec", &self.name])
            .arg(prog)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start client");
        child.stdin.take().expect("stdin").write_all(input).expect("client input");
        child.wait_with_output().expect("client output")
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.name]).status();
    }
}

/// A running server process, killed and reaped on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const ECHO_INPUT: &[u8] = b"hello, world\nthe second line\n\nand a last one\n";

/// Run one echo scenario: `server` (tcp or udp on 9877) and `client 127.0.0.1`.
fn echo_scenario(test: &str, server: PathBuf, client: PathBuf, proto: &str) {
    if let Some(reason) = skip_reason(&[&server, &client]) {
        return skip(test, &reason);
    }
    let ns = Netns::new();
    let _server = ns.spawn_server(&server, proto, 9877);
    let out = ns.run_client(&client, &["127.0.0.1"], ECHO_INPUT);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{test}: client stderr");
    assert!(out.status.success(), "{test}: client status {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(ECHO_INPUT), "{test}: echoed text");
}

#[test]
fn tcp_echo_rust_client_c_server() {
    echo_scenario("tcp_echo_rust_client_c_server", c_bin("tcpserv04"), rust_bin("tcpcli01"), "tcp");
}

#[test]
fn tcp_echo_c_client_rust_server() {
    echo_scenario("tcp_echo_c_client_rust_server", rust_bin("tcpserv04"), c_bin("tcpcli01"), "tcp");
}

#[test]
fn tcp_echo_c_client_rust_select_server() {
    echo_scenario("tcp_echo_c_client_rust_select_server", rust_bin("tcpservselect01"), c_bin("tcpcli01"), "tcp");
}

#[test]
fn tcp_echo_rust_client_c_select_server() {
    echo_scenario("tcp_echo_rust_client_c_select_server", c_bin("tcpservselect01"), rust_bin("tcpcli01"), "tcp");
}

#[test]
fn udp_echo_rust_client_c_server() {
    echo_scenario("udp_echo_rust_client_c_server", c_bin("udpserv01"), rust_bin("udpcli01"), "udp");
}

#[test]
fn udp_echo_c_client_rust_server() {
    echo_scenario("udp_echo_c_client_rust_server", rust_bin("udpserv01"), c_bin("udpcli01"), "udp");
}

/// `Thu Nov 26 11:43:06 2026\r\n`: ctime's 24 characters and CR LF.
fn is_daytime(text: &str) -> bool {
    let Some(body) = text.strip_suffix("\r\n") else { return false };
    let parts: Vec<&str> = body.split_whitespace().collect();
    body.len() == 24
        && parts.len() == 5
        && parts[3].len() == 8
        && parts[3].chars().filter(|&c| c == ':').count() == 2
        && parts[4].parse::<u32>().is_ok()
}

fn daytime_scenario(test: &str, server: PathBuf, client: PathBuf) {
    if let Some(reason) = skip_reason(&[&server, &client]) {
        return skip(test, &reason);
    }
    let ns = Netns::new();
    let _server = ns.spawn_server(&server, "tcp", 13);
    let out = ns.run_client(&client, &["127.0.0.1"], b"");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{test}: client stderr");
    assert!(out.status.success(), "{test}: client status {:?}", out.status);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(is_daytime(&text), "{test}: not a daytime line: {text:?}");
}

#[test]
fn daytime_rust_client_c_server() {
    daytime_scenario("daytime_rust_client_c_server", c_bin("daytimetcpsrv"), rust_bin("daytimetcpcli"));
}

#[test]
fn daytime_c_client_rust_server() {
    daytime_scenario("daytime_c_client_rust_server", rust_bin("daytimetcpsrv"), c_bin("daytimetcpcli"));
}

/// Both clients die with the same text and status when no server listens.
#[test]
fn connect_refused_same_text() {
    let (c, rust) = (c_bin("tcpcli01"), rust_bin("tcpcli01"));
    if let Some(reason) = skip_reason(&[&c, &rust]) {
        return skip("connect_refused_same_text", &reason);
    }
    let ns = Netns::new();
    for prog in [&c, &rust] {
        let out = ns.run_client(prog, &["127.0.0.1"], b"never sent\n");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "connect error: Connection refused\n", "{}", prog.display());
        assert_eq!(out.status.code(), Some(1), "{}", prog.display());
        assert!(out.stdout.is_empty());
    }
    for (prog, usage) in [(&c, "usage: tcpcli <IPaddress>\n"), (&rust, "usage: tcpcli <IPaddress>\n")] {
        let out = ns.run_client(prog, &[], b"");
        assert_eq!(String::from_utf8_lossy(&out.stderr), usage);
        assert_eq!(out.status.code(), Some(1));
    }
}

/// The C daytime client and the Rust one print the same for one server.
#[test]
fn daytime_clients_agree() {
    let (srv, c, rust) = (rust_bin("daytimetcpsrv"), c_bin("daytimetcpcli"), rust_bin("daytimetcpcli"));
    if let Some(reason) = skip_reason(&[&srv, &c, &rust]) {
        return skip("daytime_clients_agree", &reason);
    }
    let ns = Netns::new();
    let _server = ns.spawn_server(&srv, "tcp", 13);
    // The two runs may straddle a second boundary: retry a few times.
    for _ in 0..5 {
        let a = ns.run_client(&c, &["127.0.0.1"], b"");
        let b = ns.run_client(&rust, &["127.0.0.1"], b"");
        assert!(a.status.success() && b.status.success());
        if a.stdout == b.stdout {
            return;
        }
    }
    panic!("the C and Rust daytime clients disagree");
}

/// The children of `pid` and how many of them are zombies (from /proc/*/stat).
fn children_of(pid: u32) -> (usize, usize) {
    let (mut all, mut zombies) = (0, 0);
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // "pid (comm) state ppid ...": the fields after the last ')'.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(pid) {
            all += 1;
            zombies += usize::from(fields[0] == "Z");
        }
    }
    (all, zombies)
}

/// tcpcli04's five connections against a forking server: wait (at most 3 s)
/// until the server's children reach `want` (children, zombies).
fn five_connections_scenario(test: &str, server: PathBuf, client: PathBuf, want: (usize, usize)) {
    if let Some(reason) = skip_reason(&[&server, &client]) {
        return skip(test, &reason);
    }
    let ns = Netns::new();
    let srv = ns.spawn_server(&server, "tcp", 9877);
    let out = ns.run_client(&client, &["127.0.0.1"], ECHO_INPUT);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{test}: client stderr");
    assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(ECHO_INPUT), "{test}: echoed text");
    let start = Instant::now();
    let mut got = children_of(srv.0.id());
    while got != want && start.elapsed() < Duration::from_secs(3) {
        sleep(Duration::from_millis(20));
        got = children_of(srv.0.id());
    }
    assert_eq!(got, want, "{test}: (children, zombies) of the server");
}

#[test]
fn five_connections_c_client_rust_tcpserv04_reaps() {
    five_connections_scenario(
        "five_connections_c_client_rust_tcpserv04_reaps",
        rust_bin("tcpserv04"),
        c_bin("tcpcli04"),
        (0, 0),
    );
}

#[test]
fn five_connections_rust_client_c_tcpserv04_reaps() {
    five_connections_scenario(
        "five_connections_rust_client_c_tcpserv04_reaps",
        c_bin("tcpserv04"),
        rust_bin("tcpcli04"),
        (0, 0),
    );
}

#[test]
fn five_connections_rust_tcpserv01_leaves_zombies() {
    five_connections_scenario(
        "five_connections_rust_tcpserv01_leaves_zombies",
        rust_bin("tcpserv01"),
        c_bin("tcpcli04"),
        (5, 5),
    );
}

/// udpcli04 (connected UDP) with no server: both clients report the ICMP error the same way.
#[test]
fn connected_udp_refused_same_text() {
    let (c, rust) = (c_bin("udpcli04"), rust_bin("udpcli04"));
    if let Some(reason) = skip_reason(&[&c, &rust]) {
        return skip("connected_udp_refused_same_text", &reason);
    }
    let ns = Netns::new();
    for prog in [&c, &rust] {
        let out = ns.run_client(prog, &["127.0.0.1"], b"hello\n");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "read error: Connection refused\n", "{}", prog.display());
        assert_eq!(out.status.code(), Some(1), "{}", prog.display());
    }
}

/// udpcli04 with the other language's UDP server echoes normally.
#[test]
fn connected_udp_echo_rust_client_c_server() {
    echo_scenario("connected_udp_echo_rust_client_c_server", c_bin("udpserv01"), rust_bin("udpcli04"), "udp");
}

/// udpcli09: both print the local address the kernel chose, in sock_ntop's form.
#[test]
fn udp_local_address_same_form() {
    let (c, rust) = (c_bin("udpcli09"), rust_bin("udpcli09"));
    if let Some(reason) = skip_reason(&[&c, &rust]) {
        return skip("udp_local_address_same_form", &reason);
    }
    let ns = Netns::new();
    for prog in [&c, &rust] {
        let out = ns.run_client(prog, &["127.0.0.1"], b"");
        let text = String::from_utf8_lossy(&out.stdout);
        let port = text.strip_prefix("local address 127.0.0.1:").and_then(|p| p.strip_suffix('\n'));
        assert!(port.is_some_and(|p| p.parse::<u16>().is_ok_and(|p| p > 0)), "{}: {text:?}", prog.display());
        assert!(out.status.success());
    }
}

/// Interfaces with secondary IPv4 and IPv6 addresses in `ns`: a veth pair, one end down.
fn add_interfaces(ns: &Netns) {
    let ip = |args: &str| {
        let args: Vec<&str> = args.split_whitespace().collect();
        assert!(
            Command::new("ip").arg("-n").arg(&ns.name).args(&args).status().is_ok_and(|s| s.success()),
            "ip {args:?}"
        );
    };
    ip("link add va type veth peer name vb");
    ip("link set va addrgenmode none");
    ip("link set vb addrgenmode none");
    ip("addr add 10.1.1.1/24 brd + dev va");
    ip("addr add 10.1.1.2/24 brd + dev va label va:1");
    ip("addr add 2001:db8:1::1/64 dev va nodad");
    ip("addr add 2001:db8:1::2/64 dev va nodad");
    ip("addr add 10.2.0.1/24 dev vb");
    ip("link set va up");
}

/// prifinfo in Rust (lnp::ifi) and in C (get_ifi_info) print the same list;
/// only loopback's MTU differs (65536 does not fit the C struct's short).
#[test]
fn prifinfo_rust_and_c_agree() {
    let (c, rust) = (c_bin("prifinfo"), rust_bin("prifinfo"));
    if let Some(reason) = skip_reason(&[&c, &rust]) {
        return skip("prifinfo_rust_and_c_agree", &reason);
    }
    let ns = Netns::new();
    add_interfaces(&ns);
    for args in [["inet4", "0"], ["inet4", "1"], ["inet6", "0"], ["inet6", "1"]] {
        let c_out = ns.run_client(&c, &args, b"");
        let rust_out = ns.run_client(&rust, &args, b"");
        assert!(c_out.status.success() && rust_out.status.success(), "{args:?}");
        let rust_text = String::from_utf8_lossy(&rust_out.stdout).replace("  MTU: 65536\n", "");
        assert_eq!(rust_text, String::from_utf8_lossy(&c_out.stdout), "prifinfo {args:?}");
        assert!(rust_text.contains("va: "), "{rust_text}");
    }
}

/// udpcli_rtt in Rust (lnp::rtt) and in C (rtt_* of unprtt.h), each through
/// the same seeded lossy relay to the C udpserv01: every request answered,
/// one retransmission per dropped datagram, and, the drops being seeded,
/// the same number of retransmissions for both.
#[test]
fn udpcli_rtt_rust_and_c_over_a_lossy_link() {
    let (server, relay, c, rust) =
        (c_bin("udpserv01"), c_bin("lossyrelay"), c_bin("udpcli_rtt"), rust_bin("udpcli_rtt"));
    if let Some(reason) = skip_reason(&[&server, &relay, &c, &rust]) {
        return skip("udpcli_rtt_rust_and_c_over_a_lossy_link", &reason);
    }
    let input: String = (1..=8).map(|i| format!("request {i}\n")).collect();
    let mut counts = Vec::new();
    for client in [&c, &rust] {
        let ns = Netns::new();
        let _server = ns.spawn_server(&server, "udp", 9877);
        let relay_child = ns
            .command(&relay, &["9878", "127.0.0.1", "9877", "30", "50", "2"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start lossyrelay");
        let mut relay_guard = Server(relay_child);
        ns.wait_bound("udp", 9878);
        let mut child = Command::new("timeout")
            .args(["60", "ip", "netns", "exec", &ns.name])
            .arg(client)
            .args(["-d", "-t", "250", "-p", "9878", "127.0.0.1"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start client");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("client input");
        let out = child.wait_with_output().expect("client output");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{}: {:?} {stderr}", client.display(), out.status);
        assert_eq!(String::from_utf8_lossy(&out.stdout), input, "{}", client.display());
        relay_guard.0.kill().expect("stop lossyrelay");
        let mut relay_out = String::new();
        std::io::Read::read_to_string(relay_guard.0.stdout.as_mut().expect("relay stdout"), &mut relay_out).unwrap();
        let drops = relay_out.lines().filter(|l| l.starts_with("drop")).count();
        let retransmissions = stderr.lines().filter(|l| l.starts_with("timeout, retransmission")).count();
        assert!(drops > 0, "{}: nothing dropped", client.display());
        assert_eq!(retransmissions, drops, "{}: {stderr}", client.display());
        assert_eq!(stderr.lines().last(), Some(format!("{retransmissions} retransmissions").as_str()));
        counts.push(retransmissions);
    }
    assert_eq!(counts[0], counts[1], "C and Rust clients over the same seeded link");
}
