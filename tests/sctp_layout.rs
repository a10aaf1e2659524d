//! The bindgen-generated SCTP structures (`lnp::sctp::kernel`) and libsctp's
//! own (`lnp::sctp::sendv`) against the C compiler: size, alignment and
//! every field offset, as gcc sees `<linux/sctp.h>` and lnp's
//! `<netinet/sctp.h>`; plus the values of the constants lnp uses.

use std::collections::HashMap;
use std::mem::{align_of, offset_of, size_of};
use std::process::Command;

use lnp::sctp::kernel::*;
use lnp::sctp::sendv::*;

/// (C expression, Rust value) pairs for one structure: its size, alignment
/// and the offset of each listed field.
macro_rules! layout {
    ($out:ident, $c:literal, $t:ty { $($f:ident),* $(,)? }) => {
        $out.push((format!("sizeof({})", $c), size_of::<$t>()));
        $out.push((format!("_Alignof({})", $c), align_of::<$t>()));
        $( $out.push((format!("offsetof({}, {})", $c, stringify!($f)), offset_of!($t, $f))); )*
    };
}

fn rust_layouts() -> Vec<(String, usize)> {
    let mut v = Vec::new();
    layout!(v, "sctp_assoc_t", sctp_assoc_t {});
    layout!(
        v,
        "struct sctp_sndrcvinfo",
        sctp_sndrcvinfo {
            sinfo_stream,
            sinfo_ssn,
            sinfo_flags,
            sinfo_ppid,
            sinfo_context,
            sinfo_timetolive,
            sinfo_tsn,
            sinfo_cumtsn,
            sinfo_assoc_id
        }
    );
    layout!(
        v,
        "struct sctp_initmsg",
        sctp_initmsg { sinit_num_ostreams, sinit_max_instreams, sinit_max_attempts, sinit_max_init_timeo }
    );
    layout!(
        v,
        "struct sctp_event_subscribe",
        sctp_event_subscribe {
            sctp_data_io_event,
            sctp_association_event,
            sctp_address_event,
            sctp_send_failure_event,
            sctp_peer_error_event,
            sctp_shutdown_event,
            sctp_partial_delivery_event,
            sctp_adaptation_layer_event,
            sctp_authentication_event,
            sctp_sender_dry_event,
            sctp_stream_reset_event,
            sctp_assoc_reset_event,
            sctp_stream_change_event,
            sctp_send_failure_event_event
        }
    );
    layout!(
        v,
        "struct sctp_status",
        sctp_status {
            sstat_assoc_id,
            sstat_state,
            sstat_rwnd,
            sstat_unackdata,
            sstat_penddata,
            sstat_instrms,
            sstat_outstrms,
            sstat_fragmentation_point,
            sstat_primary
        }
    );
    layout!(
        v,
        "struct sctp_paddrinfo",
        sctp_paddrinfo {
            spinfo_assoc_id,
            spinfo_address,
            spinfo_state,
            spinfo_cwnd,
            spinfo_srtt,
            spinfo_rto,
            spinfo_mtu
        }
    );
    layout!(v, "struct sctp_getaddrs", sctp_getaddrs { assoc_id, addr_num, addrs });
    layout!(v, "struct sctp_getaddrs_old", sctp_getaddrs_old { assoc_id, addr_num, addrs });
    layout!(v, "sctp_peeloff_arg_t", sctp_peeloff_arg_t { associd, sd });
    layout!(
        v,
        "struct sctp_assoc_change",
        sctp_assoc_change {
            sac_type,
            sac_flags,
            sac_length,
            sac_state,
            sac_error,
            sac_outbound_streams,
            sac_inbound_streams,
            sac_assoc_id,
            sac_info
        }
    );
    layout!(v, "sctp_peeloff_flags_arg_t", sctp_peeloff_flags_arg_t { p_arg, flags });
    layout!(v, "struct sctp_sndinfo", sctp_sndinfo { snd_sid, snd_flags, snd_ppid, snd_context, snd_assoc_id });
    layout!(
        v,
        "struct sctp_rcvinfo",
        sctp_rcvinfo { rcv_sid, rcv_ssn, rcv_flags, rcv_ppid, rcv_tsn, rcv_cumtsn, rcv_context, rcv_assoc_id }
    );
    layout!(v, "struct sctp_nxtinfo", sctp_nxtinfo { nxt_sid, nxt_flags, nxt_ppid, nxt_length, nxt_assoc_id });
    layout!(v, "struct sctp_prinfo", sctp_prinfo { pr_policy, pr_value });
    layout!(v, "struct sctp_authinfo", sctp_authinfo { auth_keynumber });
    layout!(v, "struct sctp_sendv_spa", sctp_sendv_spa { sendv_flags, sendv_sndinfo, sendv_prinfo, sendv_authinfo });
    layout!(v, "struct sctp_recvv_rn", sctp_recvv_rn { recvv_rcvinfo, recvv_nxtinfo });
    v
}

fn rust_constants() -> Vec<(&'static str, i64)> {
    vec![
        ("SCTP_INITMSG", SCTP_INITMSG.into()),
        ("SCTP_EVENTS", SCTP_EVENTS.into()),
        ("SCTP_STATUS", SCTP_STATUS.into()),
        ("SCTP_GET_PEER_ADDR_INFO", SCTP_GET_PEER_ADDR_INFO.into()),
        ("SCTP_SOCKOPT_BINDX_ADD", SCTP_SOCKOPT_BINDX_ADD.into()),
        ("SCTP_SOCKOPT_BINDX_REM", SCTP_SOCKOPT_BINDX_REM.into()),
        ("SCTP_SOCKOPT_PEELOFF", SCTP_SOCKOPT_PEELOFF.into()),
        ("SCTP_GET_PEER_ADDRS", SCTP_GET_PEER_ADDRS.into()),
        ("SCTP_GET_LOCAL_ADDRS", SCTP_GET_LOCAL_ADDRS.into()),
        ("SCTP_SOCKOPT_CONNECTX", SCTP_SOCKOPT_CONNECTX.into()),
        ("SCTP_SOCKOPT_CONNECTX3", SCTP_SOCKOPT_CONNECTX3.into()),
        ("SCTP_BINDX_ADD_ADDR", SCTP_BINDX_ADD_ADDR.into()),
        ("SCTP_BINDX_REM_ADDR", SCTP_BINDX_REM_ADDR.into()),
        ("SCTP_SNDRCV", SCTP_SNDRCV.into()),
        ("SCTP_EOF", SCTP_EOF.into()),
        ("SCTP_ABORT", SCTP_ABORT.into()),
        ("SCTP_UNORDERED", SCTP_UNORDERED.into()),
        ("SCTP_PR_SCTP_TTL", SCTP_PR_SCTP_TTL.into()),
        ("SCTP_ASSOC_CHANGE", SCTP_ASSOC_CHANGE.into()),
        ("SCTP_NOTIFICATION", SCTP_NOTIFICATION.into()),
        ("SCTP_SOCKOPT_PEELOFF_FLAGS", SCTP_SOCKOPT_PEELOFF_FLAGS.into()),
        ("SCTP_SNDINFO", SCTP_SNDINFO.into()),
        ("SCTP_RCVINFO", SCTP_RCVINFO.into()),
        ("SCTP_NXTINFO", SCTP_NXTINFO.into()),
        ("SCTP_PRINFO", SCTP_PRINFO.into()),
        ("SCTP_AUTHINFO", SCTP_AUTHINFO.into()),
        ("SCTP_DSTADDRV4", SCTP_DSTADDRV4.into()),
        ("SCTP_DSTADDRV6", SCTP_DSTADDRV6.into()),
        ("SCTP_SENDV_NOINFO", SCTP_SENDV_NOINFO.into()),
        ("SCTP_SENDV_SNDINFO", SCTP_SENDV_SNDINFO.into()),
        ("SCTP_SENDV_PRINFO", SCTP_SENDV_PRINFO.into()),
        ("SCTP_SENDV_AUTHINFO", SCTP_SENDV_AUTHINFO.into()),
        ("SCTP_SENDV_SPA", SCTP_SENDV_SPA.into()),
        ("SCTP_SEND_SNDINFO_VALID", SCTP_SEND_SNDINFO_VALID.into()),
        ("SCTP_SEND_PRINFO_VALID", SCTP_SEND_PRINFO_VALID.into()),
        ("SCTP_SEND_AUTHINFO_VALID", SCTP_SEND_AUTHINFO_VALID.into()),
        ("SCTP_RECVV_NOINFO", SCTP_RECVV_NOINFO.into()),
        ("SCTP_RECVV_RCVINFO", SCTP_RECVV_RCVINFO.into()),
        ("SCTP_RECVV_NXTINFO", SCTP_RECVV_NXTINFO.into()),
        ("SCTP_RECVV_RN", SCTP_RECVV_RN.into()),
    ]
}

/// Compile and run a C program printing `expr=value` for each expression.
fn c_values(tag: &str, exprs: &[String]) -> HashMap<String, i64> {
    let dir = std::env::temp_dir().join(format!("lnp-sctp-layout-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut src =
        String::from("#include <stddef.h>\n#include <stdio.h>\n#include <netinet/sctp.h>\nint main(void) {\n");
    for e in exprs {
        src.push_str(&format!("    printf(\"%s=%lld\\n\", \"{e}\", (long long)({e}));\n"));
    }
    src.push_str("    return 0;\n}\n");
    let c = dir.join("layout.c");
    let exe = dir.join("layout");
    std::fs::write(&c, src).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let st = Command::new(&cc)
        .args(["-std=gnu11", "-Wall", "-I", concat!(env!("CARGO_MANIFEST_DIR"), "/include"), "-o"])
        .arg(&exe)
        .arg(&c)
        .status()
        .expect("run the C compiler");
    assert!(st.success(), "{cc} failed on {}", c.display());
    let out = Command::new(&exe).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (k, v) = l.rsplit_once('=').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect()
}

#[test]
fn structures_match_the_c_compiler() {
    let rust = rust_layouts();
    let c = c_values("struct", &rust.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>());
    let mut bad = Vec::new();
    for (expr, value) in &rust {
        if c[expr] != *value as i64 {
            bad.push(format!("{expr}: C {} Rust {value}", c[expr]));
        }
    }
    assert!(bad.is_empty(), "layout mismatches:\n{}", bad.join("\n"));
    // The sizes of the x86_64 Linux ABI.
    assert_eq!(size_of::<sctp_sndrcvinfo>(), 32);
    assert_eq!(size_of::<sctp_status>(), 176);
    assert_eq!(size_of::<sctp_paddrinfo>(), 152);
    assert_eq!(align_of::<sctp_paddrinfo>(), 4);
    assert_eq!(size_of::<sctp_getaddrs_old>(), 16);
    assert_eq!(size_of::<sctp_peeloff_arg_t>(), 8);
}

#[test]
fn constants_match_the_c_compiler() {
    let rust = rust_constants();
    let c = c_values("const", &rust.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    for (name, value) in rust {
        assert_eq!(c[name], value, "{name}");
    }
}

#[test]
fn sctp_assoc_t_is_signed() {
    assert_eq!(sctp_assoc_t::MIN, i32::MIN);
}
