/* netinet/sctp.h: the SCTP sockets API of lksctp's libsctp, provided by lnp.

   A program written for libsctp builds against lnp unchanged: keep
   `#include <netinet/sctp.h>`, add lnp's include directory (-I), and link
   with -llnp instead of -lsctp.  libsctp itself is not needed.

   Like libsctp's header, this one stands alone: it includes only <stdint.h>,
   <linux/types.h>, <sys/socket.h> and the kernel's <linux/sctp.h> (which
   defines the structures and constants), so it also compiles after
   <linux/in.h>.  It may be included before or after lnp.h: the declarations
   both make are the same. */
#ifndef LNP_NETINET_SCTP_H
#define LNP_NETINET_SCTP_H

#include <stdint.h>
#include <linux/types.h>
#include <sys/socket.h>
#include <linux/sctp.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SOL_SCTP
#define SOL_SCTP 132 /* socket-option level of SCTP (= IPPROTO_SCTP) */
#endif
/* IPPROTO_SCTP comes from <netinet/in.h> or <linux/in.h>, in either order:
   defining it here as libsctp does would break a later <netinet/in.h>,
   whose enumerator has the same name. */

/* Feature macros (RFC 6458 section 9 and libsctp's configure checks): each
   is defined when lnp implements the feature and the kernel headers in use
   declare what it needs. */
#define HAVE_SCTP
#define HAVE_KERNEL_SCTP
#define HAVE_SCTP_MULTIBUF
#define HAVE_SCTP_NOCONNECT
#define HAVE_SCTP_PRSCTP
#define HAVE_SCTP_ADDIP
#define HAVE_SCTP_CANSET_PRIMARY
#ifdef SCTP_STREAM_RESET_EVENT
#define HAVE_SCTP_STREAM_RESET_EVENT
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
#define HAVE_SCTP_ASSOC_RESET_EVENT
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
#define HAVE_SCTP_STREAM_CHANGE_EVENT
#endif
#ifdef SCTP_RECONFIG_SUPPORTED
#define HAVE_SCTP_STREAM_RECONFIG
#endif
#ifdef SCTP_SOCKOPT_PEELOFF_FLAGS
#define HAVE_SCTP_PEELOFF_FLAGS
#endif
/* pdapi_stream and pdapi_seq came with stream interleaving (I-DATA). */
#ifdef SCTP_INTERLEAVING_SUPPORTED
#define HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM
#define HAVE_SCTP_PDAPI_EVENT_PDAPI_SEQ
#endif
/* sctp_sendv needs the SCTP_PRINFO, SCTP_AUTHINFO and SCTP_DSTADDRV4/V6
   control messages, the last of which to arrive in <linux/sctp.h>. */
#ifdef SCTP_DSTADDRV6
#define HAVE_SCTP_SENDV
#endif
/* SCTP_AUTH_NO_AUTH (an enumerator) arrived with SCTP_AUTH_DEACTIVATE_KEY. */
#ifdef SCTP_AUTH_DEACTIVATE_KEY
#define HAVE_SCTP_AUTH_NO_AUTH
#endif

/* Add (SCTP_BINDX_ADD_ADDR) or remove (SCTP_BINDX_REM_ADDR) the addrcnt
   packed addresses at addrs; 0, or -1 with errno set. */
int sctp_bindx(int sd, struct sockaddr *addrs, int addrcnt, int flags);

/* Start an association to addrcnt packed addresses; the id goes to *id. */
int sctp_connectx(int sd, struct sockaddr *addrs, int addrcnt, sctp_assoc_t *id);

/* Branch an association off a one-to-many socket: the new descriptor. */
int sctp_peeloff(int sd, sctp_assoc_t assoc_id);

/* sctp_peeloff with SOCK_NONBLOCK and/or SOCK_CLOEXEC on the new descriptor. */
int sctp_peeloff_flags(int sd, sctp_assoc_t assoc_id, unsigned flags);

/* getsockopt of an option whose argument starts with an association id;
   the positive value ENOTSUP for any other option. */
int sctp_opt_info(int sd, sctp_assoc_t id, int opt, void *arg, socklen_t *size);

/* The peer addresses of an association, in a buffer that sctp_freepaddrs
   releases; their number, or -1. */
int sctp_getpaddrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freepaddrs(struct sockaddr *addrs);

/* The local addresses of an association (id 0: of the socket), in a buffer
   that sctp_freeladdrs releases; their number, or -1. */
int sctp_getladdrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freeladdrs(struct sockaddr *addrs);

/* One message with an SCTP_SNDRCV control message made of the arguments. */
int sctp_sendmsg(int s, const void *msg, size_t len, struct sockaddr *to, socklen_t tolen, uint32_t ppid,
                 uint32_t flags, uint16_t stream_no, uint32_t timetolive, uint32_t context);

/* One message with *sinfo as its SCTP_SNDRCV control message (sinfo NULL:
   none); flags are sendmsg's. */
int sctp_send(int s, const void *msg, size_t len, const struct sctp_sndrcvinfo *sinfo, int flags);

/* One message, its sender, its SCTP_SNDRCV information and its flags. */
int sctp_recvmsg(int s, void *msg, size_t len, struct sockaddr *from, socklen_t *fromlen,
                 struct sctp_sndrcvinfo *sinfo, int *msg_flags);

/* sizeof the socket address of family (sockaddr_in, sockaddr_in6), or -1. */
int sctp_getaddrlen(sa_family_t family);

#ifdef HAVE_SCTP_SENDV
/* sctp_sendv: what info points to (infotype). */
enum {
    SCTP_SENDV_NOINFO,   /* nothing (info NULL, infolen 0) */
    SCTP_SENDV_SNDINFO,  /* a struct sctp_sndinfo */
    SCTP_SENDV_PRINFO,   /* a struct sctp_prinfo */
    SCTP_SENDV_AUTHINFO, /* a struct sctp_authinfo */
    SCTP_SENDV_SPA       /* a struct sctp_sendv_spa */
};

/* sendv_flags of struct sctp_sendv_spa: which of its members to send. */
#define SCTP_SEND_SNDINFO_VALID 0x1
#define SCTP_SEND_PRINFO_VALID 0x2
#define SCTP_SEND_AUTHINFO_VALID 0x4

/* Several kinds of send information at once (SCTP_SENDV_SPA). */
struct sctp_sendv_spa {
    uint32_t sendv_flags;
    struct sctp_sndinfo sendv_sndinfo;
    struct sctp_prinfo sendv_prinfo;
    struct sctp_authinfo sendv_authinfo;
};

/* Send the iovcnt buffers of iov as one message to the first of the addrcnt
   packed addresses (the others: further addresses for a new association),
   with the send information info of type infotype. */
int sctp_sendv(int s, const struct iovec *iov, int iovcnt, struct sockaddr *addrs, int addrcnt, void *info,
               socklen_t infolen, unsigned int infotype, int flags);

/* sctp_recvv: what it stored at info (*infotype). */
enum {
    SCTP_RECVV_NOINFO,  /* nothing */
    SCTP_RECVV_RCVINFO, /* a struct sctp_rcvinfo (socket option SCTP_RECVRCVINFO) */
    SCTP_RECVV_NXTINFO, /* a struct sctp_nxtinfo (socket option SCTP_RECVNXTINFO) */
    SCTP_RECVV_RN       /* a struct sctp_recvv_rn: both */
};

/* Both kinds of receive information (SCTP_RECVV_RN). */
struct sctp_recvv_rn {
    struct sctp_rcvinfo recvv_rcvinfo;
    struct sctp_nxtinfo recvv_nxtinfo;
};

/* Receive one message into the iovlen buffers of iov, with its sender, the
   receive information the socket asked for and the message flags. */
int sctp_recvv(int s, const struct iovec *iov, int iovlen, struct sockaddr *from, socklen_t *fromlen, void *info,
               socklen_t *infolen, unsigned int *infotype, int *flags);
#endif /* HAVE_SCTP_SENDV */

/* Legacy spellings, from the drafts before RFC 6458 and from older lksctp
   and BSD headers (the book's "adaption", the MSG_ send flags): aliases of
   today's names, for old programs only.  lnp.h defines the same. */
#ifndef MSG_UNORDERED
#define MSG_UNORDERED SCTP_UNORDERED
#endif
#ifndef MSG_ADDR_OVER
#define MSG_ADDR_OVER SCTP_ADDR_OVER
#endif
#ifndef MSG_ABORT
#define MSG_ABORT SCTP_ABORT
#endif
#ifndef MSG_EOF
#define MSG_EOF SCTP_EOF
#endif
#ifndef MSG_PR_SCTP_TTL
#define MSG_PR_SCTP_TTL SCTP_PR_SCTP_TTL
#endif
#ifndef SCTP_ADAPTION_LAYER
#define SCTP_ADAPTION_LAYER SCTP_ADAPTATION_LAYER
#endif
#ifndef SCTP_ADAPTION_INDICATION
#define SCTP_ADAPTION_INDICATION SCTP_ADAPTATION_INDICATION
#endif
#ifndef sctp_adaption_event
#define sctp_adaption_event sctp_adaptation_event
#endif
#ifndef sai_adaption_ind
#define sai_adaption_ind sai_adaptation_ind
#endif
#ifndef sn_adaption_event
#define sn_adaption_event sn_adaptation_event
#endif
#ifndef sctp_adaption_layer_event
#define sctp_adaption_layer_event sctp_adaptation_layer_event
#endif
#ifndef sctp_setadaption
#define sctp_setadaption sctp_setadaptation
#endif
#ifndef ssb_adaption_ind
#define ssb_adaption_ind ssb_adaptation_ind
#endif

#ifdef __cplusplus
}
#endif

#endif /* LNP_NETINET_SCTP_H */
