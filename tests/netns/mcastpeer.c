/* mcastpeer: the receiver and sender that tests/netns/run.sh starts inside
 * network namespaces to exercise lnp's multicast helpers and recvfrom_flags
 * on real interfaces.
 *
 *   mcastpeer recv [-j GROUP [-s SRC]] [-b SRC] [-L|-l|-U SRC] [-t MS] [-z SIZE] [-r READY]
 *                  BINDADDR PORT IFNAME
 *       Bind BINDADDR:PORT, enable IP_PKTINFO / IPV6_RECVPKTINFO, join GROUP on
 *       IFNAME (any-source, or source-specific with -s), block SRC (-b), then
 *       create READY.0. Print every datagram as
 *           PAYLOAD dst=ADDR if=IFNAME [trunc]
 *       from recvfrom_flags. After the first datagram: leave the group (-L),
 *       leave the source-specific group (-l) or unblock SRC (-U), then create
 *       READY.1. Exit when nothing arrives for MS milliseconds (default 800).
 *       With -H, print "PAYLOAD ttl=N" instead, the TTL or hop limit of the
 *       datagram's IP header (IP_RECVTTL / IPV6_RECVHOPLIMIT, plain recvmsg).
 *
 *   mcastpeer send [-i IFNAME] [-I IFNAME] [-T TTL] [-l LOOP] [-S SRCADDR] [-B] [-E] [-v]
 *                  DEST PORT MSG...
 *       Choose the interface by name (-i) or by index (-I), set the TTL/hop
 *       limit and loopback, bind SRCADDR (-S), allow broadcast (-B); with -v
 *       print the settings read back ("if=NAME ttl=N loop=N"); send each MSG.
 *       With -E the socket itself is bound to PORT and joined to DEST on the
 *       chosen interface, and after sending prints "self: MSG" or "self: none"
 *       (multicast loopback).
 *
 *   mcastpeer getif IFNAME COMMAND
 *       Choose IFNAME for outgoing IPv4 multicast and print "if=NAME" from
 *       mcast_get_if; run COMMAND (with system), then print what
 *       mcast_get_if returns now: "after: if=NAME" or "after: -1 <strerror>".
 */
#define _GNU_SOURCE /* IPV6_HOPLIMIT */
#include "lnp.h"

static socklen_t parse(const char *text, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (strchr(text, ':') != NULL) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        Inet_pton(AF_INET6, text, &sin6->sin6_addr);
        return sizeof *sin6;
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *)ss;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        Inet_pton(AF_INET, text, &sin->sin_addr);
        return sizeof *sin;
    }
}

static void touch(const char *prefix, int n)
{
    char path[512];

    if (prefix == NULL)
        return;
    snprintf(path, sizeof path, "%s.%d", prefix, n);
    Close(Open(path, O_CREAT | O_WRONLY, FILE_MODE));
}

static void timeout_ms(int fd, int ms)
{
    struct timeval tv;

    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    Setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

/* One datagram with its IP TTL / hop limit: "PAYLOAD ttl=N"; -1 on timeout. */
static int recv_ttl(int fd, char *buf, int size)
{
    union {
        struct cmsghdr cm;
        char control[CMSG_SPACE(sizeof(int))];
    } control_un;
    struct msghdr msg;
    struct iovec iov;
    struct cmsghdr *cmptr;
    int ttl = -1;
    ssize_t n;

    memset(&msg, 0, sizeof msg);
    iov.iov_base = buf;
    iov.iov_len = size;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control_un.control;
    msg.msg_controllen = sizeof control_un.control;
    if ((n = recvmsg(fd, &msg, 0)) < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return -1;
        err_sys("recvmsg error");
    }
    buf[n] = 0;
    for (cmptr = CMSG_FIRSTHDR(&msg); cmptr != NULL; cmptr = CMSG_NXTHDR(&msg, cmptr))
        if ((cmptr->cmsg_level == IPPROTO_IP && cmptr->cmsg_type == IP_TTL) ||
            (cmptr->cmsg_level == IPPROTO_IPV6 && cmptr->cmsg_type == IPV6_HOPLIMIT))
            memcpy(&ttl, CMSG_DATA(cmptr), sizeof ttl);
    printf("%s ttl=%d\n", buf, ttl);
    fflush(stdout);
    return 0;
}

static int do_recv(int argc, char **argv)
{
    const char *group = NULL, *src = NULL, *block = NULL, *unblock = NULL, *ready = NULL, *ifname;
    int c, after = 0, ms = 800, size = MAXLINE, on = 1, fd, first = 1, hops = 0;
    struct sockaddr_storage bindaddr, grp, srcaddr, from;
    socklen_t bindlen, grplen = 0, srclen = 0, fromlen;
    char *buf;

    while ((c = getopt(argc, argv, "j:s:b:LlU:t:z:r:H")) != -1) {
        switch (c) {
        case 'j': group = optarg; break;
        case 's': src = optarg; break;
        case 'b': block = optarg; break;
        case 'L': case 'l': after = c; break;
        case 'U': after = c; unblock = optarg; break;
        case 't': ms = atoi(optarg); break;
        case 'z': size = atoi(optarg); break;
        case 'r': ready = optarg; break;
        case 'H': hops = 1; break;
        default: err_quit("usage: mcastpeer recv [options] BINDADDR PORT IFNAME");
        }
    }
    if (argc - optind != 3)
        err_quit("usage: mcastpeer recv [options] BINDADDR PORT IFNAME");
    ifname = strcmp(argv[optind + 2], "-") == 0 ? NULL : argv[optind + 2];
    bindlen = parse(argv[optind], atoi(argv[optind + 1]), &bindaddr);
    buf = Malloc(size + 1);

    fd = Socket(bindaddr.ss_family, SOCK_DGRAM, 0);
    Setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    Bind(fd, (SA *)&bindaddr, bindlen);
    if (hops && bindaddr.ss_family == AF_INET)
        Setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof on);
    else if (hops)
        Setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on);
    else if (bindaddr.ss_family == AF_INET)
        Setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
    else
        Setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
    if (group != NULL) {
        grplen = parse(group, 0, &grp);
        if (src != NULL) {
            srclen = parse(src, 0, &srcaddr);
            Mcast_join_source_group(fd, (SA *)&srcaddr, srclen, (SA *)&grp, grplen, ifname, 0);
        } else
            Mcast_join(fd, (SA *)&grp, grplen, ifname, 0);
    }
    if (block != NULL) {
        srclen = parse(block, 0, &srcaddr);
        Mcast_block_source(fd, (SA *)&srcaddr, srclen, (SA *)&grp, grplen);
    }
    timeout_ms(fd, ms);
    touch(ready, 0);

    if (hops) {
        while (recv_ttl(fd, buf, size) == 0)
            ;
        return 0;
    }
    for (;;) {
        struct lnp_in_pktinfo pkt;
        char ifbuf[IFNAMSIZ];
        int flags = 0;
        ssize_t n;

        fromlen = sizeof from;
        n = recvfrom_flags(fd, buf, size, &flags, (SA *)&from, &fromlen, &pkt);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            err_sys("recvfrom_flags error");
        }
        buf[n] = 0;
        printf("%s dst=%s if=%s%s\n", buf, inet_ntoa(pkt.ipi_addr),
               pkt.ipi_ifindex > 0 ? If_indextoname(pkt.ipi_ifindex, ifbuf) : "?",
               (flags & MSG_TRUNC) ? " trunc" : "");
        fflush(stdout);
        if (first && after != 0) {
            if (after == 'L')
                Mcast_leave(fd, (SA *)&grp, grplen);
            else if (after == 'l')
                Mcast_leave_source_group(fd, (SA *)&srcaddr, srclen, (SA *)&grp, grplen);
            else {
                srclen = parse(unblock, 0, &srcaddr);
                Mcast_unblock_source(fd, (SA *)&srcaddr, srclen, (SA *)&grp, grplen);
            }
            touch(ready, 1);
        }
        first = 0;
    }
    return 0;
}

static int do_send(int argc, char **argv)
{
    const char *ifname = NULL, *srctext = NULL;
    unsigned int ifindex = 0;
    int c, ttl = -2, loop = -1, bcast = 0, echo = 0, verbose = 0, fd, port, on = 1, i;
    struct sockaddr_storage dest, src;
    socklen_t destlen;

    while ((c = getopt(argc, argv, "i:I:T:l:S:BEv")) != -1) {
        switch (c) {
        case 'i': ifname = optarg; break;
        case 'I': ifindex = If_nametoindex(optarg); break;
        case 'T': ttl = atoi(optarg); break;
        case 'l': loop = atoi(optarg); break;
        case 'S': srctext = optarg; break;
        case 'B': bcast = 1; break;
        case 'E': echo = 1; break;
        case 'v': verbose = 1; break;
        default: err_quit("usage: mcastpeer send [options] DEST PORT MSG...");
        }
    }
    if (argc - optind < 3)
        err_quit("usage: mcastpeer send [options] DEST PORT MSG...");
    port = atoi(argv[optind + 1]);
    destlen = parse(argv[optind], port, &dest);
    fd = Socket(dest.ss_family, SOCK_DGRAM, 0);
    if (srctext != NULL) {
        socklen_t srclen = parse(srctext, 0, &src);
        Bind(fd, (SA *)&src, srclen);
    }
    if (echo) {
        socklen_t wildlen = parse(dest.ss_family == AF_INET ? "0.0.0.0" : "::", port, &src);
        Setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        Bind(fd, (SA *)&src, wildlen);
        Mcast_join(fd, (SA *)&dest, destlen, ifname, ifindex);
        timeout_ms(fd, 500);
    }
    if (ifname != NULL || ifindex > 0)
        Mcast_set_if(fd, ifname, ifindex);
    if (ttl != -2)
        Mcast_set_ttl(fd, ttl);
    if (loop >= 0)
        Mcast_set_loop(fd, loop);
    if (bcast)
        Setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
    if (verbose) {
        char ifbuf[IFNAMSIZ];
        int idx = Mcast_get_if(fd);
        printf("if=%s ttl=%d loop=%d\n", idx > 0 ? If_indextoname(idx, ifbuf) : "none",
               Mcast_get_ttl(fd), Mcast_get_loop(fd));
    }
    for (i = optind + 2; i < argc; i++)
        Sendto(fd, argv[i], strlen(argv[i]), 0, (SA *)&dest, destlen);
    if (echo) {
        char buf[MAXLINE + 1];
        ssize_t n = recv(fd, buf, MAXLINE, 0);
        if (n >= 0) {
            buf[n] = 0;
            printf("self: %s\n", buf);
        } else
            printf("self: none\n");
    }
    return 0;
}

static void print_if(int fd, const char *prefix)
{
    char ifbuf[IFNAMSIZ];
    int idx;

    errno = 0;
    if ((idx = mcast_get_if(fd)) < 0)
        printf("%s-1 %s\n", prefix, strerror(errno));
    else
        printf("%sif=%s\n", prefix, idx > 0 ? If_indextoname(idx, ifbuf) : "none");
    fflush(stdout);
}

static int do_getif(int argc, char **argv)
{
    int fd;

    if (argc != 3)
        err_quit("usage: mcastpeer getif IFNAME COMMAND");
    fd = Socket(AF_INET, SOCK_DGRAM, 0);
    Mcast_set_if(fd, argv[1], 0);
    print_if(fd, "");
    if (system(argv[2]) != 0)
        err_quit("command failed: %s", argv[2]);
    print_if(fd, "after: ");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "getif") == 0)
        return do_getif(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "recv") == 0)
        return do_recv(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "send") == 0)
        return do_send(argc - 1, argv + 1);
    err_quit("usage: mcastpeer recv|send ...");
}
