//! prifinfo: list the interfaces and their addresses (C: c-examples/prifinfo.c,
//! after the original UNP's section 17.6), with `lnp::ifi::interfaces`.
//!
//! Usage: `prifinfo <inet4|inet6> <doaliases>`. Prints what the C program
//! prints, except that the MTU is the whole value (the C `struct ifi_info`
//! keeps it in a `short`, so loopback's 65536 shows there as none).

use lnp::die::err_quit;
use lnp::{OrDie, ifi, stdio};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        err_quit("usage: prifinfo <inet4|inet6> <doaliases>");
    }
    let family = match args[1].as_str() {
        "inet4" => libc::AF_INET,
        "inet6" => libc::AF_INET6,
        _ => err_quit("invalid <address-family>"),
    };
    let doaliases = args[2].parse::<i32>().unwrap_or(0) != 0;

    let list = ifi::interfaces(family, doaliases).or_die("get_ifi_info error");
    if list.is_empty() {
        err_quit("get_ifi_info error"); // as Get_ifi_info
    }
    let mut out = String::new();
    for ifi in &list {
        out += &format!("{}: ", ifi.name);
        if ifi.index != 0 {
            out += &format!("({}) ", ifi.index);
        }
        out += "<";
        for (flag, text) in [
            (libc::IFF_UP, "UP "),
            (libc::IFF_BROADCAST, "BCAST "),
            (libc::IFF_MULTICAST, "MCAST "),
            (libc::IFF_LOOPBACK, "LOOP "),
            (libc::IFF_POINTOPOINT, "P2P "),
        ] {
            if ifi.flags & flag as u32 != 0 {
                out += text;
            }
        }
        out += if ifi.alias { "> (alias)\n" } else { ">\n" };
        if !ifi.haddr.is_empty() {
            let hex: Vec<String> = ifi.haddr.iter().map(|b| format!("{b:02x}")).collect();
            out += &format!("  {}\n", hex.join(":"));
        }
        if ifi.mtu != 0 {
            out += &format!("  MTU: {}\n", ifi.mtu);
        }
        out += &format!("  IP addr: {}\n", ifi.addr.host());
        if let Some(b) = &ifi.brdaddr {
            out += &format!("  broadcast addr: {}\n", b.host());
        }
        if let Some(d) = &ifi.dstaddr {
            out += &format!("  destination addr: {}\n", d.host());
        }
    }
    stdio::print(&out);
}
