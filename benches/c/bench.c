/*
 * bench.c: one benchmark driver, linked twice: with liblnp.a (bench-lnp) and
 * with the plain C baseline ref.c (bench-c).  It calls only the functions
 * both provide, through their book prototypes.
 *
 *   bench-X readline   100 MB of short lines over a TCP loopback connection,
 *                      read with readline(fd, buf, MAXLINE)
 *   bench-X readn      256 MB written with writen and read with readn in
 *                      64 KiB blocks over TCP loopback
 *   bench-X echo       round trips to a str_echo server over TCP loopback:
 *                      writen one line, readline the echo
 *   bench-X ntop       sock_ntop on IPv4 and IPv6 addresses with ports
 *
 * Each prints one line
 *   RESULT bench=NAME rate=R unit=U cpu_rate=C reads_per_mb=N
 * where rate is measured on the wall clock, cpu_rate on the measuring
 * process's user+system CPU time, and reads_per_mb counts read(2) calls of
 * the measuring process (the link wraps read with -Wl,--wrap=read).
 * Every byte read is checked; a mismatch exits with status 2.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXLINE 4096

/* The book's prototypes (lnp.h), the only functions the driver uses. */
ssize_t readline(int, void *, size_t);
ssize_t readn(int, void *, size_t);
ssize_t writen(int, const void *, size_t);
void str_echo(int);
char *sock_ntop(const struct sockaddr *, socklen_t);

/* read(2) calls made by this process, counted with -Wl,--wrap=read. */
static unsigned long read_calls;
ssize_t __real_read(int, void *, size_t);
ssize_t __wrap_read(int fd, void *buf, size_t n)
{
    read_calls++;
    return __real_read(fd, buf, n);
}

static void die(const char *what)
{
    perror(what);
    exit(3);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* A connected TCP loopback pair: *a is the connecting end, *b the accepted one. */
static void tcp_pair(int *a, int *b)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int lfd = socket(AF_INET, SOCK_STREAM, 0), on = 1;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(lfd, 1) < 0 ||
        getsockname(lfd, (struct sockaddr *)&sin, &len) < 0)
        die("listen socket");
    if ((*a = socket(AF_INET, SOCK_STREAM, 0)) < 0 || connect(*a, (struct sockaddr *)&sin, sizeof(sin)) < 0)
        die("connect");
    if ((*b = accept(lfd, NULL, NULL)) < 0)
        die("accept");
    setsockopt(*a, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    setsockopt(*b, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    close(lfd);
}

static void wait_child(pid_t pid)
{
    int st;

    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench: writer child failed (status %d)\n", st);
        exit(3);
    }
}

static void report(const char *name, double amount, const char *unit, double wall, double cpu, double mb)
{
    printf("RESULT bench=%s rate=%.3f unit=%s cpu_rate=%.3f reads_per_mb=%.2f\n", name, amount / wall, unit,
           amount / cpu, mb > 0 ? read_calls / mb : 0.0);
}

/* A block of short lines (1 to 79 characters + newline, 40.5 on average). */
#define BLOCK (1 << 20)
static char block[BLOCK];
static size_t block_len, block_lines;

static void make_block(void)
{
    size_t len = 1;
    unsigned seed = 12345;

    while (block_len + len + 1 <= BLOCK) {
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245 + 12345;
            block[block_len++] = 'a' + (seed >> 16) % 26;
        }
        block[block_len++] = '\n';
        block_lines++;
        len = len % 79 + 1;
    }
}

static void writer_child(int fd, size_t blocks)
{
    for (size_t i = 0; i < blocks; i++) {
        size_t off = 0;

        while (off < block_len) {
            ssize_t n = write(fd, block + off, block_len - off);

            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                _exit(1);
            off += n;
        }
    }
    _exit(0);
}

static void bench_readline(void)
{
    const size_t blocks = 100;     /* 100 blocks of about 1 MB = 100 MB */
    char line[MAXLINE];
    size_t total = 0, lines = 0, pos = 0;
    int a, b;
    pid_t pid;
    ssize_t n;
    double t0, c0;

    make_block();
    tcp_pair(&a, &b);
    if ((pid = fork()) == 0) {
        close(b);
        writer_child(a, blocks);
    }
    close(a);
    read_calls = 0;
    t0 = now();
    c0 = cpu_now();
    while ((n = readline(b, line, MAXLINE)) > 0) {
        /* Check every byte against the block, line by line. */
        if (pos + n > block_len || memcmp(line, block + pos, n) != 0 || line[n] != 0) {
            fprintf(stderr, "bench readline: wrong line %zu\n", lines);
            exit(2);
        }
        pos += n;
        if (pos == block_len)
            pos = 0;
        total += n;
        lines++;
    }
    if (n < 0)
        die("readline");
    double wall = now() - t0, cpu = cpu_now() - c0;
    wait_child(pid);
    if (total != blocks * block_len || lines != blocks * block_lines) {
        fprintf(stderr, "bench readline: %zu bytes, %zu lines\n", total, lines);
        exit(2);
    }
    report("readline", total / 1e6, "MB/s", wall, cpu, total / 1e6);
    close(b);
}

static void bench_readn(void)
{
    const size_t chunk = 64 * 1024, chunks = 4096; /* 256 MiB */
    char *buf = malloc(chunk);
    size_t total = 0;
    int a, b;
    pid_t pid;
    ssize_t n;
    double t0, c0;

    if (buf == NULL)
        die("malloc");
    tcp_pair(&a, &b);
    if ((pid = fork()) == 0) {
        close(b);
        for (size_t i = 0; i < chunks; i++) {
            memset(buf, (int)(i & 0xff), chunk);
            if (writen(a, buf, chunk) != (ssize_t)chunk)
                _exit(1);
        }
        _exit(0);
    }
    close(a);
    read_calls = 0;
    t0 = now();
    c0 = cpu_now();
    for (size_t i = 0; i < chunks; i++) {
        if ((n = readn(b, buf, chunk)) != (ssize_t)chunk) {
            fprintf(stderr, "bench readn: chunk %zu: %zd\n", i, n);
            exit(2);
        }
        if (buf[0] != (char)(i & 0xff) || buf[chunk - 1] != (char)(i & 0xff)) {
            fprintf(stderr, "bench readn: wrong data in chunk %zu\n", i);
            exit(2);
        }
        total += n;
    }
    if (readn(b, buf, 1) != 0) {
        fprintf(stderr, "bench readn: no EOF\n");
        exit(2);
    }
    double wall = now() - t0, cpu = cpu_now() - c0;
    wait_child(pid);
    report("readn", total / 1e6, "MB/s", wall, cpu, total / 1e6);
    close(b);
    free(buf);
}

static void bench_echo(void)
{
    const int rounds = 40000;
    char line[MAXLINE], out[MAXLINE];
    size_t echoed = 0;
    int a, b;
    pid_t pid;
    double t0, c0;

    tcp_pair(&a, &b);
    if ((pid = fork()) == 0) {
        close(a);
        str_echo(b);
        _exit(0);
    }
    close(b);
    read_calls = 0;
    t0 = now();
    c0 = cpu_now();
    for (int i = 0; i < rounds; i++) {
        int len = snprintf(line, sizeof(line), "line %d of the echo benchmark, round trip\n", i);

        if (writen(a, line, len) != len)
            die("writen");
        if (readline(a, out, MAXLINE) != len || strcmp(out, line) != 0) {
            fprintf(stderr, "bench echo: wrong echo in round %d\n", i);
            exit(2);
        }
        echoed += len;
    }
    double wall = now() - t0, cpu = cpu_now() - c0;
    double mb = echoed / 1e6;
    shutdown(a, SHUT_WR);
    if (readline(a, out, MAXLINE) != 0) {
        fprintf(stderr, "bench echo: no EOF\n");
        exit(2);
    }
    wait_child(pid);
    report("echo", rounds, "rt/s", wall, cpu, mb);
    close(a);
}

static void bench_ntop(void)
{
    const int calls = 2000000;
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    size_t sum = 0;
    double t0, c0;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(9877);
    inet_pton(AF_INET, "192.168.101.254", &sin.sin_addr);
    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(443);
    inet_pton(AF_INET6, "2001:db8:85a3::8a2e:370:7334", &sin6.sin6_addr);
    t0 = now();
    c0 = cpu_now();
    for (int i = 0; i < calls; i += 2) {
        sin.sin_port = htons(1024 + (i & 0x3fff));
        sum += strlen(sock_ntop((struct sockaddr *)&sin, sizeof(sin)));
        sum += strlen(sock_ntop((struct sockaddr *)&sin6, sizeof(sin6)));
    }
    double wall = now() - t0, cpu = cpu_now() - c0;
    if (strcmp(sock_ntop((struct sockaddr *)&sin6, sizeof(sin6)), "[2001:db8:85a3::8a2e:370:7334]:443") != 0 ||
        sum < (size_t)calls * 20) {
        fprintf(stderr, "bench ntop: wrong text\n");
        exit(2);
    }
    report("ntop", calls / 1e6, "Mcalls/s", wall, cpu, 0);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "readline") == 0)
            bench_readline();
        else if (strcmp(argv[i], "readn") == 0)
            bench_readn();
        else if (strcmp(argv[i], "echo") == 0)
            bench_echo();
        else if (strcmp(argv[i], "ntop") == 0)
            bench_ntop();
        else {
            fprintf(stderr, "usage: %s readline|readn|echo|ntop...\n", argv[0]);
            return 3;
        }
        fflush(stdout);
    }
    return 0;
}
