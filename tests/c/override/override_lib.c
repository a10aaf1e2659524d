/* A program that defines its own readline, Readline, writen, Writen, Socket,
   Listen, tv_sub, my_addrs, udp_client, the five err_* functions and a
   lower-case signal (the book's signal.c), and also uses other library
   functions (README.md: weak symbols).  It must link against
   liblnp.a and liblnp.so without "multiple definition"; its own definitions
   must run when it calls those names, while the library's functions keep
   using the library's own versions internally. */
#include "check.h"
#include <stdarg.h>

/* Every own definition writes "own NAME" to stderr (in the child tests,
   where stderr is captured) and counts its calls. */
static int own_calls;
static void own(const char *name)
{
    own_calls++;
    fprintf(stderr, "own %s\n", name);
}

/* Stevens' slow readline, one byte per read. */
ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t n, rc;
    char c, *ptr = vptr;

    own("readline");
    for (n = 1; n < (ssize_t)maxlen; n++) {
        if ((rc = read(fd, &c, 1)) == 1) {
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

ssize_t Readline(int fd, void *ptr, size_t maxlen)
{
    own("Readline");
    return readline(fd, ptr, maxlen);
}

ssize_t writen(int fd, const void *vptr, size_t n)
{
    own("writen");
    return write(fd, vptr, n);
}

void Writen(int fd, void *ptr, size_t nbytes)
{
    own("Writen");
    writen(fd, ptr, nbytes);
}

int Socket(int family, int type, int protocol)
{
    own("Socket");
    return socket(family, type, protocol);
}

void Listen(int fd, int backlog)
{
    own("Listen");
    listen(fd, backlog);
}

void tv_sub(struct timeval *out, struct timeval *in)
{
    own("tv_sub");
    out->tv_sec = 4242;
    (void)in;
}

char **my_addrs(int *addrtype)
{
    own("my_addrs");
    *addrtype = -7;
    return NULL;
}

int udp_client(const char *host, const char *serv, SA **saptr, socklen_t *lenp)
{
    own("udp_client");
    (void)host, (void)serv, (void)saptr, (void)lenp;
    return -42;
}

static void own_doit(const char *name, int errnoflag, const char *fmt, va_list ap)
{
    int saved = errno;
    fprintf(stderr, "own %s: ", name);
    vfprintf(stderr, fmt, ap);
    if (errnoflag)
        fprintf(stderr, " [%s]", strerror(saved));
    fputc('\n', stderr);
}

#define OWN_ERR(name, errnoflag, after)                                   \
    void name(const char *fmt, ...)                                       \
    {                                                                     \
        va_list ap;                                                       \
        va_start(ap, fmt);                                                \
        own_doit(#name, errnoflag, fmt, ap);                              \
        va_end(ap);                                                       \
        after;                                                            \
    }
OWN_ERR(err_sys, 1, exit(3))
OWN_ERR(err_quit, 0, exit(4))
OWN_ERR(err_dump, 1, exit(5))
OWN_ERR(err_msg, 0, (void)0)
OWN_ERR(err_ret, 1, (void)0)

/* The book's signal.c (§5.4). */
static int own_signal_calls;
Sigfunc *signal(int signo, Sigfunc *func)
{
    struct sigaction act, oact;

    own_signal_calls++;
    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = signo == SIGALRM ? 0 : SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0)
        return SIG_ERR;
    return oact.sa_handler;
}

static volatile sig_atomic_t caught;
static void handler(int signo)
{
    caught = signo;
}

/* The library's echo pair over TCP, with library-made sockets: str_echo
   in a child, str_cli here. */
static void library_echo(void)
{
    socklen_t len;
    char port[16];
    struct sockaddr_in sin;
    int lfd, fd;
    FILE *in;
    pid_t pid;

    lfd = tcp_listen("127.0.0.1", "0", &len); /* the library's Socket and Listen */
    len = sizeof(sin);
    getsockname(lfd, (SA *)&sin, &len);
    snprintf(port, sizeof(port), "%d", ntohs(sin.sin_port));
    if ((pid = Fork()) == 0) {
        fd = Accept(lfd, NULL, NULL);
        str_echo(fd); /* the library's: Readline/Writen inside are its own */
        _exit(0);
    }
    fd = tcp_connect("127.0.0.1", port);
    in = tmpfile();
    fputs("line one\nline two\n", in);
    rewind(in);
    str_cli(in, fd); /* the library's, printing the echo on stdout */
    Close(fd);
    Waitpid(pid, NULL, 0);
}

int main(void)
{
    struct timeval a = {5, 0}, b = {1, 0};
    char buf[MAXLINE];
    int fd, sv[2], type = 0, on = 0;
    socklen_t len = sizeof(on);
    SA *sa;

    /* The program's own definitions run when it calls them... */
    EXPECT_EXIT((fd = Socket(AF_INET, SOCK_STREAM, 0), Listen(fd, 5)), 0, "own Socket\nown Listen\n");
    EXPECT_EXIT((tv_sub(&a, &b), exit(a.tv_sec == 4242 ? 0 : 1)), 0, "own tv_sub\n");
    EXPECT_EXIT(exit(my_addrs(&type) == NULL && type == -7 ? 0 : 1), 0, "own my_addrs\n");
    EXPECT_EXIT(exit(udp_client("127.0.0.1", "9", &sa, &len) == -42 ? 0 : 1), 0, "own udp_client\n");
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    EXPECT_EXIT((Writen(sv[0], "hi\n", 3), Readline(sv[1], buf, sizeof(buf))), 0,
                "own Writen\nown writen\nown Readline\nown readline\n");
    EXPECT_EXIT(err_sys("sys %d", 1), 3, "own err_sys: sys 1 [Success]\n");
    EXPECT_EXIT((errno = EPIPE, err_ret("ret")), 0, "own err_ret: ret [Broken pipe]\n");
    EXPECT_EXIT(err_msg("msg %s", "x"), 0, "own err_msg: msg x\n");
    EXPECT_EXIT(err_quit("quit"), 4, "own err_quit: quit\n");
    EXPECT_EXIT(err_dump("dump"), 5, "own err_dump: dump [Success]\n");
    signal(SIGUSR1, handler);
    CHECK_INT(own_signal_calls, 1);
    raise(SIGUSR1);
    CHECK_INT(caught, SIGUSR1);

    /* ... while the library's functions use the library's versions. */
    own_calls = 0;
    EXPECT_EXIT(library_echo(), 0, "");
    CHECK_STR(check_out, "line one\nline two\n");
    EXPECT_EXIT(Close(-1), 1, "close error: Bad file descriptor\n"); /* the library's err_sys */
    fd = Tcp_listen("127.0.0.1", "0", NULL);
    Getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len);
    CHECK_INT(on, 1); /* listening, through the library's own Listen */
    Close(fd);
    fd = Udp_client("127.0.0.1", "9", &sa, &len); /* the library's udp_client */
    CHECK(fd >= 0 && sa != NULL && len == sizeof(struct sockaddr_in));
    CHECK_STR(Sock_ntop(sa, len), "127.0.0.1:9");
    free(sa);
    Close(fd);
    caught = 0;
    Signal(SIGUSR2, handler); /* the library's Signal does not go through signal */
    raise(SIGUSR2);
    CHECK_INT(caught, SIGUSR2);
    CHECK_INT(own_signal_calls, 1);
    CHECK_INT(own_calls, 0);

    return check_done("override_lib");
}
