/* Failures the kernel will not produce on demand, injected by defining the
   libc functions the wrappers call (the program's definition interposes
   glibc's, for liblnp.a and liblnp.so alike): Accept's retry of EPROTO and
   ECONNABORTED, Strdup's and Gettimeofday's dying paths. */
#include "check.h"
#include <sys/syscall.h>

static int accept_errors[4], n_accept_errors, accept_calls;
static int strdup_fails, gettimeofday_fails;

int accept(int fd, struct sockaddr *restrict sa, socklen_t *restrict len)
{
    accept_calls++;
    if (n_accept_errors > 0) {
        errno = accept_errors[--n_accept_errors];
        return -1;
    }
    return (int)syscall(SYS_accept4, fd, sa, len, 0);
}

char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p;

    if (strdup_fails) {
        errno = ENOMEM;
        return NULL;
    }
    if ((p = malloc(n)) != NULL)
        memcpy(p, s, n);
    return p;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    if (gettimeofday_fails) {
        errno = EFAULT;
        return -1;
    }
    (void)tz;
    return clock_gettime(CLOCK_REALTIME, (struct timespec *)tv) == 0 ? (tv->tv_usec /= 1000, 0) : -1;
}

/* Listen on loopback, connect once, and accept with the given errors queued. */
static int accept_after(int first, int second)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int lfd = Socket(AF_INET, SOCK_STREAM, 0), cli = Socket(AF_INET, SOCK_STREAM, 0), fd;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Bind(lfd, (SA *)&sin, sizeof(sin));
    Listen(lfd, 5);
    Getsockname(lfd, (SA *)&sin, &len);
    Connect(cli, (SA *)&sin, sizeof(sin));
    n_accept_errors = 0;
    if (second)
        accept_errors[n_accept_errors++] = second;
    if (first)
        accept_errors[n_accept_errors++] = first;
    accept_calls = 0;
    fd = Accept(lfd, NULL, NULL);
    Close(cli);
    Close(lfd);
    return fd;
}

int main(void)
{
    struct timeval tv;
    int fd;
    char *p;

    /* Accept calls accept again after EPROTO and ECONNABORTED */
    fd = accept_after(ECONNABORTED, EPROTO);
    CHECK(fd >= 0);
    CHECK_INT(accept_calls, 3);
    CHECK_INT(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
    Close(fd);
    fd = accept_after(EPROTO, 0);
    CHECK(fd >= 0);
    CHECK_INT(accept_calls, 2);
    Close(fd);
    /* ... but not after anything else, EINTR included */
    EXPECT_EXIT(accept_after(EINTR, 0), 1, "accept error: Interrupted system call\n");
    EXPECT_EXIT(accept_after(ECONNABORTED, EMFILE), 1, "accept error: Too many open files\n");

    p = Strdup("fine");
    CHECK_STR(p, "fine");
    free(p);
    strdup_fails = 1;
    EXPECT_EXIT(Strdup("fails"), 1, "strdup error: Cannot allocate memory\n");
    strdup_fails = 0;

    Gettimeofday(&tv, NULL);
    CHECK(tv.tv_sec > 1600000000);
    gettimeofday_fails = 1;
    EXPECT_EXIT(Gettimeofday(&tv, NULL), 1, "gettimeofday error: Bad address\n");
    gettimeofday_fails = 0;

    return check_done("wrap_fault");
}
