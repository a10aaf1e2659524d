/* lnp.h's "our socket wrapper functions", without Readline,
   Readn and Writen (tested with readline/readn/writen). */
#include "check.h"

static int inheritable(int fd)
{
    return (fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0;
}

static void loopback(struct sockaddr_in *sin)
{
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* A TCP listener on 127.0.0.1, ephemeral port; its address in *sin. */
static int listener(struct sockaddr_in *sin, int backlog)
{
    socklen_t len = sizeof(*sin);
    int fd = Socket(AF_INET, SOCK_STREAM, 0);

    loopback(sin);
    Bind(fd, (SA *)sin, sizeof(*sin));
    Listen(fd, backlog);
    Getsockname(fd, (SA *)sin, &len);
    return fd;
}

static void on_alarm(int signo)
{
    (void)signo;
}

/* SIGALRM without SA_RESTART in 100 ms, so the next blocking call gets EINTR. */
static void interrupt_soon(void)
{
    struct sigaction sa;
    struct itimerval it = {{0, 0}, {0, 100000}};

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
}

static void accept_interrupted(int lfd)
{
    interrupt_soon();
    Accept(lfd, NULL, NULL);
}

static void select_interrupted(int fd)
{
    fd_set rset;

    FD_ZERO(&rset);
    FD_SET(fd, &rset);
    interrupt_soon();
    Select(fd + 1, &rset, NULL, NULL, NULL);
}

/* How many of 12 non-blocking connects to a listener complete: Linux queues
   backlog + 1 connections and drops further SYNs while nobody accepts. */
static int connections_queued(int backlog)
{
    struct sockaddr_in sin;
    struct pollfd pfd[12];
    int lfd = listener(&sin, backlog), i, done = 0;

    for (i = 0; i < 12; i++) {
        pfd[i].fd = Socket(AF_INET, SOCK_STREAM, 0);
        pfd[i].events = POLLOUT;
        Fcntl(pfd[i].fd, F_SETFL, O_NONBLOCK);
        if (connect(pfd[i].fd, (SA *)&sin, sizeof(sin)) < 0 && errno != EINPROGRESS)
            return -1;
    }
    usleep(300000);
    Poll(pfd, 12, 0);
    for (i = 0; i < 12; i++) {
        int err = -1;
        socklen_t len = sizeof(err);
        if (pfd[i].revents & POLLOUT) {
            Getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
            done += err == 0;
        }
        Close(pfd[i].fd);
    }
    Close(lfd);
    return done;
}

/* A connected TCP pair over loopback: *cli and *srv. */
static void tcp_pair(int *cli, int *srv)
{
    struct sockaddr_in sin, peer;
    socklen_t len = sizeof(peer);
    int lfd = listener(&sin, 5);

    *cli = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(*cli, (SA *)&sin, sizeof(sin));
    *srv = Accept(lfd, (SA *)&peer, &len);
    CHECK_INT(len, sizeof(peer));
    CHECK_INT(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    Close(lfd);
}

/* A non-blocking Unix stream pair; sv[0] fills up after some 200 KB. */
static void full_pair(int sv[2])
{
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Fcntl(sv[0], F_SETFL, O_NONBLOCK);
}

static char big[4 << 20];

static void send_short(int which)
{
    int sv[2];
    struct iovec iov[2] = {{big, sizeof(big) / 2}, {big, sizeof(big) / 2}};
    struct msghdr msg;

    full_pair(sv);
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    errno = 0;
    if (which == 0)
        Send(sv[0], big, sizeof(big), 0);
    else if (which == 1)
        Sendto(sv[0], big, sizeof(big), 0, NULL, 0);
    else
        Sendmsg(sv[0], &msg, 0);
}

int main(void)
{
    struct sockaddr_in sin, addr;
    socklen_t len;
    char buf[MAXLINE];
    int lfd, cli, srv, fd, sv[2], on, n;

    signal(SIGPIPE, SIG_IGN);

    /* Socket, Socketpair: descriptors inherit across exec */
    fd = Socket(AF_INET6, SOCK_DGRAM, 0);
    CHECK(fd >= 0 && inheritable(fd));
    Close(fd);
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK(inheritable(sv[0]) && inheritable(sv[1]));
    Close(sv[0]);
    Close(sv[1]);
    EXPECT_EXIT(Socketpair(AF_INET, SOCK_STREAM, 0, sv), 1, "socketpair error: Operation not supported\n");
    EXPECT_EXIT(Socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), 1, "socket error: Protocol not supported\n");

    /* Bind, Listen, Getsockname, Connect, Accept, Getpeername */
    lfd = listener(&sin, LISTENQ);
    CHECK(sin.sin_port != 0);
    cli = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(cli, (SA *)&sin, sizeof(sin));
    srv = Accept(lfd, NULL, NULL);
    CHECK(srv >= 0 && inheritable(srv));
    len = sizeof(addr);
    Getpeername(cli, (SA *)&addr, &len);
    CHECK(addr.sin_port == sin.sin_port && addr.sin_addr.s_addr == sin.sin_addr.s_addr);
    Getsockname(srv, (SA *)&addr, &len);
    CHECK(addr.sin_port == sin.sin_port);
    EXPECT_EXIT(Bind(lfd, (SA *)&sin, sizeof(sin)), 1, "bind error: Invalid argument\n");
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    on = 0;
    EXPECT_EXIT(Bind(fd, (SA *)&sin, sizeof(sin)), 1, "bind error: Address already in use\n");
    Close(fd);
    EXPECT_EXIT(Listen(-1, 5), 1, "listen error: Bad file descriptor\n");
    EXPECT_EXIT(Accept(-1, NULL, NULL), 1, "accept error: Bad file descriptor\n");
    EXPECT_EXIT(Accept(cli, NULL, NULL), 1, "accept error: Invalid argument\n");
    EXPECT_EXIT(accept_interrupted(lfd), 1, "accept error: Interrupted system call\n");
    EXPECT_EXIT(Getsockname(-1, (SA *)&addr, &len), 1, "getsockname error: Bad file descriptor\n");
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EXIT(Getpeername(fd, (SA *)&addr, &len), 1, "getpeername error: Transport endpoint is not connected\n");
    EXPECT_EXIT(Shutdown(fd, SHUT_WR), 1, "shutdown error: Transport endpoint is not connected\n");
    /* a bound port without a listener answers with RST */
    loopback(&addr);
    Bind(fd, (SA *)&addr, sizeof(addr));
    len = sizeof(addr);
    Getsockname(fd, (SA *)&addr, &len);
    {
        int c2 = Socket(AF_INET, SOCK_STREAM, 0);
        EXPECT_EXIT(Connect(c2, (SA *)&addr, sizeof(addr)), 1, "connect error: Connection refused\n");
        Close(c2);
    }
    Close(fd);

    /* Getsockopt, Setsockopt */
    on = 1;
    Setsockopt(cli, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    on = 0;
    len = sizeof(on);
    Getsockopt(cli, SOL_SOCKET, SO_KEEPALIVE, &on, &len);
    CHECK_INT(on, 1);
    EXPECT_EXIT(Setsockopt(cli, SOL_SOCKET, 12345, &on, sizeof(on)), 1, "setsockopt error: Protocol not available\n");
    EXPECT_EXIT(Getsockopt(cli, SOL_SOCKET, 12345, &on, &len), 1, "getsockopt error: Protocol not available\n");

    /* Send, Recv, Sendto, Recvfrom, Sendmsg, Recvmsg */
    Send(cli, "one", 3, 0);
    CHECK_INT(Recv(srv, buf, 3, MSG_WAITALL), 3);
    CHECK(memcmp(buf, "one", 3) == 0);
    Sendto(srv, "two", 3, 0, NULL, 0);
    len = sizeof(addr);
    CHECK_INT(Recvfrom(cli, buf, 3, MSG_WAITALL, (SA *)&addr, &len), 3);
    CHECK(memcmp(buf, "two", 3) == 0);
    {
        struct iovec iov[3] = {{(void *)"th", 2}, {(void *)"", 0}, {(void *)"ree", 3}};
        struct msghdr msg;
        memset(&msg, 0, sizeof(msg));
        msg.msg_iov = iov;
        msg.msg_iovlen = 3;
        Sendmsg(cli, &msg, 0);
        iov[0].iov_base = buf;
        iov[0].iov_len = 5;
        msg.msg_iovlen = 1;
        CHECK_INT(Recvmsg(srv, &msg, MSG_WAITALL), 5);
        CHECK(memcmp(buf, "three", 5) == 0);
        EXPECT_EXIT(Recvmsg(-1, &msg, 0), 1, "recvmsg error: Bad file descriptor\n");
        EXPECT_EXIT(Sendmsg(-1, &msg, 0), 1, "sendmsg error: Bad file descriptor\n");
    }
    fd = Open("/dev/null", O_RDONLY, 0);
    EXPECT_EXIT(Recv(fd, buf, 1, 0), 1, "recv error: Socket operation on non-socket\n");
    Close(fd);
    EXPECT_EXIT(Recvfrom(-1, buf, 1, 0, NULL, NULL), 1, "recvfrom error: Bad file descriptor\n");
    EXPECT_EXIT(Send(-1, "x", 1, 0), 1, "send error: Bad file descriptor\n");
    EXPECT_EXIT(Sendto(-1, "x", 1, 0, NULL, 0), 1, "sendto error: Bad file descriptor\n");
    /* a short transfer is fatal; nothing set errno, so the text is stale */
    EXPECT_EXIT(send_short(0), 1, "send error: Success\n");
    EXPECT_EXIT(send_short(1), 1, "sendto error: Success\n");
    EXPECT_EXIT(send_short(2), 1, "sendmsg error: Success\n");
    /* UDP: Sendto with an address, Recvfrom reports the sender */
    {
        int u1 = Socket(AF_INET, SOCK_DGRAM, 0), u2 = Socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in a1, a2, from;
        loopback(&a1);
        Bind(u1, (SA *)&a1, sizeof(a1));
        len = sizeof(a1);
        Getsockname(u1, (SA *)&a1, &len);
        loopback(&a2);
        Bind(u2, (SA *)&a2, sizeof(a2));
        len = sizeof(a2);
        Getsockname(u2, (SA *)&a2, &len);
        Sendto(u2, "dgram", 5, 0, (SA *)&a1, sizeof(a1));
        len = sizeof(from);
        CHECK_INT(Recvfrom(u1, buf, sizeof(buf), 0, (SA *)&from, &len), 5);
        CHECK(from.sin_port == a2.sin_port);
        EXPECT_EXIT(Sendto(u1, buf, 70000, 0, (SA *)&a2, sizeof(a2)), 1, "sendto error: Message too long\n");
        Close(u1);
        Close(u2);
    }

    /* Select: ready, timeout, EINTR fatal, errors */
    {
        fd_set rset;
        struct timeval tv = {0, 0};
        FD_ZERO(&rset);
        FD_SET(srv, &rset);
        CHECK_INT(Select(srv + 1, &rset, NULL, NULL, &tv), 0);
        Send(cli, "x", 1, 0);
        FD_SET(srv, &rset);
        tv.tv_sec = 5;
        CHECK_INT(Select(srv + 1, &rset, NULL, NULL, &tv), 1);
        CHECK(FD_ISSET(srv, &rset));
        CHECK_INT(Recv(srv, buf, 1, 0), 1);
        EXPECT_EXIT(select_interrupted(srv), 1, "select error: Interrupted system call\n");
        tv.tv_sec = -1;
        EXPECT_EXIT(Select(srv + 1, &rset, NULL, NULL, &tv), 1, "select error: Invalid argument\n");
    }

    /* Poll */
    {
        struct pollfd pfd = {srv, POLLIN, 0};
        CHECK_INT(Poll(&pfd, 1, 0), 0);
        Send(cli, "y", 1, 0);
        CHECK_INT(Poll(&pfd, 1, 5000), 1);
        CHECK(pfd.revents & POLLIN);
        CHECK_INT(Recv(srv, buf, 1, 0), 1);
        EXPECT_EXIT(Poll(NULL, 1, 0), 1, "poll error: Bad address\n");
    }

    /* Sockatmark: 0 before the out-of-band mark, 1 at it */
    CHECK_INT(Sockatmark(srv), 0);
    Send(cli, "ab", 2, 0);
    Send(cli, "c", 1, MSG_OOB);
    usleep(100000);
    CHECK_INT(Sockatmark(srv), 0);
    CHECK_INT(Recv(srv, buf, sizeof(buf), 0), 2); /* a read stops at the mark */
    CHECK_INT(Sockatmark(srv), 1);
    CHECK_INT(Recv(srv, buf, 1, MSG_OOB), 1);
    CHECK(buf[0] == 'c');
    EXPECT_EXIT(Sockatmark(-1), 1, "sockatmark error: Bad file descriptor\n");
    {
        int fds[2];
        Pipe(fds);
        EXPECT_EXIT(Sockatmark(fds[0]), 1, "sockatmark error: Inappropriate ioctl for device\n");
        Close(fds[0]);
        Close(fds[1]);
    }

    /* Shutdown: the peer reads EOF */
    Shutdown(cli, SHUT_WR);
    CHECK_INT(Recv(srv, buf, sizeof(buf), 0), 0);
    EXPECT_EXIT(Shutdown(cli, 99), 1, "shutdown error: Invalid argument\n");
    Close(cli);
    Close(srv);
    Close(lfd);

    /* tcp_pair exercises Accept's address results */
    tcp_pair(&cli, &srv);
    Close(cli);
    Close(srv);

    /* Listen: the LISTENQ environment variable replaces the backlog */
    unsetenv("LISTENQ");
    n = connections_queued(4);
    CHECK_INT(n, 5);
    setenv("LISTENQ", "1", 1);
    n = connections_queued(100);
    CHECK_INT(n, 2);
    setenv("LISTENQ", "3", 1);
    n = connections_queued(0);
    CHECK_INT(n, 4);
    unsetenv("LISTENQ");

    /* Inet6_rth_*: buffer operations on a type-0 routing header */
    {
        union { char b[256]; uint64_t align; } rth, rev;
        struct in6_addr a1, a2, *got;
        CHECK_INT(Inet6_rth_space(0, 1), 24);
        CHECK_INT(Inet6_rth_space(0, 2), 40);
        CHECK_INT(Inet6_rth_space(5, 1), 0); /* glibc's 0: the < 0 check never fires */
        inet_pton(AF_INET6, "2001:db8::1", &a1);
        inet_pton(AF_INET6, "2001:db8::2", &a2);
        CHECK(Inet6_rth_init(rth.b, Inet6_rth_space(0, 2), 0, 2) == rth.b);
        Inet6_rth_add(rth.b, &a1);
        Inet6_rth_add(rth.b, &a2);
        CHECK_INT(Inet6_rth_segments(rth.b), 2);
        got = Inet6_rth_getaddr(rth.b, 1);
        CHECK(memcmp(got, &a2, sizeof(a2)) == 0);
        Inet6_rth_reverse(rth.b, rev.b);
        CHECK(memcmp(Inet6_rth_getaddr(rev.b, 0), &a2, sizeof(a2)) == 0);
        EXPECT_EXIT(Inet6_rth_add(rth.b, &a1), 1, "inet6_rth_add error\n");
        EXPECT_EXIT(Inet6_rth_getaddr(rth.b, 2), 1, "inet6_rth_getaddr error\n");
        EXPECT_EXIT(Inet6_rth_init(rth.b, 8, 0, 2), 1, "inet6_rth_init error\n");
        rth.b[2] = 5; /* an unknown routing type */
        EXPECT_EXIT(Inet6_rth_segments(rth.b), 1, "inet6_rth_segments error\n");
        EXPECT_EXIT(Inet6_rth_reverse(rth.b, rev.b), 1, "inet6_rth_reverse error\n");
    }

    return check_done("wrap_sock");
}
