/*
 * libsctp_echo: an SCTP echo server and client written for lksctp's
 * libsctp, the way its users write them (RFC 6458 calls, perror, no lnp.h).
 * Built against lnp by changing only -lsctp to -llnp:
 *
 *     cc -o libsctp_echo libsctp_echo.c -llnp
 *
 *   libsctp_echo server PORT        one-to-many; echoes each message on its
 *                                   stream (sctp_recvv, sctp_sendv), prints
 *                                   what it got
 *   libsctp_echo server peel PORT   the same on the first association alone,
 *                                   peeled off with sctp_peeloff_flags
 *   libsctp_echo client ADDR PORT   sends each stdin line on stream (line
 *                                   number mod 5), prints the echoes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

#define STREAMS 5

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static int echo_one(int fd, int peeled)
{
    char buf[1024];
    struct sockaddr_in from;
    socklen_t fromlen = sizeof(from), infolen;
    struct sctp_rcvinfo rcv;
    unsigned int infotype = 0;
    int flags = 0;
    struct iovec iov = {buf, sizeof(buf)};
    char ip[INET_ADDRSTRLEN];

    infolen = sizeof(rcv);
    ssize_t n = sctp_recvv(fd, &iov, 1, (struct sockaddr *)&from, &fromlen, &rcv, &infolen, &infotype, &flags);
    /* the end of a peeled-off association: 0, or ENOTCONN once it is closed */
    if (n == 0 || (n < 0 && errno == ENOTCONN && peeled))
        return 0;
    if (n < 0)
        die("sctp_recvv");
    if (flags & MSG_NOTIFICATION)
        return 1;
    if (infotype != SCTP_RECVV_RCVINFO) {
        fprintf(stderr, "no sctp_rcvinfo (infotype %u)\n", infotype);
        exit(1);
    }
    printf("server%s: %d bytes on stream %u from %s\n", peeled ? " (peeled)" : "", (int)n, rcv.rcv_sid,
           inet_ntop(AF_INET, &from.sin_addr, ip, sizeof(ip)));
    fflush(stdout);

    struct sctp_sndinfo snd;
    memset(&snd, 0, sizeof(snd));
    snd.snd_sid = rcv.rcv_sid;
    snd.snd_ppid = rcv.rcv_ppid;
    snd.snd_assoc_id = rcv.rcv_assoc_id;
    iov.iov_len = n;
    if (sctp_sendv(fd, &iov, 1, NULL, 0, &snd, sizeof(snd), SCTP_SENDV_SNDINFO, 0) < 0)
        die("sctp_sendv");
    return 1;
}

static int server(int port, int peel)
{
    int fd, on = 1;
    struct sockaddr_in addr;
    struct sctp_initmsg init;

    if ((fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0)
        die("socket");
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (sctp_bindx(fd, (struct sockaddr *)&addr, 1, SCTP_BINDX_ADD_ADDR) < 0)
        die("sctp_bindx");
    memset(&init, 0, sizeof(init));
    init.sinit_num_ostreams = STREAMS;
    init.sinit_max_instreams = STREAMS;
    if (setsockopt(fd, SOL_SCTP, SCTP_INITMSG, &init, sizeof(init)) < 0)
        die("setsockopt(SCTP_INITMSG)");
    if (setsockopt(fd, SOL_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on)) < 0)
        die("setsockopt(SCTP_RECVRCVINFO)");
    if (listen(fd, 5) < 0)
        die("listen");
    if (!peel)
        for (;;)
            echo_one(fd, 0);

    /* the first message sets the association up: peel it off, then serve it alone */
    char buf[1024];
    struct iovec iov = {buf, sizeof(buf)};
    struct sctp_rcvinfo rcv;
    socklen_t infolen = sizeof(rcv);
    unsigned int infotype;
    int flags = MSG_PEEK;
    if (sctp_recvv(fd, &iov, 1, NULL, NULL, &rcv, &infolen, &infotype, &flags) < 0)
        die("sctp_recvv");
    int one = sctp_peeloff_flags(fd, rcv.rcv_assoc_id, SOCK_CLOEXEC);
    if (one < 0)
        die("sctp_peeloff_flags");
    if (!(fcntl(one, F_GETFD) & FD_CLOEXEC)) {
        fprintf(stderr, "peeled socket is not close-on-exec\n");
        exit(1);
    }
    if (setsockopt(one, SOL_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on)) < 0)
        die("setsockopt(SCTP_RECVRCVINFO)");
    while (echo_one(one, 1))
        ;
    printf("server (peeled): association closed\n");
    return 0;
}

static int client(const char *host, int port)
{
    int fd, line_no = 0;
    struct sockaddr_in addr;
    char line[512], buf[1024];

    if ((fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0)
        die("socket");
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "bad address %s\n", host);
        exit(1);
    }
    struct sctp_event_subscribe ev;
    memset(&ev, 0, sizeof(ev));
    ev.sctp_data_io_event = 1;
    if (setsockopt(fd, SOL_SCTP, SCTP_EVENTS, &ev, sizeof(ev)) < 0)
        die("setsockopt(SCTP_EVENTS)");
    while (fgets(line, sizeof(line), stdin) != NULL) {
        struct sctp_sendv_spa spa;
        struct iovec iov[2];
        char prefix[16];

        line[strcspn(line, "\n")] = '\0';
        snprintf(prefix, sizeof(prefix), "%d:", line_no);
        iov[0].iov_base = prefix;
        iov[0].iov_len = strlen(prefix);
        iov[1].iov_base = line;
        iov[1].iov_len = strlen(line);
        memset(&spa, 0, sizeof(spa));
        spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
        spa.sendv_sndinfo.snd_sid = line_no % STREAMS;
        spa.sendv_sndinfo.snd_ppid = htonl(line_no);
        if (sctp_sendv(fd, iov, 2, (struct sockaddr *)&addr, 1, &spa, sizeof(spa), SCTP_SENDV_SPA, 0) < 0)
            die("sctp_sendv");

        struct sctp_sndrcvinfo sinfo;
        int flags = 0;
        memset(&sinfo, 0, sizeof(sinfo));
        int n = sctp_recvmsg(fd, buf, sizeof(buf) - 1, NULL, NULL, &sinfo, &flags);
        if (n < 0)
            die("sctp_recvmsg");
        buf[n] = '\0';
        printf("echo on stream %u, ppid %u: %s\n", sinfo.sinfo_stream, ntohl(sinfo.sinfo_ppid), buf);
        line_no++;
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        return server(atoi(argv[2]), 0);
    if (argc == 4 && strcmp(argv[1], "server") == 0 && strcmp(argv[2], "peel") == 0)
        return server(atoi(argv[3]), 1);
    if (argc == 4 && strcmp(argv[1], "client") == 0)
        return client(argv[2], atoi(argv[3]));
    fprintf(stderr, "usage: %s server [peel] PORT | client ADDR PORT\n", argv[0]);
    return 2;
}
