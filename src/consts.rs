//! The constants of `lnp.h` (Appendix B).

/// Second argument to `listen()` (the `LISTENQ` environment variable overrides it in `Listen`).
pub const LISTENQ: i32 = 1024;
/// Maximum text line length.
pub const MAXLINE: usize = 4096;
/// Buffer size for reads and writes.
pub const BUFFSIZE: usize = 8192;
/// TCP, UDP and SCTP port of the book's echo examples.
pub const SERV_PORT: u16 = 9877;
/// SCTP partial-delivery buffer increment.
pub const SCTP_PDAPI_INCR_SZ: i32 = 65535;
/// SCTP partial-delivery "need more" threshold.
pub const SCTP_PDAPI_NEED_MORE_THRESHOLD: i32 = 1024;
/// Streams used by `sctpstr_cli_echoall`.
pub const SERV_MAX_SCTP_STRM: i32 = 10;
/// Outbound streams requested by `sctpserv02`.
pub const SERV_MORE_STRMS_SCTP: i32 = 20;
