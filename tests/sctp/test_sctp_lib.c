/*
 * The library's SCTP functions on a real SCTP kernel (run in the
 * user-mode-linux guest by tests/sctp/run-uml.sh): one-to-many and
 * one-to-one sockets, sctp_sendmsg/sctp_send/sctp_recvmsg with streams and
 * sinfo, notifications, bindx/connectx with several addresses, peeloff,
 * opt_info, getpaddrs/getladdrs, the Sctp_* wrappers (MSG_EOF emulation,
 * input flags 0, error messages), sctp_get_no_strms and
 * sctp_address_to_associd, the weak sctpstr_cli defaults, and the legacy
 * SCTP spellings lnp.h keeps.
 */
#define _GNU_SOURCE
#include "check.h"
#ifndef TEST_NAME
#define TEST_NAME "sctp-lib"
#endif
#include <ctype.h>

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
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    getsockname(fd, (SA *)&ss, &len);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port); /* same offset for in6 */
}

static void subscribe(int fd, int assoc_events)
{
    struct sctp_event_subscribe ev;
    memset(&ev, 0, sizeof(ev));
    ev.sctp_data_io_event = 1;
    ev.sctp_association_event = assoc_events;
    ev.sctp_shutdown_event = assoc_events;
    Setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev));
}

/* A one-to-many listener on ip:0 with data_io (+ association) events. */
static int seqpacket_server(const char *ip, int assoc_events, int *port)
{
    int fd = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in sa = addr4(ip, 0);
    Bind(fd, (SA *)&sa, sizeof(sa));
    subscribe(fd, assoc_events);
    Listen(fd, 5);
    *port = port_of(fd);
    return fd;
}

/* Receive the next data message (skipping notifications); -1 on none. */
static int recv_data(int fd, char *buf, size_t len, struct sockaddr_in *from, socklen_t *fromlen,
                     struct sctp_sndrcvinfo *sri)
{
    for (int i = 0; i < 10; i++) {
        int flags = 0;
        int n = sctp_recvmsg(fd, buf, len, (SA *)from, fromlen, sri, &flags);
        if (n < 0 || !(flags & MSG_NOTIFICATION))
            return n;
    }
    return -1;
}

/* Wait (up to ms) for an SCTP_ASSOC_CHANGE with the given state; copies the notification. */
static int wait_assoc_change(int fd, int state, char *note, size_t notelen, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    while (poll(&p, 1, ms) == 1) {
        int flags = 0;
        struct sctp_sndrcvinfo sri;
        int n = sctp_recvmsg(fd, note, notelen, NULL, NULL, &sri, &flags);
        if (n < 0)
            return 0;
        if (flags & MSG_NOTIFICATION) {
            union sctp_notification *sn = (union sctp_notification *)note;
            if (sn->sn_header.sn_type == SCTP_ASSOC_CHANGE && sn->sn_assoc_change.sac_state == state)
                return n;
        }
    }
    return 0;
}

static void test_one_to_many(void)
{
    int port, srv = seqpacket_server("127.0.0.1", 1, &port);
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in to = addr4("127.0.0.1", port), from;
    struct sctp_sndrcvinfo sri;
    socklen_t fromlen;
    char buf[256], note[512];
    int n, flags;

    subscribe(cli, 0);
    /* sctp_sendmsg: stream 3, ppid, context, implicit association set-up */
    CHECK_INT(sctp_sendmsg(cli, "hello", 5, (SA *)&to, sizeof(to), htonl(0x11223344), 0, 3, 0, 7), 5);

    /* the server sees COMM_UP first (association events on), then the data */
    n = wait_assoc_change(srv, SCTP_COMM_UP, note, sizeof(note), 5000);
    CHECK(n >= (int)sizeof(struct sctp_assoc_change));
    if (n > 0) {
        struct sctp_assoc_change *sac = (struct sctp_assoc_change *)note;
        CHECK_INT(sac->sac_outbound_streams, 10);
        CHECK_INT(sac->sac_inbound_streams, 10);
    }
    memset(&sri, 0xff, sizeof(sri));
    fromlen = sizeof(from);
    flags = 0;
    n = sctp_recvmsg(srv, buf, sizeof(buf), (SA *)&from, &fromlen, &sri, &flags);
    CHECK_INT(n, 5);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK_INT(fromlen, sizeof(struct sockaddr_in));
    CHECK_INT(from.sin_family, AF_INET);
    CHECK_INT(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    CHECK_INT(ntohs(from.sin_port), port_of(cli));
    CHECK_INT(sri.sinfo_stream, 3);
    CHECK_INT(sri.sinfo_ssn, 0);
    CHECK_INT(ntohl(sri.sinfo_ppid), 0x11223344);
    CHECK(sri.sinfo_assoc_id > 0);
    CHECK(flags & MSG_EOR);
    CHECK(!(flags & MSG_NOTIFICATION));

    sctp_assoc_t id = sri.sinfo_assoc_id;
    CHECK_INT(sctp_address_to_associd(srv, (SA *)&from, fromlen), id);
    CHECK_INT(sctp_get_no_strms(srv, (SA *)&from, fromlen), 10);
    CHECK_INT(sctp_address_to_associd(srv, (SA *)&to, sizeof(to)), 0); /* not a peer */
    /* why not Stevens' way (SCTP_PEER_ADDR_PARAMS): Linux finds the peer by
       address but does not write the association id back */
    struct sctp_paddrparams pp;
    socklen_t pplen = sizeof(pp);
    memset(&pp, 0, sizeof(pp));
    memcpy(&pp.spp_address, &from, fromlen);
    CHECK_INT(getsockopt(srv, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, &pplen), 0);
    CHECK_INT(pp.spp_assoc_id, 0);

    /* sctp_opt_info: SCTP_STATUS of this association */
    struct sctp_status st;
    socklen_t stlen = sizeof(st);
    memset(&st, 0, sizeof(st));
    CHECK_INT(sctp_opt_info(srv, id, SCTP_STATUS, &st, &stlen), 0);
    CHECK_INT(st.sstat_assoc_id, id);
    CHECK_INT(st.sstat_state, SCTP_ESTABLISHED);
    CHECK_INT(st.sstat_outstrms, 10);
    CHECK_INT(st.sstat_instrms, 10);
    /* an option that takes no association id: positive ENOTSUP, errno untouched */
    errno = 0;
    CHECK_INT(sctp_opt_info(srv, id, SCTP_SOCKOPT_PEELOFF, &st, &stlen), ENOTSUP);
    CHECK_INT(errno, 0);

    /* sctp_send with the received sinfo (assoc id), on another stream */
    sri.sinfo_stream = 5;
    sri.sinfo_flags = 0;
    CHECK_INT(sctp_send(srv, "world!", 6, &sri, 0), 6);
    fromlen = sizeof(from);
    memset(&sri, 0, sizeof(sri));
    n = recv_data(cli, buf, sizeof(buf), &from, &fromlen, &sri);
    CHECK_INT(n, 6);
    CHECK(memcmp(buf, "world!", 6) == 0);
    CHECK_INT(sri.sinfo_stream, 5);
    CHECK_INT(ntohl(sri.sinfo_ppid), 0x11223344);
    CHECK_INT(ntohs(from.sin_port), port);
    sctp_assoc_t cid = sri.sinfo_assoc_id;
    CHECK(cid > 0);

    /* sinfo NULL, from NULL: still works */
    CHECK_INT(sctp_sendmsg(cli, "x", 1, (SA *)&to, sizeof(to), 0, 0, 9, 0, 0), 1);
    n = recv_data(srv, buf, sizeof(buf), NULL, NULL, NULL);
    CHECK_INT(n, 1);

    /* Sctp_recvmsg ignores *msg_flags as input (MSG_PEEK would re-read), stores the output */
    Sctp_sendmsg(cli, "one", 3, (SA *)&to, sizeof(to), 0, 0, 1, 0, 0);
    Sctp_sendmsg(cli, "two", 3, (SA *)&to, sizeof(to), 0, 0, 1, 0, 0);
    flags = MSG_PEEK;
    fromlen = sizeof(from);
    n = Sctp_recvmsg(srv, buf, sizeof(buf), (SA *)&from, &fromlen, &sri, &flags);
    CHECK(n == 3 && memcmp(buf, "one", 3) == 0);
    CHECK(flags & MSG_EOR);
    flags = MSG_PEEK; /* lower case: lksctp passes *msg_flags in */
    n = sctp_recvmsg(srv, buf, sizeof(buf), NULL, NULL, &sri, &flags);
    CHECK(n == 3 && memcmp(buf, "two", 3) == 0);
    flags = 0;
    n = sctp_recvmsg(srv, buf, sizeof(buf), NULL, NULL, &sri, &flags);
    CHECK(n == 3 && memcmp(buf, "two", 3) == 0);
    CHECK_INT(sri.sinfo_ssn, 1);

    /* sctp_getpaddrs / sctp_getladdrs on the association */
    struct sockaddr *addrs = NULL;
    n = sctp_getpaddrs(srv, id, &addrs); /* the client's 127.0.0.1 and 127.0.0.2 */
    CHECK_INT(n, 2);
    if (n >= 1) {
        struct sockaddr_in *a = (struct sockaddr_in *)addrs;
        CHECK_INT(a->sin_family, AF_INET);
        CHECK_INT(ntohs(a->sin_port), port_of(cli));
        CHECK_INT(a->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    }
    CHECK_INT(sctp_freepaddrs(addrs), 0);
    n = sctp_getladdrs(cli, cid, &addrs);
    CHECK(n >= 1);
    if (n >= 1)
        CHECK_INT(((struct sockaddr_in *)addrs)->sin_port, htons(port_of(cli)));
    CHECK_INT(sctp_freeladdrs(addrs), 0);
    errno = 0;
    CHECK_INT(sctp_getpaddrs(srv, 9999, &addrs), -1);
    CHECK_INT(errno, EINVAL);
    CHECK_INT(sctp_getpaddrs(srv, id, NULL), -1);

    /* sctp_peeloff: a one-to-one socket, not close-on-exec, carrying the association */
    int peeled = sctp_peeloff(srv, id);
    CHECK(peeled >= 0);
    if (peeled >= 0) {
        int type = 0;
        socklen_t tlen = sizeof(type);
        CHECK_INT(fcntl(peeled, F_GETFD) & FD_CLOEXEC, 0);
        getsockopt(peeled, SOL_SOCKET, SO_TYPE, &type, &tlen);
        CHECK_INT(type, SOCK_SEQPACKET); /* Linux keeps the type; the style is one-to-one */
        CHECK_INT(sctp_sendmsg(peeled, "peeled", 6, NULL, 0, 0, 0, 2, 0, 0), 6);
        n = recv_data(cli, buf, sizeof(buf), NULL, NULL, &sri);
        CHECK(n == 6 && memcmp(buf, "peeled", 6) == 0);
        CHECK_INT(sri.sinfo_stream, 2);
        /* the one-to-many socket no longer knows the association */
        CHECK_INT(sctp_address_to_associd(srv, (SA *)&from, fromlen), 0);
        /* on a one-to-one socket, id 0 names its association */
        n = sctp_getpaddrs(peeled, 0, &addrs);
        CHECK_INT(n, 2);
        if (n > 0)
            sctp_freepaddrs(addrs);
        close(peeled);
    }
    errno = 0;
    CHECK_INT(sctp_peeloff(srv, 12345), -1);
    CHECK(errno != 0);
    close(cli);
    close(srv);
}

/* Sctp_sendmsg with MSG_EOF and data: the data arrives, then the association shuts down. */
static void test_eof_and_abort(void)
{
    int port, srv = seqpacket_server("127.0.0.1", 1, &port);
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in to = addr4("127.0.0.1", port), from;
    struct sctp_sndrcvinfo sri;
    socklen_t fromlen = sizeof(from);
    char buf[512];
    int n;

    subscribe(cli, 1);
    Sctp_sendmsg(cli, "ping", 4, (SA *)&to, sizeof(to), 0, 0, 0, 0, 0);
    n = recv_data(srv, buf, sizeof(buf), &from, &fromlen, &sri);
    CHECK_INT(n, 4);
    /* the kernel itself refuses data together with SCTP_EOF ... */
    errno = 0;
    CHECK_INT(sctp_sendmsg(srv, "pong", 4, (SA *)&from, fromlen, 0, SCTP_EOF, 0, 0, 0), -1);
    CHECK_INT(errno, EINVAL);
    /* ... so Sctp_sendmsg sends the data, then the EOF */
    CHECK_INT(Sctp_sendmsg(srv, "pong", 4, (SA *)&from, fromlen, 0, MSG_EOF, 0, 0, 0), 4);
    n = recv_data(cli, buf, sizeof(buf), NULL, NULL, &sri);
    CHECK(n == 4 && memcmp(buf, "pong", 4) == 0);
    CHECK(wait_assoc_change(cli, SCTP_SHUTDOWN_COMP, buf, sizeof(buf), 5000) > 0);
    CHECK(wait_assoc_change(srv, SCTP_SHUTDOWN_COMP, buf, sizeof(buf), 5000) > 0);
    CHECK_INT(sctp_address_to_associd(srv, (SA *)&from, fromlen), 0);

    /* MSG_ABORT with a cause: the peer sees COMM_LOST carrying "goodbye" */
    Sctp_sendmsg(cli, "again", 5, (SA *)&to, sizeof(to), 0, 0, 0, 0, 0);
    fromlen = sizeof(from);
    n = recv_data(srv, buf, sizeof(buf), &from, &fromlen, &sri);
    CHECK_INT(n, 5);
    CHECK_INT(Sctp_sendmsg(cli, "goodbye", 7, (SA *)&to, sizeof(to), 0, MSG_ABORT, 0, 0, 0), 0); /* Linux returns 0 */
    n = wait_assoc_change(srv, SCTP_COMM_LOST, buf, sizeof(buf), 5000);
    CHECK(n > 0);
    CHECK(n > 0 && memmem(buf, n, "goodbye", 7) != NULL);
    /* no association left: the book's sctpclient02 with empty input */
    EXPECT_EXIT(Sctp_sendmsg(cli, "goodbye", 7, (SA *)&to, sizeof(to), 0, MSG_ABORT, 0, 0, 0), 1,
                "sctp_sendmsg error: Invalid argument\n");
    close(cli);
    close(srv);
}

/* bindx/connectx with two addresses on one-to-one sockets; IPv6. */
static void test_multi_address(void)
{
    int lst = Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    struct sockaddr_in one = addr4("127.0.0.1", 0), pair[2];
    struct sockaddr *addrs;
    int port, n;

    Bind(lst, (SA *)&one, sizeof(one));
    port = port_of(lst);
    pair[0] = addr4("127.0.0.1", port);
    pair[1] = addr4("127.0.0.2", port);
    CHECK_INT(sctp_bindx(lst, (SA *)&pair[1], 1, SCTP_BINDX_ADD_ADDR), 0);
    n = sctp_getladdrs(lst, 0, &addrs);
    CHECK_INT(n, 2);
    if (n > 0)
        sctp_freeladdrs(addrs);
    Listen(lst, 5);

    int cli = Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    sctp_assoc_t id = -1;
    CHECK_INT(sctp_connectx(cli, (SA *)pair, 2, &id), 0);
    CHECK(id > 0);
    int acc = accept(lst, NULL, NULL);
    CHECK(acc >= 0);
    n = sctp_getpaddrs(cli, id, &addrs);
    CHECK_INT(n, 2);
    if (n == 2) {
        struct sockaddr_in *a = (struct sockaddr_in *)addrs;
        uint32_t x = ntohl(a[0].sin_addr.s_addr), y = ntohl(a[1].sin_addr.s_addr);
        CHECK((x == 0x7f000001 && y == 0x7f000002) || (x == 0x7f000002 && y == 0x7f000001));
        CHECK_INT(ntohs(a[1].sin_port), port);
        sctp_freepaddrs(addrs);
    }
    n = sctp_getladdrs(acc, 0, &addrs);
    CHECK_INT(n, 2);
    if (n > 0)
        sctp_freeladdrs(addrs);
    /* data over the one-to-one association, with stream info */
    struct sctp_sndrcvinfo sri;
    char buf[64];
    subscribe(acc, 0);
    CHECK_INT(sctp_sendmsg(cli, "1to1", 4, NULL, 0, 0, 0, 4, 0, 0), 4);
    n = recv_data(acc, buf, sizeof(buf), NULL, NULL, &sri);
    CHECK(n == 4 && memcmp(buf, "1to1", 4) == 0);
    CHECK_INT(sri.sinfo_stream, 4);
    write(acc, "plain", 5);
    CHECK_INT(read(cli, buf, sizeof(buf)), 5);
    close(acc);
    CHECK_INT(read(cli, buf, sizeof(buf)), 0);
    close(cli);

    /* a non-blocking connectx: EINPROGRESS, with the association id all the same */
    int nb = Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    fcntl(nb, F_SETFL, O_NONBLOCK);
    id = 0;
    errno = 0;
    CHECK_INT(sctp_connectx(nb, (SA *)pair, 1, &id), -1);
    CHECK_INT(errno, EINPROGRESS);
    CHECK(id > 0);
    struct pollfd pw = {nb, POLLOUT, 0};
    CHECK_INT(poll(&pw, 1, 5000), 1);
    acc = accept(lst, NULL, NULL);
    CHECK(acc >= 0);
    close(acc);
    close(nb);

    /* removing an address again; Sctp_bindx's packed list */
    CHECK_INT(Sctp_bindx(lst, (struct sockaddr_storage *)&pair[1], 1, SCTP_BINDX_REM_ADDR), 0);
    n = sctp_getladdrs(lst, 0, &addrs);
    CHECK_INT(n, 1);
    if (n > 0)
        sctp_freeladdrs(addrs);
    close(lst);

    /* error cases */
    int s = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in bad = addr4("192.0.2.1", 0);
    EXPECT_EXIT(Sctp_bindx(s, (struct sockaddr_storage *)&bad, 1, SCTP_BINDX_ADD_ADDR), 1,
                "sctp_bindx error: Cannot assign requested address\n");
    errno = 0;
    CHECK_INT(sctp_bindx(s, (SA *)&pair[0], 1, 3), -1);
    CHECK_INT(errno, EINVAL);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    errno = 0;
    CHECK_INT(sctp_bindx(s, (SA *)&un, 1, SCTP_BINDX_ADD_ADDR), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_connectx(s, (SA *)&un, 1, &id), -1);
    CHECK_INT(errno, EINVAL);
    close(s);

    /* IPv6: connectx with a packed list mixing sockaddr_in6 (28 bytes) and
       sockaddr_in (16 bytes), to a wildcard IPv6 listener */
    int l6 = Socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sockaddr_in6 six;
    memset(&six, 0, sizeof(six));
    six.sin6_family = AF_INET6;
    six.sin6_addr = in6addr_any;
    Bind(l6, (SA *)&six, sizeof(six));
    six.sin6_port = htons(port_of(l6));
    six.sin6_addr = in6addr_loopback;
    struct sockaddr_in v4 = addr4("127.0.0.1", port_of(l6));
    char packed[sizeof(six) + sizeof(v4)];
    memcpy(packed, &six, sizeof(six));
    memcpy(packed + sizeof(six), &v4, sizeof(v4));
    subscribe(l6, 0);
    Listen(l6, 5);
    int c6 = Socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP);
    subscribe(c6, 0);
    id = 0;
    CHECK_INT(sctp_connectx(c6, (SA *)packed, 2, &id), 0);
    CHECK(id > 0);
    CHECK_INT(sctp_sendmsg(c6, "six", 3, (SA *)&six, sizeof(six), 0, 0, 1, 0, 0), 3);
    struct sockaddr_in6 from6;
    socklen_t fl = sizeof(from6);
    n = recv_data(l6, buf, sizeof(buf), (struct sockaddr_in *)&from6, &fl, &sri);
    CHECK_INT(n, 3);
    CHECK_INT(fl, sizeof(struct sockaddr_in6));
    CHECK_INT(from6.sin6_family, AF_INET6);
    CHECK_INT(sri.sinfo_stream, 1);
    n = sctp_getpaddrs(c6, id, &addrs);
    CHECK(n >= 2);
    if (n > 0) {
        CHECK_INT(addrs->sa_family, AF_INET6);
        sctp_freepaddrs(addrs);
    }
    close(c6);
    close(l6);
}

/* A copy of s with the hex digits after every "0x" replaced by "ID". */
static const char *normalize_assoc(const char *s)
{
    static char out[sizeof(check_out) * 2];
    char *w = out;
    while (*s) {
        if (s[0] == '0' && s[1] == 'x') {
            *w++ = '0', *w++ = 'x', s += 2;
            while (isxdigit((unsigned char)*s))
                s++;
            *w++ = 'I', *w++ = 'D';
        } else
            *w++ = *s++;
    }
    *w = 0;
    return out;
}

/* The library's weak sctpstr_cli and sctpstr_cli_echoall against a forked echo server. */
static void test_client_defaults(void)
{
    int port, srv = seqpacket_server("127.0.0.1", 0, &port);
    pid_t pid = fork();
    if (pid == 0) { /* sctpserv01's loop, with the stream increment */
        char buf[BUFFSIZE];
        struct sockaddr_in from;
        struct sctp_sndrcvinfo sri;
        int flags;
        for (;;) {
            socklen_t len = sizeof(from);
            int n = Sctp_recvmsg(srv, buf, sizeof(buf), (SA *)&from, &len, &sri, &flags);
            if (++sri.sinfo_stream >= sctp_get_no_strms(srv, (SA *)&from, len))
                sri.sinfo_stream = 0;
            Sctp_sendmsg(srv, buf, n, (SA *)&from, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0);
        }
    }
    struct sockaddr_in to = addr4("127.0.0.1", port);
    static const char input[] = "[0]Hello\n[4]Message two\n[4]Message three\nno bracket\n[9]wrap\n";
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    subscribe(cli, 0);
    EXPECT_EXIT(sctpstr_cli(fmemopen((void *)input, strlen(input), "r"), cli, (SA *)&to, sizeof(to)), 0, "");
    /* association ids are small integers, counted across the whole kernel */
    CHECK_STR(normalize_assoc(check_out),
              "From str:1 seq:0 (assoc:0xID):[0]Hello\n"
              "From str:5 seq:0 (assoc:0xID):[4]Message two\n"
              "From str:5 seq:1 (assoc:0xID):[4]Message three\n"
              "Error, line must be of the form '[streamnum]text'\n"
              "From str:0 seq:0 (assoc:0xID):[9]wrap\n");
    close(cli);
    cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    subscribe(cli, 0);
    static const char line[] = "all\n";
    EXPECT_EXIT(sctpstr_cli_echoall(fmemopen((void *)line, strlen(line), "r"), cli, (SA *)&to, sizeof(to)), 0, "");
    /* echoes come back on stream i + 1 (9 wraps to 0), in send order */
    char want[2048] = "";
    for (int i = 0; i < SERV_MAX_SCTP_STRM; i++) {
        char l[128];
        snprintf(l, sizeof(l), "From str:%d se:0 (assoc: 0xID): all.msg. %d\n", (i + 1) % 10, i);
        strcat(want, l);
    }
    CHECK_STR(normalize_assoc(check_out), want);
    close(cli);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(srv);
}

/* sctpserv02's SCTP_INITMSG: 20 outbound streams, seen by sctp_get_no_strms. */
static void test_more_streams(void)
{
    int srv = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sctp_initmsg initm;
    memset(&initm, 0, sizeof(initm));
    initm.sinit_num_ostreams = SERV_MORE_STRMS_SCTP;
    Setsockopt(srv, IPPROTO_SCTP, SCTP_INITMSG, &initm, sizeof(initm));
    struct sockaddr_in sa = addr4("127.0.0.1", 0), from;
    Bind(srv, (SA *)&sa, sizeof(sa));
    subscribe(srv, 0);
    Listen(srv, 5);
    struct sockaddr_in to = addr4("127.0.0.1", port_of(srv));
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    subscribe(cli, 0);
    Sctp_sendmsg(cli, "s", 1, (SA *)&to, sizeof(to), 0, 0, 0, 0, 0);
    struct sctp_sndrcvinfo sri;
    socklen_t len = sizeof(from);
    char buf[16];
    CHECK_INT(recv_data(srv, buf, sizeof(buf), &from, &len, &sri), 1);
    CHECK_INT(sctp_get_no_strms(srv, (SA *)&from, len), 20);
    struct sctp_status st;
    socklen_t stlen = sizeof(st);
    CHECK_INT(sctp_opt_info(srv, sri.sinfo_assoc_id, SCTP_STATUS, &st, &stlen), 0);
    CHECK_INT(st.sstat_outstrms, 20);
    /* unknown peer: sctp_get_no_strms dies like Stevens' Getsockopt */
    EXPECT_EXIT(sctp_get_no_strms(srv, (SA *)&to, sizeof(to)), 1, "getsockopt error: Invalid argument\n");
    close(cli);
    close(srv);
}

/* The legacy spellings lnp.h keeps for older programs (the English
   edition's "adaption", the MSG_ send flags), used as such programs do. */
static void test_legacy_spellings(void)
{
    int port, srv = seqpacket_server("127.0.0.1", 0, &port);
    struct sctp_setadaption ad;
    ad.ssb_adaption_ind = 0xc0ffee;
    Setsockopt(srv, IPPROTO_SCTP, SCTP_ADAPTION_LAYER, &ad, sizeof(ad));
    int cli = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    struct sctp_event_subscribe ev;
    memset(&ev, 0, sizeof(ev));
    ev.sctp_data_io_event = 1;
    ev.sctp_adaption_layer_event = 1;
    Setsockopt(cli, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev));
    struct sockaddr_in to = addr4("127.0.0.1", port);
    Sctp_sendmsg(cli, "unordered", 9, (SA *)&to, sizeof(to), 0, MSG_UNORDERED, 1, 0, 0);
    char buf[256];
    struct sctp_sndrcvinfo sri;
    int flags, n, seen = 0;
    struct pollfd p = {cli, POLLIN, 0};
    while (!seen && poll(&p, 1, 5000) == 1) {
        n = Sctp_recvmsg(cli, buf, sizeof(buf), NULL, NULL, &sri, &flags);
        union sctp_notification *snp = (union sctp_notification *)buf;
        if ((flags & MSG_NOTIFICATION) && snp->sn_header.sn_type == SCTP_ADAPTION_INDICATION) {
            struct sctp_adaption_event *sai = &snp->sn_adaption_event;
            CHECK_INT(sai->sai_adaption_ind, 0xc0ffee);
            seen = 1;
        }
    }
    CHECK(seen);
    n = recv_data(srv, buf, sizeof(buf), NULL, NULL, &sri);
    CHECK(n == 9 && memcmp(buf, "unordered", 9) == 0);
    CHECK(sri.sinfo_flags & MSG_UNORDERED);
    CHECK_INT(sri.sinfo_stream, 1);
    CHECK_INT(MSG_ADDR_OVER, SCTP_ADDR_OVER);
    close(cli);
    close(srv);
}

static void test_errors(void)
{
    char buf[8];
    int flags = 0;
    EXPECT_EXIT(Sctp_recvmsg(-1, buf, sizeof(buf), NULL, NULL, NULL, &flags), 1,
                "sctp_recvmsg error: Bad file descriptor\n");
    EXPECT_EXIT(Sctp_sendmsg(-1, buf, 1, NULL, 0, 0, 0, 0, 0, 0), 1, "sctp_sendmsg error: Bad file descriptor\n");
    int s = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    /* a plain message of length 0 is refused */
    struct sockaddr_in to = addr4("127.0.0.1", 9);
    errno = 0;
    CHECK_INT(sctp_sendmsg(s, buf, 0, (SA *)&to, sizeof(to), 0, 0, 0, 0, 0), -1);
    CHECK_INT(errno, EINVAL);
    /* sctp_send without sinfo sends with no control message, as libsctp does:
       here no association and no address, so the kernel's EPIPE */
    errno = 0;
    CHECK_INT(sctp_send(s, buf, 1, NULL, MSG_NOSIGNAL), -1);
    CHECK_INT(errno, EPIPE);
    close(s);
}

int main(void)
{
    alarm(40);
    test_one_to_many();
    test_eof_and_abort();
    test_multi_address();
    test_client_defaults();
    test_more_streams();
    test_legacy_spellings();
    test_errors();
    return check_done(TEST_NAME);
}
