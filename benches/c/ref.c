/*
 * ref.c: the plain C baseline for lnp's benchmarks, a "libunp-like" build of
 * the functions the benchmark driver and the load-test servers call.
 *
 * Written from the behaviour of the book's library (README.md), in the style of a classic C
 * support library: one process-wide static read-ahead buffer for readline,
 * refilled with read(fd, buf, MAXLINE) and copied out one byte at a time,
 * a static 128-byte buffer for sock_ntop, and wrappers that print
 * "<call> error: <strerror>" and exit(1) (to syslog once daemon_proc is set,
 * as the book's error.c does).  Every name is weak, as in lnp,
 * so the book's programs that define their own str_echo link unchanged.
 *
 * It is the reference the benchmark compares lnp against, never a part of
 * the library.  tests/hard/size.sh also archives it (cc -c, ar) as the C
 * library the book's programs are linked with for the size table; the
 * programs that need functions it lacks (multicast, SCTP) have no C column.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#define MAXLINE 4096
#define WEAK __attribute__((weak))

typedef void Sigfunc(int);
typedef struct sockaddr SA;

/* ---- error functions ---------------------------------------------------- */

WEAK int daemon_proc; /* set nonzero by daemon_init(): messages go to syslog */

static void err_doit(int errnoflag, int error, int level, const char *fmt, va_list ap)
{
    char buf[MAXLINE + 1];
    size_t len;

    vsnprintf(buf, MAXLINE, fmt, ap);
    len = strlen(buf);
    if (errnoflag)
        snprintf(buf + len, MAXLINE - len, ": %s", strerror(error));
    strcat(buf, "\n");
    if (daemon_proc) {
        syslog(level, "%s", buf);
    } else {
        fflush(stdout);
        fputs(buf, stderr);
        fflush(stderr);
    }
}

WEAK void err_sys(const char *fmt, ...)
{
    int e = errno;
    va_list ap;

    va_start(ap, fmt);
    err_doit(1, e, LOG_ERR, fmt, ap);
    va_end(ap);
    exit(1);
}

WEAK void err_quit(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    err_doit(0, 0, LOG_ERR, fmt, ap);
    va_end(ap);
    exit(1);
}

WEAK void err_msg(const char *fmt, ...)
{
    int e = errno;
    va_list ap;

    va_start(ap, fmt);
    err_doit(0, 0, LOG_INFO, fmt, ap);
    va_end(ap);
    errno = e;
}

WEAK void err_ret(const char *fmt, ...)
{
    int e = errno;
    va_list ap;

    va_start(ap, fmt);
    err_doit(1, e, LOG_INFO, fmt, ap);
    va_end(ap);
    errno = e;
}

WEAK void err_dump(const char *fmt, ...)
{
    int e = errno;
    va_list ap;

    va_start(ap, fmt);
    err_doit(1, e, LOG_ERR, fmt, ap);
    va_end(ap);
    abort();
}

/* ---- readn, writen, readline ------------------------------------------- */

WEAK ssize_t readn(int fd, void *vptr, size_t n)
{
    char *ptr = vptr;
    size_t nleft = n;
    ssize_t nread;

    while (nleft > 0) {
        if ((nread = read(fd, ptr, nleft)) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        } else if (nread == 0)
            break;
        nleft -= nread;
        ptr += nread;
    }
    return n - nleft;
}

WEAK ssize_t writen(int fd, const void *vptr, size_t n)
{
    const char *ptr = vptr;
    size_t nleft = n;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                continue;
            return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

static int rl_cnt;
static char *rl_ptr;
static char rl_buf[MAXLINE];

/* One byte from the read-ahead buffer: 1, 0 at EOF, -1 on error. */
static ssize_t rl_getc(int fd, char *c)
{
    if (rl_cnt <= 0) {
        for (;;) {
            rl_cnt = read(fd, rl_buf, sizeof(rl_buf));
            if (rl_cnt >= 0)
                break;
            if (errno != EINTR)
                return -1;
        }
        if (rl_cnt == 0)
            return 0;
        rl_ptr = rl_buf;
    }
    rl_cnt--;
    *c = *rl_ptr++;
    return 1;
}

WEAK ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    char *ptr = vptr, c;
    size_t n;
    ssize_t rc;

    for (n = 1; n < maxlen; n++) {
        if ((rc = rl_getc(fd, &c)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break;
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1;
        } else
            return -1;
    }
    *ptr = 0;
    return n;
}

WEAK ssize_t Readline(int fd, void *ptr, size_t maxlen)
{
    ssize_t n = readline(fd, ptr, maxlen);

    if (n < 0)
        err_sys("readline error");
    return n;
}

WEAK ssize_t Readn(int fd, void *ptr, size_t nbytes)
{
    ssize_t n = readn(fd, ptr, nbytes);

    if (n < 0)
        err_sys("readn error");
    return n;
}

WEAK void Writen(int fd, void *ptr, size_t nbytes)
{
    if (writen(fd, ptr, nbytes) != (ssize_t)nbytes)
        err_sys("writen error");
}

/* ---- sock_ntop ---------------------------------------------------------- */

WEAK char *sock_ntop(const SA *sa, socklen_t salen)
{
    static char str[128];
    char portstr[8];

    switch (sa->sa_family) {
    case AF_INET: {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

        if (inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str)) == NULL)
            return NULL;
        if (ntohs(sin->sin_port) != 0) {
            snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
            strcat(str, portstr);
        }
        return str;
    }
    case AF_INET6: {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

        str[0] = '[';
        if (inet_ntop(AF_INET6, &sin6->sin6_addr, str + 1, sizeof(str) - 1) == NULL)
            return NULL;
        if (ntohs(sin6->sin6_port) != 0) {
            snprintf(portstr, sizeof(portstr), "]:%d", ntohs(sin6->sin6_port));
            strcat(str, portstr);
            return str;
        }
        return str + 1;
    }
    case AF_UNIX: {
        const struct sockaddr_un *unp = (const struct sockaddr_un *)sa;

        if (unp->sun_path[0] == 0)
            strcpy(str, "(no pathname bound)");
        else
            snprintf(str, sizeof(str), "%s", unp->sun_path);
        return str;
    }
    default:
        snprintf(str, sizeof(str), "sock_ntop: unknown AF_xxx: %d, len %d", sa->sa_family, salen);
        return str;
    }
}

WEAK char *Sock_ntop(const SA *sa, socklen_t salen)
{
    char *p = sock_ntop(sa, salen);

    if (p == NULL)
        err_sys("sock_ntop error");
    return p;
}

/* ---- the echo functions ------------------------------------------------- */

WEAK void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0)
        Writen(sockfd, buf, n);
    if (n < 0 && errno == EINTR)
        goto again;
    else if (n < 0)
        err_sys("str_echo: read error");
}

WEAK char *Fgets(char *ptr, int n, FILE *stream)
{
    char *rptr = fgets(ptr, n, stream);

    if (rptr == NULL && ferror(stream))
        err_sys("fgets error");
    return rptr;
}

WEAK void Fputs(const char *ptr, FILE *stream)
{
    if (fputs(ptr, stream) == EOF)
        err_sys("fputs error");
}

WEAK void str_cli(FILE *fp, int sockfd)
{
    char sendline[MAXLINE], recvline[MAXLINE];

    while (Fgets(sendline, MAXLINE, fp) != NULL) {
        Writen(sockfd, sendline, strlen(sendline));
        if (Readline(sockfd, recvline, MAXLINE) == 0)
            err_quit("str_cli: server terminated prematurely");
        Fputs(recvline, stdout);
    }
}

/* ---- the wrappers the book's servers and clients call ------------------- */

WEAK int Socket(int family, int type, int protocol)
{
    int n = socket(family, type, protocol);

    if (n < 0)
        err_sys("socket error");
    return n;
}

WEAK void Bind(int fd, const SA *sa, socklen_t salen)
{
    if (bind(fd, sa, salen) < 0)
        err_sys("bind error");
}

WEAK void Connect(int fd, const SA *sa, socklen_t salen)
{
    if (connect(fd, sa, salen) < 0)
        err_sys("connect error");
}

WEAK void Listen(int fd, int backlog)
{
    char *ptr = getenv("LISTENQ");

    if (ptr != NULL)
        backlog = atoi(ptr);
    if (listen(fd, backlog) < 0)
        err_sys("listen error");
}

WEAK int Accept(int fd, SA *sa, socklen_t *salenptr)
{
    int n;

again:
    if ((n = accept(fd, sa, salenptr)) < 0) {
        if (errno == EPROTO || errno == ECONNABORTED)
            goto again;
        err_sys("accept error");
    }
    return n;
}

WEAK int Select(int nfds, fd_set *rs, fd_set *ws, fd_set *es, struct timeval *tv)
{
    int n = select(nfds, rs, ws, es, tv);

    if (n < 0)
        err_sys("select error");
    return n;
}

WEAK ssize_t Read(int fd, void *ptr, size_t nbytes)
{
    ssize_t n = read(fd, ptr, nbytes);

    if (n == -1)
        err_sys("read error");
    return n;
}

WEAK void Write(int fd, void *ptr, size_t nbytes)
{
    if (write(fd, ptr, nbytes) != (ssize_t)nbytes)
        err_sys("write error");
}

WEAK void Close(int fd)
{
    if (close(fd) == -1)
        err_sys("close error");
}

WEAK pid_t Fork(void)
{
    pid_t pid = fork();

    if (pid == -1)
        err_sys("fork error");
    return pid;
}

WEAK Sigfunc *Signal(int signo, Sigfunc *func)
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = signo == SIGALRM ? 0 : SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0)
        err_sys("signal error");
    return oact.sa_handler;
}

WEAK void Inet_pton(int family, const char *strptr, void *addrptr)
{
    int n = inet_pton(family, strptr, addrptr);

    if (n < 0)
        err_sys("inet_pton error for %s", strptr);
    else if (n == 0)
        err_quit("inet_pton error for %s", strptr);
}

/* ---- more wrappers, for the size table of tests/hard/size.sh ------------ */

WEAK void Getsockname(int fd, SA *sa, socklen_t *salenptr)
{
    if (getsockname(fd, sa, salenptr) < 0)
        err_sys("getsockname error");
}

WEAK void Setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
{
    if (setsockopt(fd, level, optname, optval, optlen) < 0)
        err_sys("setsockopt error");
}

WEAK ssize_t Recvfrom(int fd, void *ptr, size_t nbytes, int flags, SA *sa, socklen_t *salenptr)
{
    ssize_t n = recvfrom(fd, ptr, nbytes, flags, sa, salenptr);

    if (n < 0)
        err_sys("recvfrom error");
    return n;
}

WEAK void Sendto(int fd, const void *ptr, size_t nbytes, int flags, const SA *sa, socklen_t salen)
{
    if (sendto(fd, ptr, nbytes, flags, sa, salen) != (ssize_t)nbytes)
        err_sys("sendto error");
}

WEAK const char *Inet_ntop(int family, const void *addrptr, char *strptr, size_t len)
{
    const char *ptr;

    if (strptr == NULL)
        err_quit("NULL 3rd argument to inet_ntop");
    if ((ptr = inet_ntop(family, addrptr, strptr, len)) == NULL)
        err_sys("inet_ntop error");
    return ptr;
}

WEAK void *Malloc(size_t size)
{
    void *ptr = malloc(size);

    if (ptr == NULL)
        err_sys("malloc error");
    return ptr;
}
