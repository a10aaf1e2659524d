/* sock_ntop, sock_ntop_host, sock_get_port, sock_cmp_addr, sock_cmp_port,
   sock_set_addr, sock_set_port, sock_set_wild, sock_bind_wild,
   sockfd_to_family, family_to_level and their wrappers. */
#include "check.h"
#include <pthread.h>
#include <stddef.h>


static struct sockaddr_in v4(const char *addr, int port)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    inet_pton(AF_INET, addr, &sin.sin_addr);
    return sin;
}

static struct sockaddr_in6 v6(const char *addr, int port)
{
    struct sockaddr_in6 sin6;

    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    inet_pton(AF_INET6, addr, &sin6.sin6_addr);
    return sin6;
}

static void test_ntop_inet(void)
{
    struct sockaddr_in a = v4("127.0.0.1", 9877), z = v4("10.1.2.3", 0);
    struct sockaddr_in6 b = v6("::1", 80), c = v6("::1", 0), m = v6("::ffff:127.0.0.1", 1),
                        compat = v6("::1.2.3.4", 0), ll = v6("fe80::1", 80);
    char *p1, *p2, *p3, *h1;

    p1 = sock_ntop((SA *)&a, sizeof a);
    CHECK_STR(p1, "127.0.0.1:9877");
    CHECK_STR(sock_ntop((SA *)&z, sizeof z), "10.1.2.3");
    p2 = sock_ntop((SA *)&b, sizeof b);
    CHECK_STR(p2, "[::1]:80");
    CHECK(p1 == p2);
    /* IPv6 with port 0: no brackets, and the pointer is the buffer start + 1 */
    p3 = sock_ntop((SA *)&c, sizeof c);
    CHECK_STR(p3, "::1");
    CHECK(p3 == p1 + 1);
    CHECK_INT(p1[0], '[');
    CHECK_STR(sock_ntop((SA *)&m, sizeof m), "[::ffff:127.0.0.1]:1");
    CHECK_STR(sock_ntop((SA *)&compat, sizeof compat), "::1.2.3.4");
    {
        struct sockaddr_in hi = v4("255.255.255.255", 65535);
        struct sockaddr_in6 wide = v6("ffff:eeee:dddd:cccc:bbbb:aaaa:9999:8888", 65535);
        CHECK_STR(sock_ntop((SA *)&hi, sizeof hi), "255.255.255.255:65535");
        CHECK_STR(sock_ntop((SA *)&wide, sizeof wide), "[ffff:eeee:dddd:cccc:bbbb:aaaa:9999:8888]:65535");
        hi.sin_port = htons(10);
        CHECK_STR(sock_ntop((SA *)&hi, sizeof hi), "255.255.255.255:10");
    }
    ll.sin6_scope_id = 1;
    CHECK_STR(sock_ntop((SA *)&ll, sizeof ll), "[fe80::1]:80");
    CHECK_STR(sock_ntop((SA *)&b, sizeof b), "[::1]:80");
    CHECK(sock_ntop((SA *)&b, sizeof b) == p1);

    h1 = sock_ntop_host((SA *)&a, sizeof a);
    CHECK_STR(h1, "127.0.0.1");
    CHECK(h1 != p1);
    CHECK_STR(sock_ntop_host((SA *)&b, sizeof b), "::1");
    CHECK_STR(sock_ntop_host((SA *)&c, sizeof c), "::1");
    CHECK(sock_ntop_host((SA *)&c, sizeof c) == h1);
    CHECK_STR(sock_ntop_host((SA *)&ll, sizeof ll), "fe80::1");
    CHECK_STR(sock_ntop_host((SA *)&m, sizeof m), "::ffff:127.0.0.1");
    /* the two functions keep separate texts */
    CHECK_STR(p1, "[::1]:80");
    CHECK_STR(Sock_ntop((SA *)&a, sizeof a), "127.0.0.1:9877");
    CHECK_STR(Sock_ntop_host((SA *)&a, sizeof a), "127.0.0.1");
}

static void test_ntop_unix_unknown(void)
{
    struct sockaddr_un un;
    struct sockaddr_storage ss;
    socklen_t off = offsetof(struct sockaddr_un, sun_path);
    char *p;

    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    strcpy(un.sun_path, "/tmp/lnp.sock");
    CHECK_STR(sock_ntop((SA *)&un, SUN_LEN(&un)), "/tmp/lnp.sock");
    CHECK_STR(sock_ntop((SA *)&un, sizeof un), "/tmp/lnp.sock");
    CHECK_STR(sock_ntop_host((SA *)&un, sizeof un), "/tmp/lnp.sock");
    /* only as far as salen reaches */
    CHECK_STR(sock_ntop((SA *)&un, off + 4), "/tmp");
    CHECK_STR(sock_ntop((SA *)&un, off), "(no pathname bound)");
    CHECK_STR(sock_ntop((SA *)&un, sizeof(sa_family_t)), "(no pathname bound)");
    un.sun_path[0] = 0; /* unnamed or abstract */
    CHECK_STR(sock_ntop((SA *)&un, sizeof un), "(no pathname bound)");
    CHECK_STR(sock_ntop_host((SA *)&un, sizeof un), "(no pathname bound)");
    /* a full 108-byte path without NUL: never past sun_path */
    memset(&ss, 'Z', sizeof ss);
    ((struct sockaddr_un *)&ss)->sun_family = AF_UNIX;
    memset(((struct sockaddr_un *)&ss)->sun_path, 'q', sizeof un.sun_path);
    p = sock_ntop((SA *)&ss, sizeof ss);
    CHECK_INT(strlen(p), sizeof un.sun_path);
    CHECK(strchr(p, 'Z') == NULL);

    memset(&ss, 0, sizeof ss);
    ss.ss_family = 99;
    CHECK_STR(sock_ntop((SA *)&ss, 16), "sock_ntop: unknown AF_xxx: 99, len 16");
    CHECK_STR(sock_ntop_host((SA *)&ss, 16), "sock_ntop_host: unknown AF_xxx: 99, len 16");
    ss.ss_family = AF_NETLINK;
    CHECK_STR(Sock_ntop((SA *)&ss, 12), "sock_ntop: unknown AF_xxx: 16, len 12");
    /* NULL: the failure value, and the wrappers die */
    errno = 0;
    CHECK(sock_ntop(NULL, 16) == NULL);
    CHECK_INT(errno, EINVAL);
    CHECK(sock_ntop_host(NULL, 16) == NULL);
    EXPECT_EXIT(Sock_ntop(NULL, 16), 1, "sock_ntop error: Invalid argument\n");
    EXPECT_EXIT(Sock_ntop_host(NULL, 16), 1, "sock_ntop_host error: Invalid argument\n");
}

/* Each thread has its own sock_ntop buffer. */
static void *other_thread(void *arg)
{
    struct sockaddr_in a = v4("192.0.2.7", 7);
    char *p = sock_ntop((SA *)&a, sizeof a);

    *(char **)arg = p;
    return strcmp(p, "192.0.2.7:7") == 0 ? p : NULL;
}

static void test_ntop_threads(void)
{
    struct sockaddr_in a = v4("127.0.0.1", 1);
    char *mine = sock_ntop((SA *)&a, sizeof a), *theirs = NULL;
    void *ok;
    pthread_t t;

    pthread_create(&t, NULL, other_thread, &theirs);
    pthread_join(t, &ok);
    CHECK(ok != NULL);
    CHECK(theirs != NULL && theirs != mine);
    CHECK_STR(mine, "127.0.0.1:1");
}

static void test_port_and_cmp(void)
{
    struct sockaddr_in a = v4("127.0.0.1", 9877), b = v4("127.0.0.1", 80), c = v4("10.0.0.1", 9877);
    struct sockaddr_in6 d = v6("::1", 9877), e = v6("::2", 9877);
    struct sockaddr_un u1, u2;
    struct in_addr ia;
    struct in6_addr i6;

    CHECK_INT(sock_get_port((SA *)&a, sizeof a), htons(9877));
    CHECK_INT(sock_get_port((SA *)&d, sizeof d), htons(9877));
    memset(&u1, 0, sizeof u1);
    u1.sun_family = AF_UNIX;
    strcpy(u1.sun_path, "/tmp/a");
    u2 = u1;
    CHECK_INT(sock_get_port((SA *)&u1, sizeof u1), -1);

    CHECK_INT(sock_cmp_addr((SA *)&a, (SA *)&b, sizeof a), 0);
    CHECK(sock_cmp_addr((SA *)&a, (SA *)&c, sizeof a) != 0);
    CHECK_INT(sock_cmp_addr((SA *)&a, (SA *)&d, sizeof a), -1);
    CHECK_INT(sock_cmp_addr((SA *)&d, (SA *)&d, sizeof d), 0);
    CHECK(sock_cmp_addr((SA *)&d, (SA *)&e, sizeof d) != 0);
    CHECK_INT(sock_cmp_addr((SA *)&u1, (SA *)&u2, sizeof u1), 0);
    strcpy(u2.sun_path, "/tmp/b");
    CHECK(sock_cmp_addr((SA *)&u1, (SA *)&u2, sizeof u1) != 0);

    CHECK_INT(sock_cmp_port((SA *)&a, (SA *)&c, sizeof a), 1);
    CHECK_INT(sock_cmp_port((SA *)&a, (SA *)&b, sizeof a), 0);
    CHECK_INT(sock_cmp_port((SA *)&d, (SA *)&e, sizeof d), 1);
    CHECK_INT(sock_cmp_port((SA *)&a, (SA *)&d, sizeof a), -1);
    CHECK_INT(sock_cmp_port((SA *)&u1, (SA *)&u1, sizeof u1), -1);

    /* setters */
    sock_set_port((SA *)&a, sizeof a, htons(1234));
    CHECK_INT(a.sin_port, htons(1234));
    inet_pton(AF_INET, "192.0.2.1", &ia);
    sock_set_addr((SA *)&a, sizeof a, &ia);
    CHECK_STR(sock_ntop((SA *)&a, sizeof a), "192.0.2.1:1234");
    sock_set_wild((SA *)&a, sizeof a);
    CHECK_STR(sock_ntop((SA *)&a, sizeof a), "0.0.0.0:1234");
    inet_pton(AF_INET6, "2001:db8::5", &i6);
    sock_set_addr((SA *)&d, sizeof d, &i6);
    sock_set_port((SA *)&d, sizeof d, htons(7));
    CHECK_STR(sock_ntop((SA *)&d, sizeof d), "[2001:db8::5]:7");
    sock_set_wild((SA *)&d, sizeof d);
    CHECK_STR(sock_ntop((SA *)&d, sizeof d), "[::]:7");
    /* other families are left alone */
    sock_set_port((SA *)&u1, sizeof u1, 99);
    sock_set_wild((SA *)&u1, sizeof u1);
    CHECK_STR(u1.sun_path, "/tmp/a");
}

static void test_bind_wild_family(void)
{
    int has6 = ipv6_loopback();
    int fd4 = Socket(AF_INET, SOCK_DGRAM, 0), fd6 = Socket(has6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    int fdu = Socket(AF_UNIX, SOCK_STREAM, 0), port;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    CHECK_INT(sockfd_to_family(fd4), AF_INET);
    CHECK_INT(sockfd_to_family(fd6), has6 ? AF_INET6 : AF_INET); /* unbound still reports its family */
    CHECK_INT(Sockfd_to_family(fdu), AF_UNIX);
    errno = 0;
    CHECK_INT(sockfd_to_family(-1), -1);
    CHECK_INT(errno, EBADF);
    EXPECT_EXIT(Sockfd_to_family(-1), 1, "sockfd_to_family error: Bad file descriptor\n");

    port = sock_bind_wild(fd4, AF_INET);
    getsockname(fd4, (SA *)&ss, &len);
    CHECK(port > 0);
    CHECK_INT(port, ((struct sockaddr_in *)&ss)->sin_port); /* network byte order */
    CHECK_STR(sock_ntop_host((SA *)&ss, len), "0.0.0.0");
    if (has6) {
        port = Sock_bind_wild(fd6, AF_INET6);
        len = sizeof ss;
        getsockname(fd6, (SA *)&ss, &len);
        CHECK_INT(port, ((struct sockaddr_in6 *)&ss)->sin6_port);
        CHECK_STR(sock_ntop_host((SA *)&ss, len), "::");
    }
    /* already bound: bind's error */
    errno = 0;
    CHECK_INT(sock_bind_wild(fd4, AF_INET), -1);
    CHECK_INT(errno, EINVAL);
    EXPECT_EXIT(Sock_bind_wild(fd4, AF_INET), 1, "sock_bind_wild error: Invalid argument\n");
    /* other families: -1, errno untouched */
    errno = EIO;
    CHECK_INT(sock_bind_wild(fdu, AF_UNIX), -1);
    CHECK_INT(errno, EIO);

    CHECK_INT(family_to_level(AF_INET), IPPROTO_IP);
    CHECK_INT(family_to_level(AF_INET6), IPPROTO_IPV6);
    CHECK_INT(Family_to_level(AF_INET6), IPPROTO_IPV6);
    errno = 0;
    CHECK_INT(family_to_level(AF_UNIX), -1);
    CHECK_INT(errno, EAFNOSUPPORT);
    EXPECT_EXIT(Family_to_level(AF_UNIX), 1, "family_to_level error: Address family not supported by protocol\n");
    close(fd4);
    close(fd6);
    close(fdu);
}

int main(void)
{
    test_ntop_inet();
    test_ntop_unix_unknown();
    test_ntop_threads();
    test_port_and_cmp();
    test_bind_wild_family();
    return check_done("lib_addr");
}
