/*
 * check.h: a tiny test harness for lnp's C tests.
 *
 *   CHECK(cond)                    a boolean check
 *   CHECK_INT(got, want)           integers equal
 *   CHECK_STR(got, want)           C strings equal
 *   EXPECT_EXIT(stmt, status, stderr_text)
 *       run stmt in a child with stdout/stderr captured, and check its exit
 *       status (128 + signal number if a signal killed it) and its whole
 *       stderr text; the captured stdout is left in check_out
 *   ipv6_loopback()                whether ::1 can be bound (says SKIPPED if not)
 *   return check_done();           prints "NAME: N passed, N failed"
 */
#ifndef LNP_CHECK_H
#define LNP_CHECK_H

#include "lnp.h"
#include <poll.h>
#include <sys/resource.h>

static int check_passed, check_failed;
static char check_out[65536], check_err[65536];
static int check_status;

#define CHECK_REPORT(ok, ...)                                            \
    do {                                                                 \
        if (ok) check_passed++;                                          \
        else {                                                           \
            check_failed++;                                              \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);         \
            fprintf(stderr, __VA_ARGS__);                                \
            fputc('\n', stderr);                                         \
        }                                                                \
    } while (0)

#define CHECK(cond) CHECK_REPORT((cond), "%s", #cond)
#define CHECK_INT(got, want)                                             \
    do {                                                                 \
        long long g_ = (long long)(got), w_ = (long long)(want);         \
        CHECK_REPORT(g_ == w_, "%s = %lld, want %lld", #got, g_, w_);    \
    } while (0)
#define CHECK_STR(got, want)                                             \
    do {                                                                 \
        const char *g_ = (got), *w_ = (want);                            \
        CHECK_REPORT(g_ && strcmp(g_, w_) == 0, "%s = \"%s\", want \"%s\"", \
                     #got, g_ ? g_ : "(null)", w_);                      \
    } while (0)

/* Fork a child whose stdout and stderr go to pipes; 0 in the child. */
static pid_t check_fork(int pipes[2][2])
{
    pid_t pid;

    fflush(NULL);
    if (pipe(pipes[0]) < 0 || pipe(pipes[1]) < 0 || (pid = fork()) < 0) {
        perror("check_fork");
        exit(2);
    }
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core); /* err_dump tests abort() */
        dup2(pipes[0][1], STDOUT_FILENO);
        dup2(pipes[1][1], STDERR_FILENO);
        close(pipes[0][0]); close(pipes[0][1]);
        close(pipes[1][0]); close(pipes[1][1]);
    }
    return pid;
}

/* Collect the child's output into check_out/check_err and its status. */
static void check_collect(pid_t pid, int pipes[2][2])
{
    struct pollfd pfd[2];
    size_t len[2] = {0, 0};
    char *buf[2] = {check_out, check_err};
    int open_count = 2, st, i;

    close(pipes[0][1]);
    close(pipes[1][1]);
    pfd[0].fd = pipes[0][0];
    pfd[1].fd = pipes[1][0];
    pfd[0].events = pfd[1].events = POLLIN;
    while (open_count > 0) {
        if (poll(pfd, 2, 20000) <= 0) {
            kill(pid, SIGKILL);
            break;
        }
        for (i = 0; i < 2; i++) {
            if (pfd[i].fd >= 0 && (pfd[i].revents & (POLLIN | POLLHUP))) {
                ssize_t n = read(pfd[i].fd, buf[i] + len[i], sizeof(check_out) - 1 - len[i]);
                if (n <= 0) {
                    close(pfd[i].fd);
                    pfd[i].fd = -1;
                    open_count--;
                } else
                    len[i] += n;
            }
        }
    }
    for (i = 0; i < 2; i++)
        if (pfd[i].fd >= 0)
            close(pfd[i].fd);
    check_out[len[0]] = 0;
    check_err[len[1]] = 0;
    waitpid(pid, &st, 0);
    check_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define EXPECT_EXIT(stmt, want_status, want_err)                         \
    do {                                                                 \
        int pipes_[2][2];                                                \
        pid_t pid_ = check_fork(pipes_);                                 \
        if (pid_ == 0) {                                                 \
            stmt;                                                        \
            fflush(NULL);                                                \
            _exit(0);                                                    \
        }                                                                \
        check_collect(pid_, pipes_);                                     \
        CHECK_REPORT(check_status == (want_status), "%s: status %d, want %d", \
                     #stmt, check_status, (want_status));                \
        CHECK_REPORT(strcmp(check_err, (want_err)) == 0,                 \
                     "%s: stderr \"%s\", want \"%s\"", #stmt, check_err, (want_err)); \
    } while (0)

/* Whether ::1 can be bound (containers often run without IPv6). */
static inline int ipv6_loopback(void)
{
    struct sockaddr_in6 sin6;
    int fd = socket(AF_INET6, SOCK_DGRAM, 0), ok;

    if (fd < 0)
        return 0;
    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_addr = in6addr_loopback;
    ok = bind(fd, (SA *)&sin6, sizeof sin6) == 0;
    close(fd);
    if (!ok)
        printf("IPv6 loopback unavailable: IPv6 checks SKIPPED\n");
    return ok;
}

static int check_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed != 0;
}

#endif
