/* recvfrom_flags on loopback (IP_PKTINFO, IPV6_PKTINFO, truncation),
 * in_cksum vectors, the IPv4/IPv6 source-route helpers, and out-of-band
 * heartbeats between two processes. */
#define _GNU_SOURCE /* inet6_rth_* */
#include "check.h"
#include <netinet/ip.h> /* IPOPT_* */
#include <time.h>

static int udp_bound(int family, const char *addr, struct sockaddr_storage *ss, socklen_t *len)
{
    int fd = Socket(family, SOCK_DGRAM, 0);
    struct timeval tv = {3, 0};

    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ss;
        sin->sin_family = AF_INET;
        Inet_pton(AF_INET, addr, &sin->sin_addr);
        *len = sizeof *sin;
    } else {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
        sin6->sin6_family = AF_INET6;
        Inet_pton(AF_INET6, addr, &sin6->sin6_addr);
        *len = sizeof *sin6;
    }
    Bind(fd, (SA *)ss, *len);
    Getsockname(fd, (SA *)ss, len);
    Setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void test_recvfrom_flags(void)
{
    struct sockaddr_storage ss, from;
    socklen_t len, fromlen;
    struct lnp_in_pktinfo pkt;
    int on = 1, flags, s, r, n;
    char buf[64];

    /* IPv4 unicast: destination and interface */
    r = udp_bound(AF_INET, "127.0.0.1", &ss, &len);
    s = Socket(AF_INET, SOCK_DGRAM, 0);
    Setsockopt(r, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
    Sendto(s, "hello", 5, 0, (SA *)&ss, len);
    flags = 0;
    fromlen = sizeof from;
    memset(&pkt, 0xff, sizeof pkt);
    n = Recvfrom_flags(r, buf, sizeof buf, &flags, (SA *)&from, &fromlen, &pkt);
    CHECK_INT(n, 5);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK_INT(flags, 0);
    CHECK_INT(fromlen, sizeof(struct sockaddr_in));
    CHECK_STR(Sock_ntop_host((SA *)&from, fromlen), "127.0.0.1");
    CHECK_STR(inet_ntoa(pkt.ipi_addr), "127.0.0.1");
    CHECK_INT(pkt.ipi_ifindex, if_nametoindex("lo"));

    /* a second loopback address is a distinct destination */
    {
        struct sockaddr_in other = *(struct sockaddr_in *)&ss;
        Inet_pton(AF_INET, "127.0.0.2", &other.sin_addr);
        int r2 = Socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in any = other;
        any.sin_addr.s_addr = htonl(INADDR_ANY);
        any.sin_port = 0;
        Bind(r2, (SA *)&any, sizeof any);
        len = sizeof any;
        Getsockname(r2, (SA *)&any, &len);
        other.sin_port = any.sin_port;
        Setsockopt(r2, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
        Sendto(s, "x", 1, 0, (SA *)&other, sizeof other);
        flags = 0;
        n = Recvfrom_flags(r2, buf, sizeof buf, &flags, NULL, NULL, &pkt);
        CHECK_INT(n, 1);
        CHECK_STR(inet_ntoa(pkt.ipi_addr), "127.0.0.2");
        /* broadcast on lo */
        Setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
        Inet_pton(AF_INET, "127.255.255.255", &other.sin_addr);
        if (sendto(s, "b", 1, 0, (SA *)&other, sizeof other) == 1) {
            flags = 0;
            n = Recvfrom_flags(r2, buf, sizeof buf, &flags, NULL, NULL, &pkt);
            CHECK_INT(n, 1);
            CHECK_STR(inet_ntoa(pkt.ipi_addr), "127.255.255.255");
            CHECK_INT(pkt.ipi_ifindex, if_nametoindex("lo"));
        } else
            printf("advio: broadcast on lo not possible here: %s\n", strerror(errno));
        close(r2);
    }

    /* data truncation: MSG_TRUNC, n is what fitted */
    len = sizeof ss;
    Getsockname(r, (SA *)&ss, &len);
    Sendto(s, "0123456789", 10, 0, (SA *)&ss, len);
    flags = 0;
    n = Recvfrom_flags(r, buf, 4, &flags, NULL, NULL, &pkt);
    CHECK_INT(n, 4);
    CHECK(flags & MSG_TRUNC);
    CHECK_INT(pkt.ipi_ifindex, if_nametoindex("lo"));
    /* MSG_TRUNC asked for in *flagsp: the real length */
    Sendto(s, "0123456789", 10, 0, (SA *)&ss, len);
    flags = MSG_TRUNC;
    CHECK_INT(Recvfrom_flags(r, buf, 4, &flags, NULL, NULL, NULL), 10);
    CHECK(flags & MSG_TRUNC);

    /* control truncation: pktinfo + TTL + TOS do not fit the 48-byte buffer */
    Setsockopt(r, IPPROTO_IP, IP_RECVTTL, &on, sizeof on);
    Setsockopt(r, IPPROTO_IP, IP_RECVTOS, &on, sizeof on);
    Sendto(s, "ct", 2, 0, (SA *)&ss, len);
    flags = 0;
    memset(&pkt, 0xff, sizeof pkt);
    n = Recvfrom_flags(r, buf, sizeof buf, &flags, NULL, NULL, &pkt);
    CHECK_INT(n, 2);
    CHECK(flags & MSG_CTRUNC);
    CHECK_INT(pkt.ipi_addr.s_addr, 0); /* zeroed, not filled */
    CHECK_INT(pkt.ipi_ifindex, 0);
    /* other ancillary data: fine with pktp NULL, fatal otherwise (as in UNP) */
    Setsockopt(r, IPPROTO_IP, IP_RECVTOS, (int[]){0}, sizeof(int));
    Setsockopt(r, IPPROTO_IP, IP_PKTINFO, (int[]){0}, sizeof(int));
    Sendto(s, "t1", 2, 0, (SA *)&ss, len);
    flags = 0;
    CHECK_INT(Recvfrom_flags(r, buf, sizeof buf, &flags, NULL, NULL, NULL), 2);
    Sendto(s, "t2", 2, 0, (SA *)&ss, len);
    EXPECT_EXIT((flags = 0, recvfrom_flags(r, buf, sizeof buf, &flags, NULL, NULL, &pkt)), 1,
                "unknown ancillary data, len = 20, level = 0, type = 2\n");
    /* errors */
    close(r);
    flags = 0;
    errno = 0;
    CHECK_INT(recvfrom_flags(r, buf, sizeof buf, &flags, NULL, NULL, &pkt), -1);
    CHECK_INT(errno, EBADF);
    EXPECT_EXIT((flags = 0, Recvfrom_flags(r, buf, sizeof buf, &flags, NULL, NULL, &pkt)), 1,
                "recvfrom_flags error\n");
    flags = MSG_DONTWAIT;
    r = udp_bound(AF_INET, "127.0.0.1", &ss, &len);
    errno = 0;
    CHECK_INT(recvfrom_flags(r, buf, sizeof buf, &flags, NULL, NULL, &pkt), -1);
    CHECK_INT(errno, EAGAIN);
    close(r);
    close(s);

    /* IPv6: interface from IPV6_PKTINFO, no room for a native IPv6 address */
    r = udp_bound(AF_INET6, "::1", &ss, &len);
    s = Socket(AF_INET6, SOCK_DGRAM, 0);
    Setsockopt(r, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
    Sendto(s, "six", 3, 0, (SA *)&ss, len);
    flags = 0;
    fromlen = sizeof from;
    memset(&pkt, 0xff, sizeof pkt);
    n = Recvfrom_flags(r, buf, sizeof buf, &flags, (SA *)&from, &fromlen, &pkt);
    CHECK_INT(n, 3);
    CHECK_INT(fromlen, sizeof(struct sockaddr_in6));
    CHECK_STR(Sock_ntop_host((SA *)&from, fromlen), "::1");
    CHECK_INT(pkt.ipi_addr.s_addr, 0);
    CHECK_INT(pkt.ipi_ifindex, if_nametoindex("lo"));
    close(r);
    close(s);
    /* IPv4 datagram to a dual-stack IPv6 socket: IPv4-mapped destination */
    r = udp_bound(AF_INET6, "::", &ss, &len);
    Setsockopt(r, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
    s = Socket(AF_INET, SOCK_DGRAM, 0);
    {
        struct sockaddr_in to;
        memset(&to, 0, sizeof to);
        to.sin_family = AF_INET;
        to.sin_port = ((struct sockaddr_in6 *)&ss)->sin6_port;
        Inet_pton(AF_INET, "127.0.0.3", &to.sin_addr);
        Sendto(s, "four", 4, 0, (SA *)&to, sizeof to);
    }
    flags = 0;
    fromlen = sizeof from;
    n = Recvfrom_flags(r, buf, sizeof buf, &flags, (SA *)&from, &fromlen, &pkt);
    CHECK_INT(n, 4);
    CHECK_STR(Sock_ntop_host((SA *)&from, fromlen), "::ffff:127.0.0.1");
    CHECK_STR(inet_ntoa(pkt.ipi_addr), "127.0.0.3");
    CHECK_INT(pkt.ipi_ifindex, if_nametoindex("lo"));
    close(r);
    close(s);
}

static void test_in_cksum(void)
{
    /* RFC 1071 section 3 example: sum ddf2 (network order), checksum 220d */
    unsigned char rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    uint16_t ck;
    unsigned char *b = (unsigned char *)&ck;
    /* a real IPv4 header (checksum field zero): checksum b861 */
    unsigned char ip[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                            0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    unsigned char odd[4] = {0x01, 0x02, 0x03, 0x00};
    unsigned char unaligned[21];
    uint16_t big[40000];
    int i;

    ck = in_cksum((uint16_t *)rfc, sizeof rfc);
    CHECK_INT(b[0], 0x22);
    CHECK_INT(b[1], 0x0d);
    ck = in_cksum((uint16_t *)ip, sizeof ip);
    CHECK_INT(b[0], 0xb8);
    CHECK_INT(b[1], 0x61);
    memcpy(ip + 10, &ck, 2); /* stored in place, the header sums to zero */
    CHECK_INT(in_cksum((uint16_t *)ip, sizeof ip), 0);
    /* odd length: the last byte is padded with a zero byte */
    CHECK_INT(in_cksum((uint16_t *)odd, 3), in_cksum((uint16_t *)odd, 4));
    ck = in_cksum((uint16_t *)odd, 3);
    CHECK_INT(b[0], 0xfb); /* network order: ~(0x0102 + 0x0300) = ~0x0402 = fbfd */
    CHECK_INT(b[1], 0xfd);
    CHECK_INT(in_cksum((uint16_t *)odd, 1), in_cksum((uint16_t *)"\x01\x00", 2));
    CHECK_INT(in_cksum((uint16_t *)odd, 0), 0xffff);
    CHECK_INT(in_cksum(NULL, 0), 0xffff);
    CHECK_INT(in_cksum((uint16_t *)odd, -5), 0xffff);
    /* any alignment */
    memcpy(unaligned + 1, ip, 20);
    CHECK_INT(in_cksum((uint16_t *)(unaligned + 1), 20), 0);
    /* all-ones words: the carries fold back to 0xffff, checksum 0 */
    for (i = 0; i < 40000; i++)
        big[i] = 0xffff;
    CHECK_INT(in_cksum(big, sizeof big), 0);
    big[0] = 0xfffe;
    CHECK_INT(in_cksum(big, sizeof big), 1);
}

static void test_srcrt(void)
{
    unsigned char *opt;
    int i;

    /* before any inet_srcrt_init: an error, not a crash */
    errno = 0;
    CHECK_INT(inet_srcrt_add("192.0.2.1"), -1);
    CHECK_INT(errno, EINVAL);

    opt = inet_srcrt_init(0);
    CHECK_INT(opt[0], IPOPT_NOP);
    CHECK_INT(opt[1], IPOPT_LSRR);
    CHECK_INT(opt[3], 4);
    CHECK_INT(inet_srcrt_add("192.0.2.1"), 8);
    CHECK_INT(opt[2], 7);
    CHECK_INT(inet_srcrt_add("198.51.100.7"), 12);
    CHECK_INT(opt[2], 11);
    CHECK(memcmp(opt + 4, "\xc0\x00\x02\x01\xc6\x33\x64\x07", 8) == 0);
    CHECK_INT(opt[12], 0); /* EOL from the zero fill */
    EXPECT_EXIT(inet_srcrt_print(opt + 0, 12), 0, "");
    CHECK_STR(check_out, "received LSRR: 192.0.2.1 198.51.100.7 \n");
    for (i = 2; i < 10; i++)
        CHECK_INT(inet_srcrt_add("127.0.0.1"), 4 + 4 * (i + 1));
    CHECK_INT(opt[2], 43);
    EXPECT_EXIT(inet_srcrt_add("10.9.9.9"), 1, "too many source routes with: 10.9.9.9\n");
    EXPECT_EXIT(inet_srcrt_add("no.such.host.invalid"), 1, "too many source routes with: no.such.host.invalid\n");
    {
        /* IP options hold at most 40 bytes: the kernel takes NOP + LSRR with
         * up to 9 addresses. It returns the option NOP included, the first
         * hop (which it keeps apart for routing) back in the list. */
        int fd = Socket(AF_INET, SOCK_DGRAM, 0), olen;
        unsigned char back[44];
        socklen_t blen = sizeof back;

        CHECK_INT(setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opt, 44), -1);
        opt = inet_srcrt_init(0);
        inet_srcrt_add("192.0.2.1");
        inet_srcrt_add("198.51.100.7");
        olen = inet_srcrt_add("203.0.113.9");
        CHECK_INT(olen, 16);
        CHECK_INT(setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opt, olen), 0);
        CHECK_INT(getsockopt(fd, IPPROTO_IP, IP_OPTIONS, back, &blen), 0);
        CHECK_INT(blen, 16);
        CHECK(memcmp(back, opt, 16) == 0);
        EXPECT_EXIT(inet_srcrt_print(back, blen), 0, "");
        CHECK_STR(check_out, "received LSRR: 192.0.2.1 198.51.100.7 203.0.113.9 \n");
        close(fd);
    }
    opt = inet_srcrt_init(1);
    CHECK_INT(opt[1], IPOPT_SSRR);
    CHECK_INT(inet_srcrt_add("203.0.113.5"), 8);
    EXPECT_EXIT(inet_srcrt_print(opt, 8), 0, "");
    CHECK_STR(check_out, "received SSRR: 203.0.113.5 \n");
    {
        /* hand-built: several NOPs, then a record-route option */
        unsigned char rr[] = {IPOPT_NOP, IPOPT_NOP, IPOPT_RR, 7, 4, 0, 0, 0, 0};
        unsigned char ssrr[] = {IPOPT_SSRR, 11, 12, 10, 0, 0, 1, 10, 0, 0, 2};
        unsigned char none[] = {IPOPT_LSRR, 3, 4};
        EXPECT_EXIT(inet_srcrt_print(rr, sizeof rr), 0, "");
        CHECK_STR(check_out, "received option type 7\n");
        EXPECT_EXIT(inet_srcrt_print(ssrr, sizeof ssrr), 0, "");
        CHECK_STR(check_out, "received SSRR: 10.0.0.1 10.0.0.2 \n");
        EXPECT_EXIT(inet_srcrt_print(none, sizeof none), 0, "");
        CHECK_STR(check_out, "received LSRR: \n");
    }
}

static void test_inet6_srcrt(void)
{
    struct in6_addr a;
    socklen_t size = inet6_rth_space(IPV6_RTHDR_TYPE_0, 3);
    void *rth = calloc(1, size);
    unsigned char bad[16];

    CHECK(rth != NULL);
    CHECK(inet6_rth_init(rth, size, IPV6_RTHDR_TYPE_0, 3) != NULL);
    Inet_pton(AF_INET6, "2001:db8::1", &a);
    CHECK_INT(inet6_rth_add(rth, &a), 0);
    Inet_pton(AF_INET6, "2001:db8:1::2", &a);
    CHECK_INT(inet6_rth_add(rth, &a), 0);
    Inet_pton(AF_INET6, "::ffff:192.0.2.1", &a);
    CHECK_INT(inet6_rth_add(rth, &a), 0);
    EXPECT_EXIT(inet6_srcrt_print(rth), 0, "");
    CHECK_STR(check_out, "received source route: 2001:db8::1 2001:db8:1::2 ::ffff:192.0.2.1 \n");
    CHECK(inet6_rth_init(rth, size, IPV6_RTHDR_TYPE_0, 3) != NULL);
    /* glibc counts the segments the header has room for, added or not */
    EXPECT_EXIT(inet6_srcrt_print(rth), 0, "");
    CHECK_STR(check_out, "received source route: :: :: :: \n");
    /* not a type-0 header: inet6_rth_segments fails before anything is printed */
    memset(bad, 0, sizeof bad);
    bad[1] = 2;
    bad[2] = 7;
    EXPECT_EXIT(inet6_srcrt_print(bad), 1, "inet6_rth_segments error\n");
    CHECK_STR(check_out, "");
    free(rth);
}

/* A connected TCP pair on loopback. */
static void tcp_pair(int *a, int *b)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    int l = Socket(AF_INET, SOCK_STREAM, 0);

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Bind(l, (SA *)&sin, sizeof sin);
    Listen(l, 1);
    Getsockname(l, (SA *)&sin, &len);
    *a = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(*a, (SA *)&sin, sizeof sin);
    *b = Accept(l, NULL, NULL);
    close(l);
}

/* Sleep about `sec` seconds whatever signals interrupt it. */
static void stay_alive(double sec)
{
    struct timespec start, now;

    clock_gettime(CLOCK_MONOTONIC, &start);
    do {
        usleep(50000);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < sec);
}

static void test_heartbeat(void)
{
    int c, s;
    pid_t pid;

    /* both sides alive: nobody gives up within 3.5 s (limit 2 x 1 s) */
    tcp_pair(&c, &s);
    if ((pid = Fork()) == 0) {
        close(c);
        heartbeat_serv(s, 1, 2);
        stay_alive(6);
        _exit(3);
    }
    close(s);
    EXPECT_EXIT((heartbeat_cli(c, 1, 2), stay_alive(3.5), exit(7)), 7, "");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(c);

    /* a server that never answers: the client reports it after ~3 s */
    tcp_pair(&c, &s);
    EXPECT_EXIT((heartbeat_cli(c, 1, 2), stay_alive(10), exit(7)), 0, "server is unreachable\n");
    /* a silent client: the server gives up (nsec 0 -> 1, limit 0 -> 1) */
    EXPECT_EXIT((heartbeat_serv(s, 0, 0), stay_alive(10), exit(7)), 0, "");
    CHECK_STR(check_out, "no probes from client\n");
    close(c);
    close(s);
}

int main(void)
{
    test_recvfrom_flags();
    test_in_cksum();
    test_srcrt();
    test_inet6_srcrt();
    test_heartbeat();
    return check_done("advio");
}
