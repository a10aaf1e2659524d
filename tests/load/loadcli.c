/*
 * loadcli: N concurrent TCP clients of an echo server, each sending M lines
 * and checking every echoed byte, in one process with epoll.
 *
 *   loadcli HOST PORT NCLIENTS NLINES [TIMEOUT_SECONDS]
 *
 * All N connections are opened first (so N clients are connected at once),
 * then every client streams its lines while reading the echo; a client that
 * has sent everything shuts down its sending side and must then read the
 * last byte and EOF.  Prints
 *   LOAD clients=N lines=M bytes=B seconds=S mbps=X lines_per_s=L
 * and exits 0; 2 on a wrong byte or early EOF, 3 on a timeout, 4 on a
 * system error.  Plain libc only: the same client measures both builds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct client {
    int fd, done;
    long send_line, recv_line; /* the line being sent / checked */
    int send_off, recv_off;    /* offset inside that line */
};

static long nlines;

/* Line j of client i, 16 to 100 bytes, newline-terminated; returns its length. */
static int make_line(char *buf, long i, long j)
{
    int len = 16 + (int)((i * 31 + j * 17) % 85);
    int n = snprintf(buf, len + 1, "c%ld l%ld ", i, j);

    for (int k = n; k < len - 1; k++)
        buf[k] = 'A' + (char)((i + j + k) % 26);
    buf[len - 1] = '\n';
    return len;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(int status, const char *what, long id)
{
    fprintf(stderr, "loadcli: client %ld: %s%s%s\n", id, what, errno ? ": " : "", errno ? strerror(errno) : "");
    exit(status);
}

int main(int argc, char **argv)
{
    struct sockaddr_in sin;
    struct rlimit rl;
    struct epoll_event ev, events[256];
    struct client *cl;
    long nclients, finished = 0, i;
    unsigned long long bytes = 0;
    double timeout, t0;
    int ep;

    if (argc < 5) {
        fprintf(stderr, "usage: loadcli HOST PORT NCLIENTS NLINES [TIMEOUT]\n");
        return 4;
    }
    nclients = atol(argv[3]);
    nlines = atol(argv[4]);
    timeout = argc > 5 ? atof(argv[5]) : 120;
    signal(SIGPIPE, SIG_IGN);
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1)
        fail(4, "bad address", -1);
    if ((cl = calloc(nclients, sizeof(*cl))) == NULL || (ep = epoll_create1(0)) < 0)
        fail(4, "setup", -1);

    t0 = now();
    for (i = 0; i < nclients; i++) {
        errno = 0;
        if ((cl[i].fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
            fail(4, "socket", i);
        /* The server may still be starting: retry the first connection for 5 s. */
        while (connect(cl[i].fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
            if (i > 0 || errno != ECONNREFUSED || now() - t0 > 5)
                fail(4, "connect", i);
            close(cl[i].fd);
            usleep(20000);
            cl[i].fd = socket(AF_INET, SOCK_STREAM, 0);
        }
        fcntl(cl[i].fd, F_SETFL, O_NONBLOCK);
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.u64 = (unsigned long long)i;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, cl[i].fd, &ev) < 0)
            fail(4, "epoll_ctl", i);
    }

    t0 = now();
    while (finished < nclients) {
        int n = epoll_wait(ep, events, 256, 1000);

        if (n < 0 && errno != EINTR)
            fail(4, "epoll_wait", -1);
        if (now() - t0 > timeout) {
            errno = 0;
            fail(3, "timeout", -1);
        }
        for (int e = 0; e < n; e++) {
            struct client *c = &cl[events[e].data.u64];
            long id = (long)events[e].data.u64;
            char buf[65536], line[128];

            if (events[e].events & EPOLLOUT && c->send_line < nlines) {
                /* Batch the next lines, up to 16 KB, and send what the socket takes. */
                int len = 0;
                long j = c->send_line;
                int off = c->send_off;
                while (j < nlines && len < 16384) {
                    int l = make_line(line, id, j);
                    memcpy(buf + len, line + off, l - off);
                    len += l - off;
                    off = 0;
                    j++;
                }
                ssize_t w = write(c->fd, buf, len);
                if (w < 0 && errno != EAGAIN)
                    fail(4, "write", id);
                for (ssize_t left = w > 0 ? w : 0; left > 0;) {
                    int l = make_line(line, id, c->send_line) - c->send_off;
                    if (left >= l) {
                        left -= l;
                        c->send_line++;
                        c->send_off = 0;
                    } else {
                        c->send_off += (int)left;
                        left = 0;
                    }
                }
                if (c->send_line == nlines) {
                    shutdown(c->fd, SHUT_WR);
                    ev.events = EPOLLIN;
                    ev.data.u64 = (unsigned long long)id;
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            if (events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                ssize_t r = read(c->fd, buf, sizeof(buf));
                if (r < 0 && errno == EAGAIN)
                    continue;
                if (r < 0)
                    fail(4, "read", id);
                if (r == 0) {
                    errno = 0;
                    if (c->recv_line != nlines)
                        fail(2, "early EOF", id);
                    close(c->fd);
                    c->done = 1;
                    finished++;
                    continue;
                }
                bytes += r;
                for (ssize_t k = 0; k < r;) {
                    if (c->recv_line >= nlines) {
                        errno = 0;
                        fail(2, "bytes after the last line", id);
                    }
                    int l = make_line(line, id, c->recv_line);
                    int take = l - c->recv_off < r - k ? l - c->recv_off : (int)(r - k);
                    if (memcmp(buf + k, line + c->recv_off, take) != 0) {
                        errno = 0;
                        fprintf(stderr, "loadcli: client %ld: wrong echo in line %ld\n", id, c->recv_line);
                        exit(2);
                    }
                    k += take;
                    c->recv_off += take;
                    if (c->recv_off == l) {
                        c->recv_line++;
                        c->recv_off = 0;
                    }
                }
            }
        }
    }
    double s = now() - t0;
    printf("LOAD clients=%ld lines=%ld bytes=%llu seconds=%.3f mbps=%.2f lines_per_s=%.0f\n", nclients, nlines, bytes, s,
           bytes / s / 1e6, nclients * nlines / s);
    return 0;
}
