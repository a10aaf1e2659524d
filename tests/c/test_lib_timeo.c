/* connect_timeo, connect_nonb, readable_timeo, writable_timeo, tv_sub,
   gf_time and their wrappers.  A connect that hangs is made with a listener whose
   accept queue is full (listen backlog 0, already holding connections). */
#include "check.h"
#include <pthread.h>
#include <sys/time.h>

static struct sockaddr_in target;
static socklen_t target_len = sizeof target;

/* A loopback listener whose accept queue is full: further SYNs are dropped. */
static int full_listener(void)
{
    int l = Socket(AF_INET, SOCK_STREAM, 0), i, c;

    memset(&target, 0, sizeof target);
    target.sin_family = AF_INET;
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Bind(l, (SA *)&target, sizeof target);
    listen(l, 0);
    target_len = sizeof target;
    getsockname(l, (SA *)&target, &target_len);
    for (i = 0; i < 3; i++) {
        c = Socket(AF_INET, SOCK_STREAM, 0);
        fcntl(c, F_SETFL, O_NONBLOCK);
        connect(c, (SA *)&target, target_len); /* left open: they fill the queue */
    }
    usleep(100000);
    return l;
}

/* A listener that accepts (backlog 1024) and the address of a closed port. */
static int open_listener(struct sockaddr_in *sin, struct sockaddr_in *closed)
{
    int l = Tcp_listen("127.0.0.1", "0", NULL), t = Tcp_listen("127.0.0.1", "0", NULL);
    socklen_t len = sizeof *sin;

    getsockname(l, (SA *)sin, &len);
    len = sizeof *closed;
    getsockname(t, (SA *)closed, &len);
    close(t);
    return l;
}

static double since(struct timeval *t0)
{
    struct timeval t1;

    gettimeofday(&t1, NULL);
    tv_sub(&t1, t0);
    return t1.tv_sec + t1.tv_usec / 1e6;
}

static int is_closed(int fd)
{
    return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

static void empty_handler(int signo) {}

static void test_connect_timeo(void)
{
    struct sockaddr_in ok, closed;
    struct sigaction sa;
    struct timeval t0;
    int l = open_listener(&ok, &closed), fd, fl;

    /* success; the caller's SIGALRM handler comes back (through Signal: no SA_RESTART) */
    Signal(SIGALRM, empty_handler);
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    CHECK_INT(connect_timeo(fd, (SA *)&ok, sizeof ok, 5), 0);
    CHECK_INT(alarm(0), 0);
    sigaction(SIGALRM, NULL, &sa);
    CHECK(sa.sa_handler == empty_handler);
    CHECK_INT(sa.sa_flags & SA_RESTART, 0);
    close(fd);
    Signal(SIGALRM, SIG_DFL);
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    Connect_timeo(fd, (SA *)&ok, sizeof ok, 5);
    sigaction(SIGALRM, NULL, &sa);
    CHECK(sa.sa_handler == SIG_DFL);
    close(fd);

    /* refused: -1, errno, descriptor closed */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    CHECK_INT(connect_timeo(fd, (SA *)&closed, sizeof closed, 5), -1);
    CHECK_INT(errno, ECONNREFUSED);
    CHECK(is_closed(fd));
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EXIT(Connect_timeo(fd, (SA *)&closed, sizeof closed, 5), 1, "connect_timeo error: Connection refused\n");
    close(fd);

    /* a pending alarm is reported (and lost) */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EXIT((alarm(100), exit(connect_timeo(fd, (SA *)&ok, sizeof ok, 5) == 0 && alarm(0) == 0 ? 0 : 2)),
                0, "connect_timeo: alarm was already set\n");
    close(fd);
    close(l);

    /* timeout: ETIMEDOUT after about nsec seconds */
    l = full_listener();
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    gettimeofday(&t0, NULL);
    errno = 0;
    CHECK_INT(connect_timeo(fd, (SA *)&target, target_len, 1), -1);
    CHECK_INT(errno, ETIMEDOUT);
    CHECK(since(&t0) >= 0.9 && since(&t0) < 5);
    CHECK(is_closed(fd));
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EXIT(Connect_timeo(fd, (SA *)&target, target_len, 1), 1, "connect_timeo error: Connection timed out\n");
    close(fd);

    /* connect_nonb: timeout closes the descriptor */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    gettimeofday(&t0, NULL);
    errno = 0;
    CHECK_INT(connect_nonb(fd, (SA *)&target, target_len, 1), -1);
    CHECK_INT(errno, ETIMEDOUT);
    CHECK(since(&t0) >= 0.9 && since(&t0) < 5);
    CHECK(is_closed(fd));
    /* EINTR in its Select is fatal */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    {
        struct itimerval it = {{0, 100000}, {0, 100000}}; /* repeats: see below */
        EXPECT_EXIT((Signal_intr(SIGALRM, empty_handler), setitimer(ITIMER_REAL, &it, NULL),
                     connect_nonb(fd, (SA *)&target, target_len, 0)),
                    1, "select error: Interrupted system call\n");
    }
    close(fd);
    close(l);

    /* connect_nonb success: flags restored */
    l = open_listener(&ok, &closed);
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    CHECK_INT(connect_nonb(fd, (SA *)&ok, sizeof ok, 5), 0);
    CHECK_INT(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    CHECK_INT(connect_nonb(fd, (SA *)&ok, sizeof ok, 0), 0); /* 0: no time limit */
    close(fd);
    /* refused: the pending error, descriptor closed */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    CHECK_INT(connect_nonb(fd, (SA *)&closed, sizeof closed, 5), -1);
    CHECK_INT(errno, ECONNREFUSED);
    CHECK(is_closed(fd));
    /* an immediate failure other than EINPROGRESS: -1, still open and non-blocking */
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    CHECK_INT(connect_nonb(fd, (SA *)&ok, 4, 5), -1);
    CHECK_INT(errno, EINVAL);
    fl = fcntl(fd, F_GETFL);
    CHECK(fl != -1 && (fl & O_NONBLOCK));
    close(fd);
    /* a Unix-domain connect completes at once */
    {
        int sv[2], u;
        struct sockaddr_un un;
        char path[] = "/tmp/lnp-nonb-XXXXXX";

        close(mkstemp(path));
        unlink(path);
        memset(&un, 0, sizeof un);
        un.sun_family = AF_UNIX;
        strcpy(un.sun_path, path);
        sv[0] = Socket(AF_UNIX, SOCK_STREAM, 0);
        Bind(sv[0], (SA *)&un, sizeof un);
        listen(sv[0], 5);
        u = Socket(AF_UNIX, SOCK_STREAM, 0);
        CHECK_INT(connect_nonb(u, (SA *)&un, sizeof un, 1), 0);
        CHECK_INT(fcntl(u, F_GETFL) & O_NONBLOCK, 0);
        close(u);
        close(sv[0]);
        unlink(path);
    }
    EXPECT_EXIT(connect_nonb(-1, (SA *)&ok, sizeof ok, 1), 1, "fcntl error: Bad file descriptor\n");
    close(l);
}

static void test_readable_writable(void)
{
    int sv[2], n = 0;
    char buf[4096];
    /* a repeating timer, so that a select entered late is still interrupted */
    struct itimerval it = {{0, 100000}, {0, 100000}}, off = {{0, 0}, {0, 0}};

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK_INT(readable_timeo(sv[0], 0), 0);
    CHECK_INT(Readable_timeo(sv[0], 0), 0);
    write(sv[1], "x", 1);
    CHECK_INT(readable_timeo(sv[0], 1), 1);
    CHECK_INT(Readable_timeo(sv[0], 1), 1);
    CHECK_INT(writable_timeo(sv[1], 1), 1);
    CHECK_INT(Writable_timeo(sv[1], 0), 1);
    /* fill the pair: no longer writable */
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    memset(buf, 'f', sizeof buf);
    while (write(sv[1], buf, sizeof buf) > 0 && n < 100000)
        n++;
    CHECK_INT(writable_timeo(sv[1], 0), 0);
    /* errors */
    errno = 0;
    CHECK_INT(readable_timeo(-1, 0), -1);
    CHECK_INT(errno, EBADF);
    errno = 0;
    CHECK_INT(writable_timeo(-1, 0), -1);
    CHECK_INT(errno, EBADF);
    EXPECT_EXIT(Readable_timeo(-1, 0), 1, "readable_timeo error: Bad file descriptor\n");
    EXPECT_EXIT(Writable_timeo(-1, 0), 1, "writable_timeo error: Bad file descriptor\n");
    /* EINTR is not retried */
    {
        int c[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, c);
        Signal_intr(SIGALRM, empty_handler);
        setitimer(ITIMER_REAL, &it, NULL);
        errno = 0;
        CHECK_INT(readable_timeo(c[0], 5), -1);
        CHECK_INT(errno, EINTR);
        setitimer(ITIMER_REAL, &off, NULL);
        EXPECT_EXIT((setitimer(ITIMER_REAL, &it, NULL), Readable_timeo(c[0], 5)), 1,
                    "readable_timeo error: Interrupted system call\n");
        Signal(SIGALRM, SIG_DFL);
        close(c[0]);
        close(c[1]);
    }
    close(sv[0]);
    close(sv[1]);
}

static void test_tv_sub(void)
{
    struct timeval a = {5, 100}, b = {2, 200}, c = {5, 300}, d = {2, 200};

    tv_sub(&a, &b);
    CHECK_INT(a.tv_sec, 2);
    CHECK_INT(a.tv_usec, 999900);
    tv_sub(&c, &d);
    CHECK_INT(c.tv_sec, 3);
    CHECK_INT(c.tv_usec, 100);
    tv_sub(&c, &c);
    CHECK_INT(c.tv_sec, 0);
    CHECK_INT(c.tv_usec, 0);
}

static int gf_format_ok(const char *s)
{
    int i;

    if (strlen(s) != 15 || s[2] != ':' || s[5] != ':' || s[8] != '.')
        return 0;
    for (i = 0; i < 15; i++)
        if (i != 2 && i != 5 && i != 8 && (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

static void *gf_thread(void *arg)
{
    return gf_time();
}

static void test_gf_time(void)
{
    char *p, *q, want[16], copy[32];
    void *other;
    pthread_t t;
    struct timeval tv;
    struct tm tm;
    int tries;

    p = gf_time();
    CHECK(gf_format_ok(p));
    q = gf_time();
    CHECK(p == q);
    pthread_create(&t, NULL, gf_thread, NULL);
    pthread_join(t, &other);
    CHECK(other != p);
    /* local time, and a TZ changed since the last call is honoured */
    for (tries = 0; tries < 3; tries++) {
        setenv("TZ", "UTC0", 1);
        gettimeofday(&tv, NULL);
        strcpy(copy, gf_time());
        gmtime_r(&tv.tv_sec, &tm);
        strftime(want, sizeof want, "%H:%M:%S", &tm);
        if (strncmp(copy, want, 8) == 0)
            break;
    }
    CHECK(strncmp(copy, want, 8) == 0);
    for (tries = 0; tries < 3; tries++) {
        setenv("TZ", "XYZ-5", 1); /* UTC+5 */
        gettimeofday(&tv, NULL);
        strcpy(copy, gf_time());
        tv.tv_sec += 5 * 3600;
        gmtime_r(&tv.tv_sec, &tm);
        strftime(want, sizeof want, "%H:%M:%S", &tm);
        if (strncmp(copy, want, 8) == 0)
            break;
    }
    CHECK(strncmp(copy, want, 8) == 0);
    unsetenv("TZ");
}

int main(void)
{
    test_connect_timeo();
    test_readable_writable();
    test_tv_sub();
    test_gf_time();
    return check_done("lib_timeo");
}
