/* Signal, signal_intr, Signal_intr; daemon_init, daemon_inetd; write_fd,
   read_fd, Write_fd, Read_fd. */
#include "check.h"
#include <sys/prctl.h>
#include <sys/stat.h>
#include <syslog.h>

extern int daemon_proc;

static void h1(int signo) {}
static void h2(int signo) {}

static int flags_of(int signo, void (**handler)(int), int *maskempty)
{
    struct sigaction sa;
    int s;

    memset(&sa, 0, sizeof sa);
    sigaction(signo, NULL, &sa);
    if (handler)
        *handler = sa.sa_handler;
    if (maskempty)
        for (*maskempty = 1, s = 1; s < NSIG; s++)
            if (sigismember(&sa.sa_mask, s) == 1)
                *maskempty = 0;
    return sa.sa_flags;
}

/* With LNP_TRACE on, the kernel holds lnp's delivery tracer in place of a
   handler function (README, "Watching a program"); Signal still returns h1. */
static int handler_is(void (*h)(int), void (*want)(int))
{
    return h == want || getenv("LNP_TRACE") != NULL;
}

static void test_signal(void)
{
    void (*h)(int);
    int empty;

    /* SA_RESTART for everything but SIGALRM; empty mask; previous handler returned */
    CHECK(Signal(SIGUSR1, h1) == SIG_DFL);
    CHECK(flags_of(SIGUSR1, &h, &empty) & SA_RESTART);
    CHECK(handler_is(h, h1));
    CHECK(empty);
    CHECK(Signal(SIGUSR1, h2) == h1);
    CHECK(Signal(SIGCHLD, h1) == SIG_DFL);
    CHECK(flags_of(SIGCHLD, NULL, NULL) & SA_RESTART);
    CHECK(Signal(SIGCHLD, SIG_DFL) == h1);
    CHECK(Signal(SIGALRM, h1) == SIG_DFL);
    CHECK_INT(flags_of(SIGALRM, &h, NULL) & SA_RESTART, 0);
    CHECK(Signal(SIGALRM, SIG_DFL) == h1);
    /* SIG_IGN and SIG_DFL pass through unchanged */
    CHECK(Signal(SIGUSR2, SIG_IGN) == SIG_DFL);
    flags_of(SIGUSR2, &h, NULL);
    CHECK(h == SIG_IGN);
    CHECK(Signal(SIGUSR2, SIG_DFL) == SIG_IGN);

    /* signal_intr never sets SA_RESTART */
    CHECK(signal_intr(SIGUSR1, h1) == h2);
    CHECK_INT(flags_of(SIGUSR1, &h, &empty) & SA_RESTART, 0);
    CHECK(handler_is(h, h1) && empty);
    CHECK(Signal_intr(SIGCHLD, h2) == SIG_DFL);
    CHECK_INT(flags_of(SIGCHLD, NULL, NULL) & SA_RESTART, 0);
    CHECK(Signal_intr(SIGCHLD, SIG_DFL) == h2);
    Signal(SIGUSR1, SIG_DFL);
    errno = 0;
    CHECK(signal_intr(SIGKILL, h1) == SIG_ERR);
    CHECK_INT(errno, EINVAL);
    EXPECT_EXIT(Signal(SIGKILL, h1), 1, "signal error: Invalid argument\n");
    EXPECT_EXIT(Signal(0, h1), 1, "signal error: Invalid argument\n");
    EXPECT_EXIT(Signal_intr(SIGSTOP, h1), 1, "signal_intr error: Invalid argument\n");
}

/* Restarting versus interrupting, seen from a blocking read. */
static int restart_hits;
static void count_hit(int signo) { restart_hits++; }

static void test_restart_semantics(void)
{
    int sv[2];
    char c;
    pid_t pid;
    ssize_t n;

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    /* with Signal: read is restarted and gets the byte sent after the signal */
    Signal(SIGUSR1, count_hit);
    if ((pid = fork()) == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR1);
        usleep(100000);
        write(sv[1], "r", 1);
        _exit(0);
    }
    n = read(sv[0], &c, 1);
    CHECK_INT(n, 1);
    CHECK_INT(restart_hits, 1);
    waitpid(pid, NULL, 0);
    /* with Signal_intr: read fails with EINTR (signals repeat until then, in
       case the first one comes before the read blocks) */
    Signal_intr(SIGUSR1, count_hit);
    if ((pid = fork()) == 0) {
        int i;
        for (i = 0; i < 100; i++) {
            usleep(100000);
            kill(getppid(), SIGUSR1);
        }
        _exit(0);
    }
    errno = 0;
    n = read(sv[0], &c, 1);
    CHECK_INT(n, -1);
    CHECK_INT(errno, EINTR);
    CHECK(restart_hits >= 2);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    Signal(SIGUSR1, SIG_DFL);
    close(sv[0]);
    close(sv[1]);
}

/* The report a daemon sends back over descriptor 100 (which daemon_init leaves open). */
struct report {
    pid_t pid, sid, pgrp;
    int rc, daemon_proc, null012, cwd_root, no_tty, sighup_ignored;
};

static int is_dev_null(int fd)
{
    struct stat a, b;

    return fstat(fd, &a) == 0 && stat("/dev/null", &b) == 0 && a.st_rdev == b.st_rdev &&
           S_ISCHR(a.st_mode);
}

static void test_daemon_init(void)
{
    int sv[2], st, i, reaped = 0;
    pid_t pid, me = getpid(), w;
    struct report r;
    char cwd[64];
    struct sigaction sa;

    /* adopt the orphaned daemon so that it can be reaped */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    if ((pid = fork()) == 0) {
        dup2(sv[1], 100);
        memset(&r, 0, sizeof r);
        r.rc = daemon_init("lnp-test", LOG_USER);
        r.pid = getpid();
        r.sid = getsid(0);
        r.pgrp = getpgrp();
        r.daemon_proc = daemon_proc;
        r.null012 = is_dev_null(0) && is_dev_null(1) && is_dev_null(2) &&
                    (fcntl(0, F_GETFL) & O_ACCMODE) == O_RDONLY && (fcntl(1, F_GETFL) & O_ACCMODE) == O_RDWR;
        r.cwd_root = getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/") == 0;
        r.no_tty = open("/dev/tty", O_RDWR) < 0;
        sigaction(SIGHUP, NULL, &sa);
        r.sighup_ignored = sa.sa_handler == SIG_IGN;
        /* descriptors 3..63 were closed, including sv[1] */
        r.rc |= fcntl(sv[1], F_GETFD) != -1 && sv[1] < 64 ? 100 : 0;
        err_msg("this goes to syslog, not to stderr");
        write(100, &r, sizeof r);
        _exit(0);
    }
    close(sv[1]);
    memset(&r, 0, sizeof r);
    CHECK_INT(readn(sv[0], &r, sizeof r), sizeof r);
    CHECK_INT(r.rc, 0);
    CHECK(r.pid != me && r.pid != pid);
    CHECK(r.sid != getsid(0));
    CHECK(r.sid != r.pid); /* not a session leader after the second fork */
    CHECK_INT(r.daemon_proc, 1);
    CHECK(r.null012);
    CHECK(r.cwd_root);
    CHECK(r.no_tty);
    CHECK(r.sighup_ignored);
    /* the first fork's parent exited with 0; reap it and the daemon */
    for (i = 0; i < 50 && reaped < 3; i++) {
        w = waitpid(-1, &st, WNOHANG);
        if (w > 0) {
            CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
            reaped++;
        } else if (w < 0)
            break;
        else
            usleep(20000);
    }
    CHECK_INT(reaped, 3);
    close(sv[0]);
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    CHECK_INT(daemon_proc, 0);
}

static void test_daemon_inetd(void)
{
    /* after daemon_inetd the err_* functions write to syslog only */
    EXPECT_EXIT((daemon_inetd("lnp-test", LOG_USER), printf("%d", daemon_proc), err_quit("to syslog")), 1, "");
    CHECK_STR(check_out, "1");
    CHECK_INT(daemon_proc, 0);
}

static void test_fd_passing(void)
{
    int sv[2], p[2], got = -2, n;
    char c = 0, buf[16];

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    CHECK_INT(write_fd(sv[0], "F", 1, p[0]), 1);
    CHECK_INT(read_fd(sv[1], &c, 1, &got), 1);
    CHECK_INT(c, 'F');
    CHECK(got >= 0 && got != p[0]);
    CHECK_INT(fcntl(got, F_GETFD) & FD_CLOEXEC, 0);
    write(p[1], "piped", 5);
    CHECK_INT(read(got, buf, sizeof buf), 5);
    CHECK(memcmp(buf, "piped", 5) == 0);
    close(got);
    /* with the wrappers, and the write end this time */
    CHECK_INT(Write_fd(sv[1], "abc", 3, p[1]), 3);
    got = -2;
    CHECK_INT(Read_fd(sv[0], buf, sizeof buf, &got), 3);
    CHECK(got >= 0);
    write(got, "back", 4);
    CHECK_INT(read(p[0], buf, sizeof buf), 4);
    close(got);
    /* plain data: no descriptor */
    write(sv[0], "d", 1);
    got = -2;
    CHECK_INT(read_fd(sv[1], &c, 1, &got), 1);
    CHECK_INT(got, -1);
    /* EOF: 0, *recvfd untouched */
    shutdown(sv[0], SHUT_WR);
    got = -2;
    CHECK_INT(read_fd(sv[1], &c, 1, &got), 0);
    CHECK_INT(got, -2);
    /* errors */
    errno = 0;
    CHECK_INT(write_fd(-1, "x", 1, p[0]), -1);
    CHECK_INT(errno, EBADF);
    errno = 0;
    CHECK_INT(read_fd(-1, &c, 1, &got), -1);
    CHECK_INT(errno, EBADF);
    EXPECT_EXIT(Write_fd(-1, "x", 1, p[0]), 1, "write_fd error: Bad file descriptor\n");
    EXPECT_EXIT(Write_fd(sv[1], "x", 1, 999), 1, "write_fd error: Bad file descriptor\n");
    EXPECT_EXIT(Read_fd(-1, &c, 1, &got), 1, "read_fd error: Bad file descriptor\n");
    n = Socket(AF_INET, SOCK_DGRAM, 0);
    EXPECT_EXIT(Write_fd(n, "x", 1, p[0]), 1, "write_fd error: Destination address required\n");
    close(n);
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    test_signal();
    test_restart_semantics();
    test_daemon_init();
    test_daemon_inetd();
    test_fd_passing();
    return check_done("lib_sig");
}
