/*
 * State shared by functions that the static library keeps in different
 * archive members (tools/archive-split): each static and per-thread buffer
 * must exist once, whichever members a program pulls in, and the unwind
 * tables, split with their functions, must still describe every frame.
 *
 *   - sock_ntop and Sock_ntop return the same buffer, as do sock_ntop_host
 *     and Sock_ntop_host, and gf_time's calls;
 *   - bytes Readline read ahead are the ones readlinebuf then reports,
 *     and the next readline returns them;
 *   - the program's daemon_proc is the one err_msg reads;
 *   - a thread blocked in Readline is cancelled (pthread_cancel unwinds
 *     through the library's frames) and its cleanup handler runs.
 */
#include "check.h"

static void addr4(struct sockaddr_in *sin, const char *ip, int port)
{
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    inet_pton(AF_INET, ip, &sin->sin_addr);
}

static void shared_buffers(void)
{
    struct sockaddr_in a, b;
    char *p, *q;

    addr4(&a, "10.1.2.3", 80);
    addr4(&b, "192.0.2.7", 9877);
    p = sock_ntop((SA *)&a, sizeof a);
    q = Sock_ntop((SA *)&b, sizeof b);
    CHECK(p == q);
    CHECK_STR(p, "192.0.2.7:9877");
    p = Sock_ntop_host((SA *)&a, sizeof a);
    q = sock_ntop_host((SA *)&b, sizeof b);
    CHECK(p == q);
    CHECK_STR(p, "192.0.2.7");
    p = gf_time();
    q = gf_time();
    CHECK(p == q);
}

static void readline_buffer(void)
{
    int sv[2];
    char line[64];
    void *rest;
    const char text[] = "first\nsecond\nthird";

    CHECK_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    Writen(sv[1], (void *)text, strlen(text));
    close(sv[1]);
    CHECK_INT(Readline(sv[0], line, sizeof line), 6);
    CHECK_STR(line, "first\n");
    CHECK_INT(readlinebuf(&rest), 12);
    CHECK(rest != NULL && memcmp(rest, "second\nthird", 12) == 0);
    CHECK_INT(readline(sv[0], line, sizeof line), 7);
    CHECK_STR(line, "second\n");
    CHECK_INT(readlinebuf(&rest), 5);
    CHECK_INT(Readline(sv[0], line, sizeof line), 5);
    CHECK_STR(line, "third");
    CHECK_INT(readlinebuf(&rest), 0);
    close(sv[0]);
}

static void daemon_flag(void)
{
    /* daemon_proc set: err_msg writes to syslog (lost here), not stderr. */
    EXPECT_EXIT((daemon_proc = 1, err_msg("to syslog")), 0, "");
    EXPECT_EXIT((daemon_proc = 0, err_msg("to stderr")), 0, "to stderr\n");
}

static volatile int cleaned_up;

static void cleanup(void *arg)
{
    (void)arg;
    cleaned_up = 1;
}

static void *blocked_reader(void *arg)
{
    char line[64];

    pthread_cleanup_push(cleanup, NULL);
    Readline(*(int *)arg, line, sizeof line); /* never returns: nothing is written */
    pthread_cleanup_pop(0);
    return NULL;
}

static void cancel_in_library(void)
{
    int sv[2];
    pthread_t tid;
    void *res = NULL;

    CHECK_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    CHECK_INT(pthread_create(&tid, NULL, blocked_reader, &sv[0]), 0);
    usleep(50000);
    CHECK_INT(pthread_cancel(tid), 0);
    CHECK_INT(pthread_join(tid, &res), 0);
    CHECK(res == PTHREAD_CANCELED);
    CHECK_INT(cleaned_up, 1);
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    shared_buffers();
    readline_buffer();
    daemon_flag();
    cancel_in_library();
    return check_done("link_state");
}
