/* readn, writen, readline, readlinebuf and Readn, Writen, Readline. */
#include "check.h"
#include <pthread.h>
#include <sys/time.h>

static void pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        perror("socketpair");
        exit(2);
    }
}

static void put(int fd, const char *s)
{
    if (write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
        perror("write");
        exit(2);
    }
}

/* Consume whatever this thread's readline buffer still holds. */
static void drain_linebuf(void)
{
    void *p;
    ssize_t left = readlinebuf(&p);
    int sv[2];
    char tmp[MAXLINE];

    if (left <= 0)
        return;
    pair(sv);
    close(sv[1]);
    while (readline(sv[0], tmp, sizeof tmp) > 0)
        ;
    close(sv[0]);
}

static void test_readline_basic(void)
{
    int sv[2];
    char buf[64];
    void *p = NULL;

    pair(sv);
    put(sv[1], "abcdefgh\n");
    /* maxlen quirk: 4 bytes stored, no newline -> returns maxlen */
    CHECK_INT(readline(sv[0], buf, 5), 5);
    CHECK_STR(buf, "abcd");
    CHECK_INT(readlinebuf(&p), 5);
    CHECK(p != NULL && memcmp(p, "efgh\n", 5) == 0);
    /* maxlen 1 -> 1 and "", nothing consumed; maxlen 0 behaves like 1 */
    strcpy(buf, "zz");
    CHECK_INT(readline(sv[0], buf, 1), 1);
    CHECK_INT(buf[0], 0);
    strcpy(buf, "zz");
    CHECK_INT(readline(sv[0], buf, 0), 1);
    CHECK_INT(buf[0], 0);
    CHECK_INT(buf[1], 'z');
    CHECK_INT(readline(sv[0], buf, sizeof buf), 5);
    CHECK_STR(buf, "efgh\n");
    CHECK_INT(readlinebuf(&p), 0);

    /* several lines in one read, then EOF in the middle of a line */
    put(sv[1], "one\ntwo\nthr");
    shutdown(sv[1], SHUT_WR);
    CHECK_INT(readline(sv[0], buf, sizeof buf), 4);
    CHECK_STR(buf, "one\n");
    CHECK_INT(readline(sv[0], buf, sizeof buf), 4);
    CHECK_STR(buf, "two\n");
    CHECK_INT(readline(sv[0], buf, sizeof buf), 3);
    CHECK_STR(buf, "thr");
    strcpy(buf, "zz");
    CHECK_INT(readline(sv[0], buf, sizeof buf), 0);
    CHECK_STR(buf, "");
    close(sv[0]);
    close(sv[1]);

    /* a line of exactly maxlen - 1 bytes including the newline */
    pair(sv);
    put(sv[1], "1234\n");
    CHECK_INT(readline(sv[0], buf, 6), 5);
    CHECK_STR(buf, "1234\n");
    /* NUL bytes are data */
    write(sv[1], "a\0b\n", 4);
    memset(buf, 'x', sizeof buf);
    CHECK_INT(readline(sv[0], buf, sizeof buf), 4);
    CHECK(memcmp(buf, "a\0b\n\0", 5) == 0);
    close(sv[0]);
    close(sv[1]);
}

static void test_readline_shared_and_error(void)
{
    int a[2], b[2];
    char buf[64];
    void *p = NULL;

    pair(a);
    pair(b);
    put(a[1], "l1\nl2\n");
    put(b[1], "m1\n");
    CHECK_INT(readline(a[0], buf, sizeof buf), 3);
    CHECK_STR(buf, "l1\n");
    CHECK_INT(readlinebuf(&p), 3);
    /* the read-ahead belongs to the thread, not to the descriptor */
    CHECK_INT(readline(b[0], buf, sizeof buf), 3);
    CHECK_STR(buf, "l2\n");
    CHECK_INT(readline(b[0], buf, sizeof buf), 3);
    CHECK_STR(buf, "m1\n");
    /* read error: -1, errno, buffer not terminated; readlinebuf then says -1 */
    strcpy(buf, "XYZ");
    errno = 0;
    CHECK_INT(readline(-1, buf, sizeof buf), -1);
    CHECK_INT(errno, EBADF);
    CHECK_STR(buf, "XYZ");
    p = NULL;
    CHECK_INT(readlinebuf(&p), -1);
    CHECK(p != NULL);
    /* the next successful refill recovers */
    put(b[1], "ok\n");
    CHECK_INT(readline(b[0], buf, sizeof buf), 3);
    CHECK_STR(buf, "ok\n");
    CHECK_INT(readlinebuf(&p), 0);
    close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}

/* A long line is delivered in maxlen - 1 pieces and lines cross refills. */
static void test_readline_long(void)
{
    int sv[2];
    static char big[3 * MAXLINE + 10], buf[MAXLINE];
    size_t i, got = 0;
    ssize_t n;
    pid_t pid;

    for (i = 0; i < sizeof big - 1; i++)
        big[i] = 'a' + i % 26;
    big[sizeof big - 2] = '\n';
    big[sizeof big - 1] = 0;
    pair(sv);
    if ((pid = fork()) == 0) {
        close(sv[0]);
        writen(sv[1], big, strlen(big));
        _exit(0);
    }
    close(sv[1]);
    while ((n = readline(sv[0], buf, MAXLINE)) > 0) {
        CHECK(memcmp(buf, big + got, n < MAXLINE ? (size_t)n : MAXLINE - 1) == 0);
        got += n < MAXLINE ? (size_t)n : MAXLINE - 1;
        if (n < MAXLINE)
            break;
    }
    CHECK_INT(got, strlen(big));
    CHECK_INT(readline(sv[0], buf, MAXLINE), 0);
    waitpid(pid, NULL, 0);
    close(sv[0]);
}

/* Each thread has its own read-ahead buffer. */
struct thr { int fd, id, bad; };

static void *reader(void *arg)
{
    struct thr *t = arg;
    char buf[128], want[128];
    int i;

    for (i = 0; i < 2000; i++) {
        snprintf(want, sizeof want, "thread %d line %d\n", t->id, i);
        if (readline(t->fd, buf, sizeof buf) != (ssize_t)strlen(want) || strcmp(buf, want) != 0)
            t->bad++;
    }
    return NULL;
}

static void *writer(void *arg)
{
    struct thr *t = arg;
    char line[128];
    int i;

    for (i = 0; i < 2000; i++) {
        snprintf(line, sizeof line, "thread %d line %d\n", t->id, i);
        writen(t->fd, line, strlen(line));
    }
    return NULL;
}

static void test_readline_threads(void)
{
    enum { N = 4 };
    pthread_t rt[N], wt[N];
    struct thr r[N], w[N];
    int i, sv[N][2];

    for (i = 0; i < N; i++) {
        pair(sv[i]);
        r[i] = (struct thr){sv[i][0], i, 0};
        w[i] = (struct thr){sv[i][1], i, 0};
        pthread_create(&rt[i], NULL, reader, &r[i]);
        pthread_create(&wt[i], NULL, writer, &w[i]);
    }
    for (i = 0; i < N; i++) {
        pthread_join(wt[i], NULL);
        pthread_join(rt[i], NULL);
        CHECK_INT(r[i].bad, 0);
        close(sv[i][0]);
        close(sv[i][1]);
    }
}

/* EINTR from a handler installed without SA_RESTART is retried. */
static int intr_fd = -1, intr_hits;

static void on_alarm(int signo)
{
    intr_hits++;
    write(intr_fd, "late\n", 5);
}

static void test_readline_eintr(void)
{
    int sv[2];
    char buf[32];
    struct itimerval it = {{0, 0}, {0, 100000}};

    pair(sv);
    intr_fd = sv[1];
    Signal_intr(SIGALRM, on_alarm);
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK_INT(readline(sv[0], buf, sizeof buf), 5);
    CHECK_STR(buf, "late\n");
    CHECK_INT(intr_hits, 1);
    /* readn retries EINTR too */
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK_INT(readn(sv[0], buf, 5), 5);
    CHECK(memcmp(buf, "late\n", 5) == 0);
    CHECK_INT(intr_hits, 2);
    Signal(SIGALRM, SIG_DFL);
    close(sv[0]);
    close(sv[1]);
}

static void test_readn_writen(void)
{
    int sv[2];
    static char big[1 << 20], back[1 << 20];
    char buf[16];
    size_t i;
    pid_t pid;
    ssize_t n;

    for (i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7);
    pair(sv);
    /* a megabyte through a socketpair: writen loops over short writes, readn over short reads */
    if ((pid = fork()) == 0) {
        close(sv[0]);
        _exit(writen(sv[1], big, sizeof big) == (ssize_t)sizeof big ? 0 : 1);
    }
    n = readn(sv[0], back, sizeof back);
    CHECK_INT(n, sizeof back);
    CHECK(memcmp(big, back, sizeof big) == 0);
    waitpid(pid, &check_status, 0);
    CHECK_INT(check_status, 0);
    /* pieces written with pauses are gathered */
    if ((pid = fork()) == 0) {
        put(sv[1], "hello");
        usleep(50000);
        put(sv[1], "world");
        _exit(0);
    }
    CHECK_INT(readn(sv[0], buf, 10), 10);
    CHECK(memcmp(buf, "helloworld", 10) == 0);
    waitpid(pid, NULL, 0);
    /* EOF first: short count */
    put(sv[1], "abc");
    shutdown(sv[1], SHUT_WR);
    CHECK_INT(readn(sv[0], buf, 10), 3);
    CHECK_INT(readn(sv[0], buf, 10), 0);
    CHECK_INT(readn(sv[0], buf, 0), 0);
    /* errors */
    errno = 0;
    CHECK_INT(readn(-1, buf, 4), -1);
    CHECK_INT(errno, EBADF);
    errno = 0;
    CHECK_INT(writen(-1, "x", 1), -1);
    CHECK_INT(errno, EBADF);
    CHECK_INT(writen(sv[0], "", 0), 0);
    CHECK_INT(Readn(sv[0], buf, 4), 0);
    close(sv[0]);
    close(sv[1]);
}

static void test_wrappers(void)
{
    int sv[2];
    char buf[32];

    pair(sv);
    put(sv[1], "wrapped\n");
    CHECK_INT(Readline(sv[0], buf, sizeof buf), 8);
    CHECK_STR(buf, "wrapped\n");
    Writen(sv[1], "0123", 4);
    CHECK_INT(Readn(sv[0], buf, 4), 4);
    CHECK(memcmp(buf, "0123", 4) == 0);
    drain_linebuf();
    EXPECT_EXIT(Readn(-1, buf, 4), 1, "readn error: Bad file descriptor\n");
    EXPECT_EXIT(Writen(-1, buf, 4), 1, "writen error: Bad file descriptor\n");
    EXPECT_EXIT(Readline(-1, buf, sizeof buf), 1, "readline error: Bad file descriptor\n");
    EXPECT_EXIT(Readline(sv[0] + 100, buf, sizeof buf), 1, "readline error: Bad file descriptor\n");
    /* a write to a closed peer raises SIGPIPE, which kills the program (book 5.13) */
    close(sv[0]);
    EXPECT_EXIT((signal(SIGPIPE, SIG_DFL), Writen(sv[1], buf, 4)), 128 + SIGPIPE, "");
    /* with SIGPIPE ignored, EPIPE is fatal through the wrapper */
    EXPECT_EXIT((signal(SIGPIPE, SIG_IGN), Writen(sv[1], buf, 4)), 1, "writen error: Broken pipe\n");
    close(sv[1]);
}

int main(void)
{
    test_readline_basic();
    test_readline_shared_and_error();
    test_readline_long();
    test_readline_threads();
    test_readline_eintr();
    test_readn_writen();
    test_wrappers();
    return check_done("lib_io");
}
