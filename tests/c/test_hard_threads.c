/*
 * Threads: readline, sock_ntop, sock_ntop_host and gf_time keep their data
 * in per-thread buffers (README.md), so 16 threads may call them at once.
 * Each thread reads its own stream of lines (lengths 1 to 3000, so lines
 * straddle read-ahead refills) and formats its own addresses; every result
 * is checked byte for byte.  Built normally and with -fsanitize=thread
 * (make check-tsan).  Checks are counted per thread and reported by main.
 */
#include "check.h"
#include <pthread.h>

#define NTHREADS 16
#define ROUNDS 40
#define LINES 25

/* Start together, and stay alive until all are done, so that no thread's
   buffers can be freed and handed to another while they are compared. */
static pthread_barrier_t start_line, finish_line;

struct job {
    int id;
    long errors, lines;
    char *ntop_ptr, *host_ptr;
    char first_error[256];
};

static void fail_job(struct job *j, const char *fmt, long a, long b)
{
    if (j->errors++ == 0)
        snprintf(j->first_error, sizeof(j->first_error), fmt, a, b);
}

/* Line i of round r of thread id: a header and filler to a varying length. */
static size_t make_line(char *buf, int id, int r, int i)
{
    size_t len = (size_t)((id * 7919 + r * 104729 + i * 1299709) % 3000) + 1;
    int n = snprintf(buf, len + 1, "t%d r%d l%d:", id, r, i);

    for (size_t k = (size_t)n < len ? (size_t)n : len; k < len; k++)
        buf[k] = 'a' + (char)((id + k) % 26);
    buf[len - 1] = '\n';
    buf[len] = 0;
    return len;
}

static void *worker(void *arg)
{
    struct job *j = arg;
    char want[MAXLINE], got[MAXLINE], expect[128];
    int sv[2];

    pthread_barrier_wait(&start_line);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        fail_job(j, "socketpair failed", 0, 0);
        pthread_barrier_wait(&finish_line);
        return NULL;
    }
    for (int r = 0; r < ROUNDS; r++) {
        /* Write one round of lines (at most 75 KB: fits the socket buffer). */
        for (int i = 0; i < LINES; i++) {
            size_t len = make_line(want, j->id, r, i);
            if (writen(sv[0], want, len) != (ssize_t)len)
                fail_job(j, "writen failed in round %ld line %ld", r, i);
        }
        for (int i = 0; i < LINES; i++) {
            size_t len = make_line(want, j->id, r, i);
            ssize_t n = readline(sv[1], got, sizeof(got));
            if (n != (ssize_t)len || strcmp(got, want) != 0)
                fail_job(j, "readline mismatch in round %ld line %ld", r, i);
            j->lines++;
        }

        /* sock_ntop / sock_ntop_host on an address of this thread and round. */
        struct sockaddr_in sin;
        struct sockaddr_in6 sin6;
        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)(1000 + j->id * 100 + r));
        sin.sin_addr.s_addr = htonl(0x0a000000u | (uint32_t)(j->id << 8) | (uint32_t)r);
        char *p = sock_ntop((SA *)&sin, sizeof(sin));
        snprintf(expect, sizeof(expect), "10.0.%d.%d:%d", j->id, r, 1000 + j->id * 100 + r);
        if (p == NULL || strcmp(p, expect) != 0)
            fail_job(j, "sock_ntop v4 wrong in round %ld", r, 0);
        if (r == 0)
            j->ntop_ptr = p;
        else if (p != j->ntop_ptr)
            fail_job(j, "sock_ntop buffer moved in round %ld", r, 0);

        memset(&sin6, 0, sizeof(sin6));
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)(2000 + r));
        sin6.sin6_addr.s6_addr[0] = 0x20;
        sin6.sin6_addr.s6_addr[1] = 0x01;
        sin6.sin6_addr.s6_addr[2] = 0x0d;
        sin6.sin6_addr.s6_addr[3] = 0xb8;
        sin6.sin6_addr.s6_addr[14] = (uint8_t)j->id;
        sin6.sin6_addr.s6_addr[15] = (uint8_t)(r + 1);
        p = sock_ntop((SA *)&sin6, sizeof(sin6));
        snprintf(expect, sizeof(expect), "[2001:db8::%x]:%d", (j->id << 8) | (r + 1), 2000 + r);
        if (p == NULL || strcmp(p, expect) != 0)
            fail_job(j, "sock_ntop v6 wrong in round %ld", r, 0);
        p = sock_ntop_host((SA *)&sin6, sizeof(sin6));
        snprintf(expect, sizeof(expect), "2001:db8::%x", (j->id << 8) | (r + 1));
        if (p == NULL || strcmp(p, expect) != 0)
            fail_job(j, "sock_ntop_host wrong in round %ld", r, 0);
        if (r == 0)
            j->host_ptr = p;
        else if (p != j->host_ptr)
            fail_job(j, "sock_ntop_host buffer moved in round %ld", r, 0);

        /* gf_time: HH:MM:SS.uuuuuu */
        char *t = gf_time();
        if (t == NULL || strlen(t) != 15 || t[2] != ':' || t[5] != ':' || t[8] != '.')
            fail_job(j, "gf_time text wrong in round %ld", r, 0);
    }
    /* A line left unfinished, then EOF: the tail comes back, then 0. */
    if (writen(sv[0], "tail", 4) != 4)
        fail_job(j, "writen tail failed", 0, 0);
    close(sv[0]);
    if (readline(sv[1], got, sizeof(got)) != 4 || strcmp(got, "tail") != 0)
        fail_job(j, "unterminated tail wrong", 0, 0);
    if (readline(sv[1], got, sizeof(got)) != 0 || got[0] != 0)
        fail_job(j, "no EOF after the tail", 0, 0);
    close(sv[1]);
    pthread_barrier_wait(&finish_line);
    return NULL;
}

int main(void)
{
    pthread_t tid[NTHREADS];
    struct job jobs[NTHREADS];

    (void)check_fork; /* the harness's fork helpers are not needed here */
    (void)check_collect;
    pthread_barrier_init(&start_line, NULL, NTHREADS);
    pthread_barrier_init(&finish_line, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++) {
        memset(&jobs[i], 0, sizeof(jobs[i]));
        jobs[i].id = i;
        CHECK_INT(pthread_create(&tid[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        CHECK_INT(pthread_join(tid[i], NULL), 0);
    for (int i = 0; i < NTHREADS; i++) {
        CHECK_REPORT(jobs[i].errors == 0, "thread %d: %ld errors, first: %s", i, jobs[i].errors, jobs[i].first_error);
        CHECK_INT(jobs[i].lines, ROUNDS * LINES);
        /* Every thread had its own buffers. */
        for (int k = 0; k < i; k++) {
            CHECK(jobs[i].ntop_ptr != jobs[k].ntop_ptr);
            CHECK(jobs[i].host_ptr != jobs[k].host_ptr);
        }
        CHECK(jobs[i].ntop_ptr != jobs[i].host_ptr);
    }
    return check_done("hard_threads");
}
