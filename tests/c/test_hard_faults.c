/*
 * Faults: a peer that resets (RST) before or during a write, a peer that
 * closes mid-line, a descriptor closed or shut down under a reader, EINTR on
 * the blocking calls (retried by readn/readline/writen/str_echo, fatal for
 * Read/Accept/Select), and descriptor exhaustion (EMFILE).  Each must behave
 * as README.md documents; dying paths run in a child (EXPECT_EXIT).
 */
#include "check.h"
#include <pthread.h>
#include <sys/time.h>

static int nsignals;
static void on_signal(int signo) { (void)signo; nsignals++; }

/* Install a handler without SA_RESTART, so blocking calls fail with EINTR. */
static void interrupting(int signo)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(signo, &sa, NULL);
}

/* SIGALRM after usec microseconds, then every interval_usec (0: once). */
static void alarm_in(long usec, long interval_usec)
{
    struct itimerval it;

    memset(&it, 0, sizeof(it));
    it.it_value.tv_sec = usec / 1000000;
    it.it_value.tv_usec = usec % 1000000;
    it.it_interval.tv_sec = interval_usec / 1000000;
    it.it_interval.tv_usec = interval_usec % 1000000;
    setitimer(ITIMER_REAL, &it, NULL);
}

/* A connected TCP loopback pair and, optionally, its listening socket. */
static void tcp_pair(int *a, int *b, int *listener)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int lfd = Socket(AF_INET, SOCK_STREAM, 0);

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Bind(lfd, (SA *)&sin, sizeof(sin));
    Listen(lfd, 16);
    Getsockname(lfd, (SA *)&sin, &len);
    *a = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(*a, (SA *)&sin, sizeof(sin));
    *b = Accept(lfd, NULL, NULL);
    if (listener)
        *listener = lfd;
    else
        close(lfd);
}

/* Close with an RST instead of a FIN. */
static void reset_close(int fd)
{
    struct linger lg = {1, 0};

    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(fd);
    usleep(50000);
}

static void *shutdown_later(void *arg)
{
    usleep(100000);
    shutdown(*(int *)arg, SHUT_RD);
    return NULL;
}

static void peer_resets(void)
{
    static char big[1 << 20];
    int a, b;

    /* An RST received before the write: the first write fails with ECONNRESET. */
    tcp_pair(&a, &b, NULL);
    reset_close(b);
    EXPECT_EXIT(Writen(a, "x", 1), 1, "writen error: Connection reset by peer\n");
    close(a);

    /* An RST while Writen is blocked in the middle of 8 MB: same message.
       The peer process holds the only copy of its end, so its close resets. */
    tcp_pair(&a, &b, NULL);
    pid_t peer = fork();
    if (peer == 0) {
        char buf[4096];
        close(a);
        Readn(b, buf, sizeof(buf));
        usleep(100000);
        reset_close(b);
        _exit(0);
    }
    close(b);
    EXPECT_EXIT(({
                    for (int i = 0; i < 8; i++)
                        Writen(a, big, sizeof(big));
                }),
                1, "writen error: Connection reset by peer\n");
    waitpid(peer, NULL, 0);
    close(a);

    /* The book's rule (§5.12-5.13): the peer has closed; the first write
       elicits an RST; the next write raises SIGPIPE, which kills a process
       with the default disposition ... */
    tcp_pair(&a, &b, NULL);
    close(b);
    usleep(50000);
    EXPECT_EXIT((signal(SIGPIPE, SIG_DFL), writen(a, "first", 5) == 5 || fprintf(stderr, "first write failed\n"),
                 usleep(50000), writen(a, "second", 6)),
                128 + SIGPIPE, "");
    /* ... and with SIGPIPE ignored, Writen reports EPIPE. */
    EXPECT_EXIT((signal(SIGPIPE, SIG_IGN), writen(a, "first", 5), usleep(50000), Writen(a, "second", 6)), 1,
                "writen error: Broken pipe\n");
    close(a);

    /* Readline and Readn on a connection the peer reset. */
    tcp_pair(&a, &b, NULL);
    CHECK_INT(writen(b, "partial", 7), 7);
    reset_close(b);
    EXPECT_EXIT(({ char buf[64]; Readn(a, buf, sizeof(buf)); }), 1, "readn error: Connection reset by peer\n");
    close(a);
    tcp_pair(&a, &b, NULL);
    CHECK_INT(writen(b, "partial", 7), 7);
    reset_close(b);
    EXPECT_EXIT(({ char buf[64]; Readline(a, buf, sizeof(buf)); }), 1, "readline error: Connection reset by peer\n");
    close(a);
}

static void closed_under_reader(void)
{
    char buf[MAXLINE];
    int sv[2], fd;
    pthread_t tid;

    /* Peer closes mid-line: readline returns the tail, then 0. */
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK_INT(writen(sv[0], "no newline", 10), 10);
    close(sv[0]);
    CHECK_INT(readline(sv[1], buf, sizeof(buf)), 10);
    CHECK_STR(buf, "no newline");
    CHECK_INT(readline(sv[1], buf, sizeof(buf)), 0);
    CHECK_STR(buf, "");
    close(sv[1]);

    /* str_cli against a server that closed without echoing (book §5.12). */
    {
        int a, b;
        tcp_pair(&a, &b, NULL);
        close(b);
        usleep(50000);
        EXPECT_EXIT(({
                        FILE *in = fmemopen("hello\n", 6, "r");
                        str_cli(in, a);
                    }),
                    1, "str_cli: server terminated prematurely\n");
        close(a);
    }

    /* A descriptor closed before the read: EBADF, fatal in Readline/Readn. */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    close(fd);
    errno = 0;
    CHECK_INT(readline(fd, buf, sizeof(buf)), -1);
    CHECK_INT(errno, EBADF);
    CHECK_INT(readn(fd, buf, 10), -1);
    CHECK_INT(errno, EBADF);
    CHECK_INT(writen(fd, "x", 1), -1);
    CHECK_INT(errno, EBADF);
    EXPECT_EXIT(Readline(fd, buf, sizeof(buf)), 1, "readline error: Bad file descriptor\n");
    EXPECT_EXIT(Readn(fd, buf, 10), 1, "readn error: Bad file descriptor\n");
    EXPECT_EXIT(Writen(fd, "x", 1), 1, "writen error: Bad file descriptor\n");

    /* A reader blocked in readline when another thread shuts the socket
       down for reading: it wakes up and sees EOF.  (close() from another
       thread does not wake a blocked read on Linux; shutdown does.) */
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pthread_create(&tid, NULL, shutdown_later, &sv[1]);
    CHECK_INT(readline(sv[1], buf, sizeof(buf)), 0);
    pthread_join(tid, NULL);
    close(sv[0]);
    close(sv[1]);
}

static void eintr(void)
{
    char buf[MAXLINE];
    int a, b, lfd;
    pid_t pid;

    interrupting(SIGALRM);

    /* readline and readn retry EINTR: the writer pauses mid-line while an
       alarm interrupts the blocked read. */
    tcp_pair(&a, &b, NULL);
    if ((pid = fork()) == 0) {
        writen(b, "first half ", 11);
        usleep(200000);
        writen(b, "second half\n", 12);
        usleep(200000);
        writen(b, "more bytes", 10);
        _exit(0);
    }
    nsignals = 0;
    alarm_in(50000, 0);
    CHECK_INT(readline(a, buf, sizeof(buf)), 23);
    CHECK_STR(buf, "first half second half\n");
    CHECK_INT(nsignals, 1);
    alarm_in(50000, 0);
    CHECK_INT(readn(a, buf, 10), 10);          /* blocks, interrupted, retried */
    CHECK(memcmp(buf, "more bytes", 10) == 0);
    CHECK_INT(nsignals, 2);
    waitpid(pid, NULL, 0);
    close(a);
    close(b);

    /* writen retries EINTR and resumes after partial writes: 4 MB through a
       reader that starts late, with an alarm every 10 ms.  Small socket
       buffers make the writer block until the reader starts, however fast
       or loaded the machine, so the alarms surely land inside writen. */
    tcp_pair(&a, &b, NULL);
    {
        int small = 16384;

        setsockopt(a, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
        setsockopt(b, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
    }
    if ((pid = fork()) == 0) {
        static char in[4 << 20];
        usleep(100000);
        ssize_t n = readn(b, in, sizeof(in));
        for (ssize_t i = 0; i < n; i++)
            if (in[i] != (char)(i % 251))
                _exit(2);
        _exit(n == (ssize_t)sizeof(in) ? 0 : 3);
    }
    {
        static char out[4 << 20];
        int st;
        for (size_t i = 0; i < sizeof(out); i++)
            out[i] = (char)(i % 251);
        nsignals = 0;
        alarm_in(10000, 10000);
        CHECK_INT(writen(a, out, sizeof(out)), (long long)sizeof(out));
        alarm_in(0, 0);
        CHECK(nsignals > 0);
        waitpid(pid, &st, 0);
        CHECK_INT(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), 0);
    }
    close(a);
    close(b);

    /* str_echo keeps echoing through EINTR (signals every 5 ms). */
    tcp_pair(&a, &b, NULL);
    if ((pid = fork()) == 0) {
        close(a);
        alarm_in(5000, 5000);
        str_echo(b);
        _exit(0);
    }
    close(b);
    {
        int ok = 1;
        for (int i = 0; i < 300 && ok; i++) {
            char line[64], got[MAXLINE];
            int len = snprintf(line, sizeof(line), "echo line %d\n", i);
            if (writen(a, line, len) != len || readline(a, got, sizeof(got)) != len || strcmp(got, line) != 0)
                ok = 0;
            usleep(100);
        }
        CHECK(ok);
        shutdown(a, SHUT_WR);
        CHECK_INT(readline(a, buf, sizeof(buf)), 0);
        int st;
        waitpid(pid, &st, 0);
        CHECK_INT(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), 0);
    }
    close(a);

    /* Read, Accept and Select treat EINTR as fatal. */
    tcp_pair(&a, &b, &lfd);
    EXPECT_EXIT((interrupting(SIGALRM), alarm_in(50000, 0), Read(a, buf, sizeof(buf))), 1,
                "read error: Interrupted system call\n");
    EXPECT_EXIT((interrupting(SIGALRM), alarm_in(50000, 0), Accept(lfd, NULL, NULL)), 1,
                "accept error: Interrupted system call\n");
    EXPECT_EXIT(({
                    fd_set rs;
                    FD_ZERO(&rs);
                    FD_SET(a, &rs);
                    interrupting(SIGALRM);
                    alarm_in(50000, 0);
                    Select(a + 1, &rs, NULL, NULL, NULL);
                }),
                1, "select error: Interrupted system call\n");
    /* The other blocking wrappers do not retry either. */
#define DIES_OF_EINTR(stmt, text) \
    EXPECT_EXIT((interrupting(SIGALRM), alarm_in(50000, 0), (stmt)), 1, text ": Interrupted system call\n")
    DIES_OF_EINTR(Recv(a, buf, sizeof(buf), 0), "recv error");
    DIES_OF_EINTR(Recvfrom(a, buf, sizeof(buf), 0, NULL, NULL), "recvfrom error");
    DIES_OF_EINTR(({ struct pollfd p = {a, POLLIN, 0}; Poll(&p, 1, -1); }), "poll error");
    DIES_OF_EINTR(Readable_timeo(a, 5), "readable_timeo error");
    DIES_OF_EINTR(({ pid_t kid = fork(); if (kid == 0) { usleep(300000); _exit(0); } Wait(NULL); }), "wait error");
    DIES_OF_EINTR(({ FILE *fp = fdopen(dup(a), "r"); char line[64]; Fgets(line, sizeof(line), fp); }), "fgets error");
#undef DIES_OF_EINTR
    /* Readline, unlike Read, retries: after the alarm it still gets the line. */
    EXPECT_EXIT(({
                    interrupting(SIGALRM);
                    alarm_in(50000, 0);
                    if (fork() == 0) {
                        usleep(150000);
                        writen(b, "late\n", 5);
                        _exit(0);
                    }
                    printf("%zd %s", Readline(a, buf, sizeof(buf)), buf);
                }),
                0, "");
    CHECK_STR(check_out, "5 late\n");
    close(a);
    close(b);
    close(lfd);
    signal(SIGALRM, SIG_DFL);
}

/* Free descriptors again at exit, for LeakSanitizer's exit-time check
   (registered after it, so it runs first). */
static void release_fds(void)
{
    for (int fd = 3; fd < 64; fd++)
        close(fd);
}

static void emfile(void)
{
    int a, b, lfd;

    /* Accept when every descriptor is in use: the book's message. */
    tcp_pair(&a, &b, &lfd);
    EXPECT_EXIT(({
                    int c = Socket(AF_INET, SOCK_STREAM, 0);
                    struct sockaddr_in sin;
                    socklen_t len = sizeof(sin);
                    struct rlimit rl;
                    Getsockname(lfd, (SA *)&sin, &len);
                    Connect(c, (SA *)&sin, sizeof(sin));
                    getrlimit(RLIMIT_NOFILE, &rl);
                    rl.rlim_cur = 64;
                    setrlimit(RLIMIT_NOFILE, &rl);
                    atexit(release_fds);
                    while (dup(0) >= 0)
                        ;
                    Accept(lfd, NULL, NULL);
                }),
                1, "accept error: Too many open files\n");
    EXPECT_EXIT(({
                    struct rlimit rl;
                    getrlimit(RLIMIT_NOFILE, &rl);
                    rl.rlim_cur = 64;
                    setrlimit(RLIMIT_NOFILE, &rl);
                    atexit(release_fds);
                    while (dup(0) >= 0)
                        ;
                    Socket(AF_INET, SOCK_STREAM, 0);
                }),
                1, "socket error: Too many open files\n");
    close(a);
    close(b);
    close(lfd);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    peer_resets();
    closed_under_reader();
    eintr();
    emfile();
    return check_done("hard_faults");
}
