/*
 * libsctp's API beyond the book on a real SCTP kernel (user-mode-linux
 * guest): sctp_sendv (every infotype, several addresses), sctp_recvv
 * (SCTP_RECVRCVINFO, SCTP_RECVNXTINFO, both, short buffers),
 * sctp_peeloff_flags, sctp_getaddrlen, sctp_send without sinfo, the
 * HAVE_SCTP_* feature macros and the legacy spellings of lnp's
 * <netinet/sctp.h>.  It includes <netinet/sctp.h> first and lnp.h (through
 * check.h) second, the order lnp.h-first is test_sctp_lib.c's.
 */
#define _GNU_SOURCE
#include <netinet/sctp.h>
#include "check.h"
#ifndef TEST_NAME
#define TEST_NAME "sctp-libsctp"
#endif

#ifndef LNP_NETINET_SCTP_H
#error "not lnp's <netinet/sctp.h>"
#endif
/* What lnp and the 6.1 kernel headers provide, so all of libsctp's macros. */
#if !defined(HAVE_SCTP) || !defined(HAVE_KERNEL_SCTP) || !defined(HAVE_SCTP_MULTIBUF) ||                  \
    !defined(HAVE_SCTP_NOCONNECT) || !defined(HAVE_SCTP_PRSCTP) || !defined(HAVE_SCTP_ADDIP) ||           \
    !defined(HAVE_SCTP_CANSET_PRIMARY) || !defined(HAVE_SCTP_STREAM_RESET_EVENT) ||                        \
    !defined(HAVE_SCTP_ASSOC_RESET_EVENT) || !defined(HAVE_SCTP_STREAM_CHANGE_EVENT) ||                    \
    !defined(HAVE_SCTP_STREAM_RECONFIG) || !defined(HAVE_SCTP_PEELOFF_FLAGS) ||                            \
    !defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM) || !defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_SEQ) ||           \
    !defined(HAVE_SCTP_SENDV) || !defined(HAVE_SCTP_AUTH_NO_AUTH)
#error "a HAVE_SCTP_* macro is missing"
#endif

static struct sockaddr_in addr4(const char *ip, int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    inet_pton(AF_INET, ip, &sa.sin_addr);
    return sa;
}

static int port_of(int fd)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    getsockname(fd, (SA *)&sa, &len);
    return ntohs(sa.sin_port);
}

static void on(int fd, int opt)
{
    int one = 1;
    Setsockopt(fd, IPPROTO_SCTP, opt, &one, sizeof(one));
}

/* A one-to-many listener on 127.0.0.1 (and 127.0.0.2 if two) with SCTP_RECVRCVINFO on. */
static int server(int two, int *port)
{
    int fd = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in sa = addr4("127.0.0.1", 0);
    Bind(fd, (SA *)&sa, sizeof(sa));
    *port = port_of(fd);
    if (two) {
        sa = addr4("127.0.0.2", *port);
        CHECK_INT(sctp_bindx(fd, (SA *)&sa, 1, SCTP_BINDX_ADD_ADDR), 0);
    }
    on(fd, SCTP_RECVRCVINFO);
    Listen(fd, 5);
    return fd;
}

/* sctp_recvv of the next message into buf, with up to infolen bytes of info. */
static int recvv(int fd, char *buf, size_t len, void *info, socklen_t *infolen, unsigned *infotype, int *flags,
                 struct sockaddr_in *from, socklen_t *fromlen)
{
    struct iovec iov = {buf, len};
    *flags = 0;
    *infotype = 99;
    return sctp_recvv(fd, &iov, 1, (SA *)from, fromlen, info, infolen, infotype, flags);
}

static void test_sendv_recvv(void)
{
    int port, srv = server(0, &port);
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in to = addr4("127.0.0.1", port), from;
    socklen_t fromlen, infolen;
    on(cli, SCTP_NODELAY); /* no Nagle: messages sent back to back arrive together */
    unsigned infotype;
    int flags, n;
    char buf[256];

    /* SCTP_SENDV_SPA: stream 2, ppid, context, and PR-SCTP (at most 3
       retransmissions; a lifetime, SCTP_PR_SCTP_TTL, follows once the
       association is up: Linux drops a timed message that starts one); two buffers */
    struct sctp_sendv_spa spa;
    memset(&spa, 0, sizeof(spa));
    spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID;
    spa.sendv_sndinfo.snd_sid = 2;
    spa.sendv_sndinfo.snd_ppid = htonl(42);
    spa.sendv_sndinfo.snd_context = 7;
    spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_RTX;
    spa.sendv_prinfo.pr_value = 3;
    struct iovec out[2] = {{"scatter ", 8}, {"gather", 6}};
    CHECK_INT(sctp_sendv(cli, out, 2, (SA *)&to, 1, &spa, sizeof(spa), SCTP_SENDV_SPA, 0), 14);

    struct sctp_rcvinfo rcv;
    memset(&rcv, 0xff, sizeof(rcv));
    infolen = sizeof(rcv);
    fromlen = sizeof(from);
    n = recvv(srv, buf, sizeof(buf), &rcv, &infolen, &infotype, &flags, &from, &fromlen);
    CHECK_INT(n, 14);
    CHECK(n == 14 && memcmp(buf, "scatter gather", 14) == 0);
    CHECK_INT(infotype, SCTP_RECVV_RCVINFO);
    CHECK_INT(infolen, sizeof(struct sctp_rcvinfo));
    CHECK_INT(rcv.rcv_sid, 2);
    CHECK_INT(rcv.rcv_ssn, 0);
    CHECK_INT(ntohl(rcv.rcv_ppid), 42);
    CHECK(rcv.rcv_assoc_id > 0);
    CHECK(flags & MSG_EOR);
    CHECK_INT(fromlen, sizeof(struct sockaddr_in));
    CHECK_INT(ntohs(from.sin_port), port_of(cli));
    sctp_assoc_t id = rcv.rcv_assoc_id;

    /* SCTP_SENDV_SNDINFO naming the association (no address), from the server */
    struct sctp_sndinfo snd;
    memset(&snd, 0, sizeof(snd));
    snd.snd_sid = 4;
    snd.snd_flags = SCTP_UNORDERED;
    snd.snd_assoc_id = id;
    struct iovec one = {"reply", 5};
    CHECK_INT(sctp_sendv(srv, &one, 1, NULL, 0, &snd, sizeof(snd), SCTP_SENDV_SNDINFO, 0), 5);
    /* the client has SCTP_RECVRCVINFO off: data, but no information */
    on(cli, SCTP_RECVNXTINFO);
    struct sctp_recvv_rn rn;
    infolen = sizeof(rn);
    fromlen = sizeof(from);
    n = recvv(cli, buf, sizeof(buf), &rn, &infolen, &infotype, &flags, &from, &fromlen);
    CHECK(n == 5 && memcmp(buf, "reply", 5) == 0);
    CHECK_INT(infotype, SCTP_RECVV_NOINFO);
    CHECK_INT(infolen, sizeof(rn)); /* left alone, as libsctp does */

    /* SCTP_SENDV_NOINFO and SCTP_SENDV_PRINFO */
    CHECK_INT(sctp_sendv(cli, &one, 1, (SA *)&to, 1, NULL, 0, SCTP_SENDV_NOINFO, 0), 5);
    struct sctp_prinfo pr = {SCTP_PR_SCTP_TTL, 5000};
    struct iovec two = {"second", 6};
    CHECK_INT(sctp_sendv(cli, &two, 1, (SA *)&to, 1, &pr, sizeof(pr), SCTP_SENDV_PRINFO, 0), 6);
    /* both queued before the first is read: with SCTP_RECVNXTINFO too, the
       first comes with both kinds (SCTP_RECVV_RN), the next one's length included */
    on(srv, SCTP_RECVNXTINFO);
    usleep(200000);
    memset(&rn, 0, sizeof(rn));
    infolen = sizeof(rn);
    n = recvv(srv, buf, sizeof(buf), &rn, &infolen, &infotype, &flags, NULL, NULL);
    CHECK_INT(n, 5);
    CHECK_INT(infotype, SCTP_RECVV_RN);
    CHECK_INT(infolen, sizeof(struct sctp_recvv_rn));
    CHECK_INT(rn.recvv_rcvinfo.rcv_sid, 0);
    CHECK_INT(rn.recvv_rcvinfo.rcv_ssn, 0);
    CHECK_INT(rn.recvv_rcvinfo.rcv_assoc_id, id);
    CHECK_INT(rn.recvv_nxtinfo.nxt_length, 6);
    CHECK_INT(rn.recvv_nxtinfo.nxt_sid, 0);
    CHECK_INT(rn.recvv_nxtinfo.nxt_assoc_id, id);
    /* the last one: nothing next, so only SCTP_RCVINFO */
    infolen = sizeof(rn);
    n = recvv(srv, buf, sizeof(buf), &rn, &infolen, &infotype, &flags, NULL, NULL);
    CHECK(n == 6 && memcmp(buf, "second", 6) == 0);
    CHECK_INT(infotype, SCTP_RECVV_RCVINFO);
    CHECK_INT(infolen, sizeof(struct sctp_rcvinfo));
    CHECK_INT(rn.recvv_rcvinfo.rcv_ssn, 1);

    /* room for the rcvinfo only: the nxtinfo is dropped; for neither: nothing */
    CHECK_INT(sctp_sendv(cli, &one, 1, (SA *)&to, 1, NULL, 0, SCTP_SENDV_NOINFO, 0), 5);
    CHECK_INT(sctp_sendv(cli, &two, 1, (SA *)&to, 1, NULL, 0, SCTP_SENDV_NOINFO, 0), 6);
    usleep(200000);
    infolen = sizeof(struct sctp_rcvinfo);
    n = recvv(srv, buf, sizeof(buf), &rn, &infolen, &infotype, &flags, NULL, NULL);
    CHECK_INT(n, 5);
    CHECK_INT(infotype, SCTP_RECVV_RCVINFO);
    CHECK_INT(infolen, sizeof(struct sctp_rcvinfo));
    infolen = 4;
    n = recvv(srv, buf, sizeof(buf), &rn, &infolen, &infotype, &flags, NULL, NULL);
    CHECK_INT(n, 6);
    CHECK_INT(infotype, SCTP_RECVV_NOINFO);
    CHECK_INT(infolen, 4);
    /* SCTP_RECVRCVINFO off, SCTP_RECVNXTINFO on: the nxtinfo alone */
    int zero = 0;
    Setsockopt(srv, IPPROTO_SCTP, SCTP_RECVRCVINFO, &zero, sizeof(zero));
    CHECK_INT(sctp_sendv(cli, &one, 1, (SA *)&to, 1, NULL, 0, SCTP_SENDV_NOINFO, 0), 5);
    CHECK_INT(sctp_sendv(cli, &two, 1, (SA *)&to, 1, NULL, 0, SCTP_SENDV_NOINFO, 0), 6);
    usleep(200000);
    infolen = sizeof(rn);
    n = recvv(srv, buf, sizeof(buf), &rn, &infolen, &infotype, &flags, NULL, NULL);
    CHECK_INT(n, 5);
    CHECK_INT(infotype, SCTP_RECVV_NXTINFO);
    CHECK_INT(infolen, sizeof(struct sctp_nxtinfo));
    CHECK_INT(((struct sctp_nxtinfo *)&rn)->nxt_length, 6);
    /* flags is an input too: MSG_PEEK leaves the message queued */
    struct iovec in = {buf, sizeof(buf)};
    flags = MSG_PEEK;
    CHECK_INT(sctp_recvv(srv, &in, 1, NULL, NULL, NULL, NULL, NULL, &flags), 6);
    flags = 0;
    CHECK_INT(sctp_recvv(srv, &in, 1, NULL, NULL, NULL, NULL, NULL, &flags), 6);
    CHECK(flags & MSG_EOR);

    /* errors: the kernel's and the library's */
    errno = 0;
    CHECK_INT(sctp_sendv(-1, &one, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), -1);
    CHECK_INT(errno, EBADF);
    errno = 0;
    CHECK_INT(sctp_sendv(cli, &one, 1, NULL, 0, &snd, sizeof(snd) - 1, SCTP_SENDV_SNDINFO, 0), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_recvv(-1, &in, 1, NULL, NULL, NULL, NULL, NULL, NULL), -1);
    CHECK_INT(errno, EBADF);
    /* flags reach sendmsg (libsctp drops them): MSG_NOSIGNAL spares the
       SIGPIPE of a one-to-many socket with no association and no address */
    int lone = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    errno = 0;
    CHECK_INT(sctp_sendv(lone, &one, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, MSG_NOSIGNAL), -1);
    CHECK_INT(errno, EPIPE);
    close(lone);
    close(cli);
    close(srv);
}

/* sctp_sendv with two packed addresses sets up one association over both. */
static void test_sendv_addresses(void)
{
    int port, srv = server(1, &port);
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in pair[2] = {addr4("127.0.0.1", port), addr4("127.0.0.2", port)};
    struct sctp_sndinfo snd;
    struct iovec iov = {"multi", 5};
    char buf[64];
    unsigned infotype;
    socklen_t infolen;
    int flags;

    memset(&snd, 0, sizeof(snd));
    snd.snd_sid = 1;
    CHECK_INT(sctp_sendv(cli, &iov, 1, (SA *)pair, 2, &snd, sizeof(snd), SCTP_SENDV_SNDINFO, 0), 5);
    struct sctp_rcvinfo rcv;
    infolen = sizeof(rcv);
    CHECK_INT(recvv(srv, buf, sizeof(buf), &rcv, &infolen, &infotype, &flags, NULL, NULL), 5);
    CHECK_INT(rcv.rcv_sid, 1);
    struct sockaddr *addrs;
    int n = sctp_getpaddrs(srv, rcv.rcv_assoc_id, &addrs);
    CHECK(n >= 1);
    if (n > 0)
        sctp_freepaddrs(addrs);
    sctp_assoc_t cid = sctp_address_to_associd(cli, (SA *)&pair[0], sizeof(pair[0]));
    CHECK(cid > 0);
    n = sctp_getpaddrs(cli, cid, &addrs);
    CHECK_INT(n, 2); /* the server's two addresses */
    if (n > 0)
        sctp_freepaddrs(addrs);
    /* a family SCTP lacks, anywhere in the list */
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    errno = 0;
    CHECK_INT(sctp_sendv(cli, &iov, 1, (SA *)&un, 1, NULL, 0, SCTP_SENDV_NOINFO, 0), -1);
    CHECK_INT(errno, EINVAL);
    close(cli);
    close(srv);
}

/* sctp_peeloff_flags: the flags reach the new descriptor; 0 is sctp_peeloff. */
static void test_peeloff_flags(void)
{
    int port, srv = server(0, &port);
    struct sockaddr_in to = addr4("127.0.0.1", port);
    int cli[3];
    sctp_assoc_t id[3];
    char buf[64];
    for (int i = 0; i < 3; i++) {
        struct sctp_rcvinfo rcv;
        socklen_t infolen = sizeof(rcv);
        unsigned infotype;
        int flags;
        cli[i] = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
        CHECK_INT(sctp_sendmsg(cli[i], "hi", 2, (SA *)&to, sizeof(to), 0, 0, 0, 0, 0), 2);
        CHECK_INT(recvv(srv, buf, sizeof(buf), &rcv, &infolen, &infotype, &flags, NULL, NULL), 2);
        id[i] = rcv.rcv_assoc_id;
    }
    int both = sctp_peeloff_flags(srv, id[0], SOCK_NONBLOCK | SOCK_CLOEXEC);
    CHECK(both >= 0);
    CHECK(fcntl(both, F_GETFL) & O_NONBLOCK);
    CHECK(fcntl(both, F_GETFD) & FD_CLOEXEC);
    /* non-blocking indeed: nothing queued */
    errno = 0;
    CHECK_INT(read(both, buf, sizeof(buf)), -1);
    CHECK_INT(errno, EAGAIN);
    /* and it carries the association */
    CHECK_INT(sctp_send(both, "peeled", 6, NULL, 0), 6);
    CHECK_INT(read(cli[0], buf, sizeof(buf)), 6);
    int cloexec = sctp_peeloff_flags(srv, id[1], SOCK_CLOEXEC);
    CHECK(cloexec >= 0);
    CHECK(!(fcntl(cloexec, F_GETFL) & O_NONBLOCK));
    CHECK(fcntl(cloexec, F_GETFD) & FD_CLOEXEC);
    int plain = sctp_peeloff_flags(srv, id[2], 0);
    CHECK(plain >= 0);
    CHECK(!(fcntl(plain, F_GETFL) & O_NONBLOCK));
    CHECK(!(fcntl(plain, F_GETFD) & FD_CLOEXEC));
    /* across exec: the SOCK_CLOEXEC descriptor is gone, the plain one stays */
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "[ -e /proc/self/fd/%d ] && echo open >&2; [ -e /proc/self/fd/%d ] && echo open >&2",
             cloexec, plain);
    EXPECT_EXIT(execl("/bin/sh", "sh", "-c", cmd, (char *)NULL), 0, "open\n");
    errno = 0;
    CHECK_INT(sctp_peeloff_flags(srv, 12345, SOCK_NONBLOCK), -1);
    CHECK(errno != 0);
    errno = 0;
    CHECK_INT(sctp_peeloff_flags(srv, id[0], O_APPEND), -1); /* not a socket flag */
    CHECK_INT(errno, EINVAL);
    close(both);
    close(cloexec);
    close(plain);
    for (int i = 0; i < 3; i++)
        close(cli[i]);
    close(srv);
}

/* sctp_send with sinfo NULL: no control message, the socket's defaults. */
static void test_send_without_sinfo(void)
{
    int lst = Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    struct sockaddr_in sa = addr4("127.0.0.1", 0);
    Bind(lst, (SA *)&sa, sizeof(sa));
    Listen(lst, 5);
    sa = addr4("127.0.0.1", port_of(lst));
    int cli = Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    Connect(cli, (SA *)&sa, sizeof(sa));
    int acc = Accept(lst, NULL, NULL);
    on(acc, SCTP_RECVRCVINFO);
    /* the default send parameters apply: stream 3, ppid 77 */
    struct sctp_sndinfo def;
    memset(&def, 0, sizeof(def));
    def.snd_sid = 3;
    def.snd_ppid = htonl(77);
    Setsockopt(cli, IPPROTO_SCTP, SCTP_DEFAULT_SNDINFO, &def, sizeof(def));
    CHECK_INT(sctp_send(cli, "nosinfo", 7, NULL, 0), 7);
    char buf[32];
    struct sctp_rcvinfo rcv;
    socklen_t infolen = sizeof(rcv);
    unsigned infotype;
    int flags;
    CHECK_INT(recvv(acc, buf, sizeof(buf), &rcv, &infolen, &infotype, &flags, NULL, NULL), 7);
    CHECK(memcmp(buf, "nosinfo", 7) == 0);
    CHECK_INT(infotype, SCTP_RECVV_RCVINFO);
    CHECK_INT(rcv.rcv_sid, 3);
    CHECK_INT(ntohl(rcv.rcv_ppid), 77);
    /* with an sinfo, it overrides the defaults */
    struct sctp_sndrcvinfo sinfo;
    memset(&sinfo, 0, sizeof(sinfo));
    sinfo.sinfo_stream = 1;
    CHECK_INT(sctp_send(cli, "sinfo", 5, &sinfo, 0), 5);
    infolen = sizeof(rcv);
    CHECK_INT(recvv(acc, buf, sizeof(buf), &rcv, &infolen, &infotype, &flags, NULL, NULL), 5);
    CHECK_INT(rcv.rcv_sid, 1);
    /* sctp_send's flags are sendmsg's */
    errno = 0;
    CHECK_INT(recv(acc, buf, sizeof(buf), MSG_DONTWAIT), -1);
    CHECK_INT(errno, EAGAIN);
    /* a one-to-many socket with no association and no address: the kernel's EPIPE */
    int s = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    errno = 0;
    CHECK_INT(sctp_send(s, "x", 1, NULL, MSG_NOSIGNAL), -1);
    CHECK_INT(errno, EPIPE);
    close(s);
    close(acc);
    close(cli);
    close(lst);
}

/* The legacy spellings through <netinet/sctp.h>: the adaptation layer
   indication, old style, reaches the peer. */
static void test_legacy_names(void)
{
    int port, srv = server(0, &port);
    struct sctp_setadaption ad;
    ad.ssb_adaption_ind = 0x1234abcd;
    Setsockopt(srv, IPPROTO_SCTP, SCTP_ADAPTION_LAYER, &ad, sizeof(ad));
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sctp_event_subscribe ev;
    memset(&ev, 0, sizeof(ev));
    ev.sctp_data_io_event = 1;
    ev.sctp_adaption_layer_event = 1;
    Setsockopt(cli, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev));
    struct sockaddr_in to = addr4("127.0.0.1", port);
    CHECK_INT(sctp_sendmsg(cli, "u", 1, (SA *)&to, sizeof(to), 0, MSG_UNORDERED | MSG_ADDR_OVER, 0, 0, 0), 1);
    char note[256];
    struct sctp_sndrcvinfo sri;
    int flags = 0, got = 0;
    struct pollfd p = {cli, POLLIN, 0};
    while (!got && poll(&p, 1, 5000) == 1) {
        flags = 0;
        int n = sctp_recvmsg(cli, note, sizeof(note), NULL, NULL, &sri, &flags);
        if (n <= 0)
            break;
        union sctp_notification *sn = (union sctp_notification *)note;
        if ((flags & MSG_NOTIFICATION) && sn->sn_header.sn_type == SCTP_ADAPTION_INDICATION) {
            struct sctp_adaption_event *sai = &sn->sn_adaption_event;
            CHECK_INT(sai->sai_adaption_ind, 0x1234abcd);
            got = 1;
        }
    }
    CHECK(got);
    /* MSG_UNORDERED arrived as SCTP_UNORDERED */
    struct sctp_rcvinfo rcv;
    socklen_t infolen = sizeof(rcv);
    unsigned infotype;
    char buf[8];
    CHECK_INT(recvv(srv, buf, sizeof(buf), &rcv, &infolen, &infotype, &flags, NULL, NULL), 1);
    CHECK(rcv.rcv_flags & SCTP_UNORDERED);
    CHECK_INT(MSG_EOF, SCTP_EOF);
    CHECK_INT(MSG_ABORT, SCTP_ABORT);
    CHECK_INT(MSG_PR_SCTP_TTL, SCTP_PR_SCTP_TTL);
    close(cli);
    close(srv);
}

int main(void)
{
    alarm(40);
    CHECK_INT(sctp_getaddrlen(AF_INET), sizeof(struct sockaddr_in));
    CHECK_INT(sctp_getaddrlen(AF_INET6), sizeof(struct sockaddr_in6));
    errno = 0;
    CHECK_INT(sctp_getaddrlen(AF_UNIX), -1);
    CHECK_INT(errno, EINVAL);
    test_sendv_recvv();
    test_sendv_addresses();
    test_peeloff_flags();
    test_send_without_sinfo();
    test_legacy_names();
    return check_done(TEST_NAME);
}
