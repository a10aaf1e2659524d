/* host_serv, tcp_connect, tcp_listen, udp_client, udp_connect, udp_server,
   my_addrs, their wrappers, and Inet_ntop, Inet_pton, If_indextoname,
   If_nametoindex, If_nameindex.
   Only numeric hosts and "localhost" are looked up: no DNS. */
#include "check.h"
#include <net/if.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#define BADSERV "nosuchservice"
#define GAI_SERVICE "Servname not supported for ai_socktype"


static char *port_of(int fd)
{
    static char buf[16];
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    getsockname(fd, (SA *)&ss, &len);
    snprintf(buf, sizeof buf, "%d", ntohs(sock_get_port((SA *)&ss, len)));
    return buf;
}

static int no_cloexec(int fd)
{
    return (fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0;
}

/* Make socket() fail with EMFILE in a dying child. */
static void few_files(void)
{
    struct rlimit rl = {3, 3};
    setrlimit(RLIMIT_NOFILE, &rl);
}

/* tcp_listen listens through Listen, so LISTENQ=0 gives a queue that fills up at once. */
static int listenq_child(void)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int lfd, i, c;

    setenv("LISTENQ", "0", 1);
    lfd = Tcp_listen("127.0.0.1", "0", NULL);
    getsockname(lfd, (SA *)&ss, &len);
    for (i = 0; i < 3; i++) {
        c = Socket(AF_INET, SOCK_STREAM, 0);
        fcntl(c, F_SETFL, O_NONBLOCK);
        connect(c, (SA *)&ss, len);
    }
    usleep(100000);
    c = Socket(AF_INET, SOCK_STREAM, 0);
    return connect_nonb(c, (SA *)&ss, len, 1) == -1 && errno == ETIMEDOUT ? 0 : 2;
}

static void test_host_serv(void)
{
    struct addrinfo *ai;

    ai = host_serv("127.0.0.1", "9877", AF_INET, SOCK_STREAM);
    CHECK(ai != NULL);
    if (ai) {
        CHECK_INT(ai->ai_family, AF_INET);
        CHECK_INT(ai->ai_socktype, SOCK_STREAM);
        CHECK_STR(ai->ai_canonname, "127.0.0.1");
        CHECK_STR(sock_ntop(ai->ai_addr, ai->ai_addrlen), "127.0.0.1:9877");
        freeaddrinfo(ai);
    }
    ai = host_serv("::1", NULL, AF_INET6, SOCK_DGRAM);
    CHECK(ai != NULL && ai->ai_family == AF_INET6);
    if (ai)
        freeaddrinfo(ai);
    ai = Host_serv("localhost", "80", AF_INET, SOCK_STREAM);
    CHECK_STR(sock_ntop(ai->ai_addr, ai->ai_addrlen), "127.0.0.1:80");
    freeaddrinfo(ai);
    /* NULL host with AI_CANONNAME: glibc says EAI_BADFLAGS */
    CHECK(host_serv(NULL, "9877", AF_INET, SOCK_STREAM) == NULL);
    CHECK(host_serv("127.0.0.1", BADSERV, AF_INET, SOCK_STREAM) == NULL);
    EXPECT_EXIT(Host_serv(NULL, "9877", AF_INET, 0), 1,
                "host_serv error for (no hostname), 9877: Bad value for ai_flags\n");
    EXPECT_EXIT(Host_serv(NULL, NULL, AF_INET, 0), 1,
                "host_serv error for (no hostname), (no service name): Name or service not known\n");
    EXPECT_EXIT(Host_serv("127.0.0.1", BADSERV, AF_INET, SOCK_STREAM), 1,
                "host_serv error for 127.0.0.1, " BADSERV ": " GAI_SERVICE "\n");
}

static void test_tcp(void)
{
    socklen_t len = 0;
    int lfd, cfd, afd, lfd6, cfd6;
    char port[16], buf[64], want[128];

    lfd = tcp_listen("127.0.0.1", "0", &len);
    CHECK(lfd >= 0 && no_cloexec(lfd));
    CHECK_INT(len, sizeof(struct sockaddr_in));
    strcpy(port, port_of(lfd));
    cfd = Tcp_connect("127.0.0.1", port);
    CHECK(cfd >= 0 && no_cloexec(cfd));
    afd = Accept(lfd, NULL, NULL);
    Writen(cfd, "ping\n", 5);
    CHECK_INT(Readline(afd, buf, sizeof buf), 5);
    CHECK_STR(buf, "ping\n");
    close(cfd);
    close(afd);

    /* the listener has SO_REUSEADDR */
    {
        int on = 0;
        socklen_t olen = sizeof on;
        getsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, &olen);
        CHECK_INT(on, 1);
    }
    /* a port in use by a listener: every bind fails */
    snprintf(want, sizeof want, "tcp_listen error for 127.0.0.1, %s: Address already in use\n", port);
    EXPECT_EXIT(Tcp_listen("127.0.0.1", port, NULL), 1, want);
    close(lfd);
    /* nobody listens any more */
    snprintf(want, sizeof want, "tcp_connect error for 127.0.0.1, %s: Connection refused\n", port);
    EXPECT_EXIT(tcp_connect("127.0.0.1", port), 1, want);
    EXPECT_EXIT(tcp_connect("127.0.0.1", BADSERV), 1, "tcp_connect error for 127.0.0.1, " BADSERV ": " GAI_SERVICE "\n");
    EXPECT_EXIT(tcp_connect(NULL, BADSERV), 1, "tcp_connect error for (null), " BADSERV ": " GAI_SERVICE "\n");
    EXPECT_EXIT(tcp_listen(NULL, BADSERV, NULL), 1, "tcp_listen error for (null), " BADSERV ": " GAI_SERVICE "\n");
    EXPECT_EXIT((few_files(), tcp_connect("127.0.0.1", "9")), 1, "tcp_connect error for 127.0.0.1, 9: Too many open files\n");
    EXPECT_EXIT((few_files(), Tcp_listen("127.0.0.1", "0", NULL)), 1, "tcp_listen error for 127.0.0.1, 0: Too many open files\n");

    EXPECT_EXIT(exit(listenq_child()), 0, "");
    /* wildcard listener: glibc lists 0.0.0.0 first, so it is IPv4 */
    lfd = Tcp_listen(NULL, "0", NULL);
    CHECK_INT(sockfd_to_family(lfd), AF_INET);
    close(lfd);
    /* IPv6 */
    if (ipv6_loopback()) {
        lfd6 = tcp_listen("::1", "0", &len);
        CHECK_INT(len, sizeof(struct sockaddr_in6));
        CHECK_INT(sockfd_to_family(lfd6), AF_INET6);
        cfd6 = tcp_connect("::1", port_of(lfd6));
        CHECK_INT(sockfd_to_family(cfd6), AF_INET6);
        close(cfd6);
        close(lfd6);
    }
}

static void test_udp(void)
{
    socklen_t len = 0, salen = 0, flen;
    int sfd, cfd, kfd;
    char port[16], buf[64], want[128];
    SA *sa = NULL;
    struct sockaddr_storage from;
    ssize_t n;

    sfd = udp_server("127.0.0.1", "0", &len);
    CHECK(sfd >= 0 && no_cloexec(sfd));
    CHECK_INT(len, sizeof(struct sockaddr_in));
    strcpy(port, port_of(sfd));
    /* no SO_REUSEADDR on UDP servers */
    {
        int on = 1;
        socklen_t olen = sizeof on;
        getsockopt(sfd, SOL_SOCKET, SO_REUSEADDR, &on, &olen);
        CHECK_INT(on, 0);
    }
    cfd = Udp_client("127.0.0.1", port, &sa, &salen);
    CHECK(cfd >= 0 && no_cloexec(cfd));
    CHECK_INT(salen, sizeof(struct sockaddr_in));
    snprintf(want, sizeof want, "127.0.0.1:%s", port);
    CHECK_STR(sock_ntop(sa, salen), want);
    sendto(cfd, "dgram", 5, 0, sa, salen);
    flen = sizeof from;
    n = recvfrom(sfd, buf, sizeof buf, 0, (SA *)&from, &flen);
    CHECK_INT(n, 5);
    CHECK_INT(sock_cmp_addr((SA *)&from, sa, flen), 0);
    free(sa);
    close(cfd);

    kfd = Udp_connect("127.0.0.1", port);
    CHECK(kfd >= 0 && no_cloexec(kfd));
    write(kfd, "conn", 4);
    CHECK_INT(recv(sfd, buf, sizeof buf, 0), 4);
    close(kfd);
    if (ipv6_loopback()) {
        kfd = udp_connect("::1", "9");
        CHECK_INT(sockfd_to_family(kfd), AF_INET6);
        close(kfd);
    }

    snprintf(want, sizeof want, "udp_server error for 127.0.0.1, %s: Address already in use\n", port);
    EXPECT_EXIT(Udp_server("127.0.0.1", port, NULL), 1, want);
    close(sfd);
    sfd = Udp_server(NULL, "0", NULL);
    CHECK_INT(sockfd_to_family(sfd), AF_INET);
    close(sfd);
    EXPECT_EXIT(udp_server("127.0.0.1", BADSERV, NULL), 1, "udp_server error for 127.0.0.1, " BADSERV ": " GAI_SERVICE "\n");
    EXPECT_EXIT(udp_client("127.0.0.1", BADSERV, &sa, &salen), 1, "udp_client error for 127.0.0.1, " BADSERV ": " GAI_SERVICE "\n");
    EXPECT_EXIT(Udp_connect("127.0.0.1", BADSERV), 1, "udp_connect error for 127.0.0.1, " BADSERV ": " GAI_SERVICE "\n");
    EXPECT_EXIT((few_files(), udp_client("127.0.0.1", "9", &sa, &salen)), 1, "udp_client error for 127.0.0.1, 9: Too many open files\n");
    EXPECT_EXIT((few_files(), udp_connect("127.0.0.1", "9")), 1, "udp_connect error for 127.0.0.1, 9: Too many open files\n");
    EXPECT_EXIT((few_files(), udp_server("127.0.0.1", "0", NULL)), 1, "udp_server error for 127.0.0.1, 0: Too many open files\n");
}

/* my_addrs resolves the node name: only where /etc/hosts knows it (no DNS waits). */
static void test_my_addrs(void)
{
    struct utsname u;
    char line[512], *tok;
    int known = 0, family = -1;
    char **pp;
    FILE *f;

    uname(&u);
    if ((f = fopen("/etc/hosts", "r")) != NULL) {
        while (!known && fgets(line, sizeof line, f))
            for (tok = strtok(line, " \t\n"); tok && *tok != '#'; tok = strtok(NULL, " \t\n"))
                if (strcmp(tok, u.nodename) == 0)
                    known = 1;
        fclose(f);
    }
    if (!known) {
        printf("lib_names: my_addrs SKIPPED (node name %s not in /etc/hosts)\n", u.nodename);
        return;
    }
    pp = my_addrs(&family);
    CHECK(pp != NULL && pp[0] != NULL);
    CHECK(family == AF_INET || family == AF_INET6);
    pp = My_addrs(&family);
    CHECK(pp != NULL && pp[0] != NULL);
}

static void test_inet_if(void)
{
    struct in_addr ia;
    struct in6_addr i6;
    char buf[INET6_ADDRSTRLEN], name[IF_NAMESIZE];
    struct if_nameindex *list, *p;
    unsigned int lo;
    int found = 0;

    Inet_pton(AF_INET, "192.0.2.33", &ia);
    CHECK_INT(ntohl(ia.s_addr), 0xc0000221);
    Inet_pton(AF_INET6, "2001:db8::1", &i6);
    CHECK(Inet_ntop(AF_INET, &ia, buf, sizeof buf) == buf);
    CHECK_STR(buf, "192.0.2.33");
    CHECK_STR(Inet_ntop(AF_INET6, &i6, buf, sizeof buf), "2001:db8::1");
    EXPECT_EXIT(Inet_pton(AF_INET, "01.2.3.004", &ia), 1, "inet_pton error for 01.2.3.004\n");
    EXPECT_EXIT(Inet_pton(AF_INET, "not an address", &ia), 1, "inet_pton error for not an address\n");
    EXPECT_EXIT(Inet_pton(9999, "1.2.3.4", &ia), 1, "inet_pton error for 1.2.3.4: Address family not supported by protocol\n");
    EXPECT_EXIT(Inet_ntop(AF_INET, &ia, buf, 4), 1, "inet_ntop error: No space left on device\n");
    EXPECT_EXIT(Inet_ntop(9999, &ia, buf, sizeof buf), 1, "inet_ntop error: Address family not supported by protocol\n");
    EXPECT_EXIT(Inet_ntop(AF_INET, &ia, NULL, 16), 1, "NULL 3rd argument to inet_ntop\n");

    lo = If_nametoindex("lo");
    CHECK(lo > 0);
    CHECK_STR(If_indextoname(lo, name), "lo");
    list = If_nameindex();
    for (p = list; p->if_index != 0; p++)
        if (p->if_index == lo && strcmp(p->if_name, "lo") == 0)
            found = 1;
    CHECK(found);
    if_freenameindex(list);
    EXPECT_EXIT(If_nametoindex("nosuchif0"), 1, "if_nametoindex error for nosuchif0\n");
    EXPECT_EXIT(If_indextoname(2147483647u, name), 1, "if_indextoname error for 2147483647\n");
    EXPECT_EXIT(If_indextoname((unsigned)-5, name), 1, "if_indextoname error for -5\n");
}

int main(void)
{
    test_host_serv();
    test_tcp();
    test_udp();
    test_my_addrs();
    test_inet_if();
    return check_done("lib_names");
}
