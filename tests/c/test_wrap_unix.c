/* lnp.h's "our Unix wrapper functions": every wrapper's
   success path, and its dying path with the exact message and status. */
#include "check.h"
#include <sys/mman.h>

/* Is close-on-exec clear on fd? */
static int inheritable(int fd)
{
    return (fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0;
}

/* A non-blocking Unix stream pair whose writer side fills up. */
static void full_pair(int sv[2])
{
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Fcntl(sv[0], F_SETFL, Fcntl(sv[0], F_GETFL, 0) | O_NONBLOCK);
}

static void fork_as_nobody_without_nproc(void)
{
    struct rlimit none = {0, 0};

    if (geteuid() == 0 && setuid(65534) < 0)
        _exit(2);
    setrlimit(RLIMIT_NPROC, &none);
    errno = 0;
    Fork();
}

static void pipe_without_fds(void)
{
    struct rlimit three = {3, 3};
    int fds[2];

    setrlimit(RLIMIT_NOFILE, &three);
    Pipe(fds);
}

static void write_short(void)
{
    static char big[4 << 20];
    int sv[2];

    full_pair(sv);
    errno = 0;
    Write(sv[0], big, sizeof(big)); /* partial: "write error: Success" */
}

int main(void)
{
    char buf[160], tmpl[64];
    int fds[2], fd, n, status;
    volatile size_t huge = (size_t)-1;
    sigset_t set, old;
    struct timeval tv;
    pid_t pid;
    char *p;

    umask(022);
    /* Calloc, Malloc */
    p = Calloc(16, 4);
    CHECK(p != NULL && p[0] == 0 && p[63] == 0);
    free(p);
    EXPECT_EXIT(Calloc(huge / 2, 4), 1, "calloc error: Cannot allocate memory\n");
    p = Malloc(100);
    CHECK(p != NULL);
    free(p);
    EXPECT_EXIT(Malloc(huge), 1, "malloc error: Cannot allocate memory\n");

    /* Close, Dup2, Fcntl */
    fd = Open("/dev/null", O_RDONLY, 0);
    CHECK(fd >= 0 && inheritable(fd));
    Dup2(fd, 100);
    CHECK_INT(fcntl(100, F_GETFD), 0);
    CHECK_INT(Fcntl(100, F_GETFL, 0) & O_ACCMODE, O_RDONLY);
    CHECK_INT(Fcntl(100, F_SETFD, FD_CLOEXEC), 0);
    Close(100);
    CHECK(fcntl(100, F_GETFD) == -1 && errno == EBADF);
    Close(fd);
    EXPECT_EXIT(Close(fd), 1, "close error: Bad file descriptor\n");
    EXPECT_EXIT(Dup2(-1, 5), 1, "dup2 error: Bad file descriptor\n");
    EXPECT_EXIT(Fcntl(-1, F_GETFL, 0), 1, "fcntl error: Bad file descriptor\n");

    /* Gettimeofday, Ioctl */
    tv.tv_sec = 0;
    Gettimeofday(&tv, NULL);
    CHECK(tv.tv_sec > 1600000000 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    Pipe(fds);
    CHECK(inheritable(fds[0]) && inheritable(fds[1]));
    Write(fds[1], "hello", 5);
    n = -1;
    CHECK_INT(Ioctl(fds[0], FIONREAD, &n), 0);
    CHECK_INT(n, 5);
    EXPECT_EXIT(Ioctl(-1, FIONREAD, &n), 1, "ioctl error: Bad file descriptor\n");
    EXPECT_EXIT(Ioctl(fds[0], TIOCGWINSZ, buf), 1, "ioctl error: Inappropriate ioctl for device\n");

    /* Read: data, EOF, errors (the book's "read error: Connection refused" too) */
    CHECK_INT(Read(fds[0], buf, sizeof(buf)), 5);
    CHECK(memcmp(buf, "hello", 5) == 0);
    Close(fds[1]);
    CHECK_INT(Read(fds[0], buf, sizeof(buf)), 0);
    Close(fds[0]);
    EXPECT_EXIT(Read(-1, buf, 1), 1, "read error: Bad file descriptor\n");
    {
        struct sockaddr_in sin;
        socklen_t len = sizeof(sin);
        int closed = Socket(AF_INET, SOCK_DGRAM, 0), u = Socket(AF_INET, SOCK_DGRAM, 0);

        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        Bind(closed, (SA *)&sin, sizeof(sin));
        Getsockname(closed, (SA *)&sin, &len);
        Close(closed); /* nobody listens there now: ICMP port unreachable */
        Connect(u, (SA *)&sin, len);
        Write(u, "x", 1);
        EXPECT_EXIT(Read(u, buf, sizeof(buf)), 1, "read error: Connection refused\n");
        Close(u);
    }

    /* Write: all bytes, short write fatal with stale errno, errors */
    Pipe(fds);
    Write(fds[1], "abc", 3);
    CHECK_INT(read(fds[0], buf, sizeof(buf)), 3);
    EXPECT_EXIT(write_short(), 1, "write error: Success\n");
    EXPECT_EXIT(Write(fds[0], "x", 1), 1, "write error: Bad file descriptor\n");
    Close(fds[0]);
    Close(fds[1]);
    EXPECT_EXIT(pipe_without_fds(), 1, "pipe error: Too many open files\n");

    /* Fork, Wait, Waitpid */
    pid = Fork();
    if (pid == 0) {
        usleep(200000);
        _exit(7);
    }
    CHECK(pid > 0);
    CHECK_INT(Waitpid(pid, &status, WNOHANG), 0);
    CHECK_INT(Wait(&status), pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    EXPECT_EXIT(Wait(NULL), 1, "wait error: No child processes\n");
    EXPECT_EXIT(Waitpid(-1, NULL, 0), 1, "waitpid error: No child processes\n");
    pid = Fork();
    if (pid == 0)
        _exit(3);
    CHECK_INT(Waitpid(pid, &status, 0), pid);
    CHECK_INT(WEXITSTATUS(status), 3);
    EXPECT_EXIT(fork_as_nobody_without_nproc(), 1, "fork error: Resource temporarily unavailable\n");

    /* Mkstemp (err_quit: no errno text), Unlink, Open */
    strcpy(tmpl, "/tmp/lnp-wrapXXXXXX");
    fd = Mkstemp(tmpl);
    CHECK(fd >= 0 && inheritable(fd) && strcmp(tmpl, "/tmp/lnp-wrapXXXXXX") != 0);
    Close(fd);
    fd = Open(tmpl, O_WRONLY | O_APPEND, 0);
    CHECK(fd >= 0 && inheritable(fd));
    Close(fd);
    Unlink(tmpl);
    CHECK(access(tmpl, F_OK) == -1);
    snprintf(buf, sizeof(buf), "unlink error for %s: No such file or directory\n", tmpl);
    EXPECT_EXIT(Unlink(tmpl), 1, buf);
    fd = Open(tmpl, O_RDWR | O_CREAT | O_EXCL, FILE_MODE);
    {
        struct stat st;
        CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644);
    }
    Close(fd);
    Unlink(tmpl);
    strcpy(tmpl, "/nonexistent-dir/fileXXXXXX");
    EXPECT_EXIT(Mkstemp(tmpl), 1, "mkstemp error\n");
    strcpy(tmpl, "/tmp/no-template");
    EXPECT_EXIT(Mkstemp(tmpl), 1, "mkstemp error\n");
    EXPECT_EXIT(Open("/nonexistent-dir/x", O_RDONLY, 0), 1,
                "open error for /nonexistent-dir/x: No such file or directory\n");

    /* Mmap */
    p = Mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED && p[100] == 0);
    p[100] = 1;
    munmap(p, 4096);
    EXPECT_EXIT(Mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0), 1, "mmap error: Bad file descriptor\n");

    /* Signal sets */
    Sigemptyset(&set);
    CHECK_INT(Sigismember(&set, SIGINT), 0);
    Sigaddset(&set, SIGINT);
    CHECK_INT(Sigismember(&set, SIGINT), 1);
    Sigdelset(&set, SIGINT);
    CHECK_INT(Sigismember(&set, SIGINT), 0);
    Sigfillset(&set);
    CHECK_INT(Sigismember(&set, SIGTERM), 1);
    EXPECT_EXIT(Sigaddset(&set, 0), 1, "sigaddset error: Invalid argument\n");
    EXPECT_EXIT(Sigdelset(&set, 0), 1, "sigdelset error: Invalid argument\n");
    EXPECT_EXIT(Sigismember(&set, 0), 1, "sigismember error: Invalid argument\n");
    EXPECT_EXIT(Sigemptyset(NULL), 1, "sigemptyset error: Invalid argument\n");
    EXPECT_EXIT(Sigfillset(NULL), 1, "sigfillset error: Invalid argument\n");

    /* Sigprocmask, Sigpending */
    Sigemptyset(&set);
    Sigaddset(&set, SIGUSR1);
    Sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    Sigpending(&set);
    CHECK_INT(Sigismember(&set, SIGUSR1), 1);
    signal(SIGUSR1, SIG_IGN); /* discard it */
    Sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
    EXPECT_EXIT(Sigprocmask(12345, &set, NULL), 1, "sigprocmask error: Invalid argument\n");
    EXPECT_EXIT(Sigpending((sigset_t *)1), 1, "sigpending error: Bad address\n");

    /* Strdup, Sysconf, Sysctl */
    p = Strdup("copy me");
    CHECK_STR(p, "copy me");
    free(p);
    CHECK(Sysconf(_SC_OPEN_MAX) > 0);
    CHECK(Sysconf(_SC_PAGESIZE) >= 4096);
    EXPECT_EXIT(Sysconf(-1), 1, "sysconf error: Invalid argument\n");
    /* no limit: -1 with errno untouched, fatal all the same (faithful) */
    EXPECT_EXIT((errno = EIO, Sysconf(_SC_SEM_NSEMS_MAX)), 1, "sysconf error: Success\n");
    EXPECT_EXIT(Sysctl(NULL, 0, NULL, NULL, NULL, 0), 1, "sysctl error: Function not implemented\n");
    {
        int mib[2] = {1, 1};
        size_t len = sizeof(buf);
        EXPECT_EXIT(Sysctl(mib, 2, buf, &len, NULL, 0), 1, "sysctl error: Function not implemented\n");
    }

    return check_done("wrap_unix");
}
