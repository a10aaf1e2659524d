/*
 * Fuzzing the name functions: host_serv, tcp_connect, udp_client and
 * udp_connect with arbitrary host and service strings (random bytes, random
 * lengths up to 3000, NULL) must fail cleanly: host_serv returns NULL exactly
 * when getaddrinfo fails; the others either return a descriptor or exit(1)
 * with the book's message (computed here from getaddrinfo/gai_strerror; the
 * strings are printed literally, so '%' in them formats nothing).  The dying
 * calls run in a child each.
 *
 * As root the test first moves into a private, empty network namespace, so
 * no lookup leaves the machine and every connect fails at once; otherwise it
 * tries only a fixed list of names (no DNS), and says so.
 * LNP_FUZZ_CASES (default 300) sets the number of random cases.
 */
#define _GNU_SOURCE 1 /* unshare */
#include "check.h"
#include <sched.h>

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned long long rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random string: NULL, short or long, from one of several alphabets. */
static char *random_string(char *buf, size_t size)
{
    static const char *alphabets[] = {"0123456789.", "0123456789abcdef:.%", "abcdefghijklmnopqrstuvwxyz.-", "%sn%d%x%", NULL};
    unsigned kind = rnd() % 20;
    size_t len;

    if (kind == 0)
        return NULL;
    len = kind < 15 ? rnd() % 24 : kind < 19 ? rnd() % 300 : rnd() % (size - 1);
    const char *alpha = alphabets[rnd() % 5];
    for (size_t i = 0; i < len; i++)
        buf[i] = alpha ? alpha[rnd() % strlen(alpha)] : (char)(rnd() % 255 + 1);
    buf[len] = 0;
    return buf;
}

/* What err_quit prints for "<fn> error for %s, %s: %s": at most 4095 characters + newline. */
static void quit_text(char *out, const char *fn, const char *host, const char *serv, const char *why)
{
    char msg[MAXLINE];

    snprintf(msg, sizeof(msg), "%s error for %s, %s: %s", fn, host ? host : "(null)", serv ? serv : "(null)", why);
    snprintf(out, MAXLINE + 1, "%s\n", msg);
}

/* The same without the reason: the prefix of err_sys's text. */
static void sys_prefix(char *out, const char *fn, const char *host, const char *serv)
{
    char msg[MAXLINE];

    snprintf(msg, sizeof(msg), "%s error for %s, %s: ", fn, host ? host : "(null)", serv ? serv : "(null)");
    snprintf(out, MAXLINE + 1, "%s", msg);
}

static int failures;

static void one_case(const char *host, const char *serv)
{
    static const int families[] = {AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX, 12345};
    static const int types[] = {0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, 999};
    struct addrinfo hints, *res;
    char want[MAXLINE + 2];
    int pipes[2][2], gai;
    pid_t pid;

    /* host_serv: NULL exactly when getaddrinfo fails. */
    int family = families[rnd() % 5], type = types[rnd() % 5];
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_CANONNAME;
    hints.ai_family = family;
    hints.ai_socktype = type;
    gai = getaddrinfo(host, serv, &hints, &res);
    if (gai == 0)
        freeaddrinfo(res);
    struct addrinfo *got = host_serv(host, serv, family, type);
    CHECK_REPORT((got == NULL) == (gai != 0), "host_serv(%.40s, %.40s, %d, %d) = %p, getaddrinfo %d", host ? host : "(null)",
                 serv ? serv : "(null)", family, type, (void *)got, gai);
    if (got)
        freeaddrinfo(got);

    /* tcp_connect, udp_connect, udp_client: a descriptor or the book's message. */
    static const struct {
        const char *name;
        int socktype;
    } fns[] = {{"tcp_connect", SOCK_STREAM}, {"udp_connect", SOCK_DGRAM}, {"udp_client", SOCK_DGRAM}};
    for (int f = 0; f < 3; f++) {
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = fns[f].socktype;
        gai = getaddrinfo(host, serv, &hints, &res);
        if (gai == 0)
            freeaddrinfo(res);
        if ((pid = check_fork(pipes)) == 0) {
            int fd;
            if (f == 0)
                fd = tcp_connect(host, serv);
            else if (f == 1)
                fd = udp_connect(host, serv);
            else {
                SA *sa = NULL;
                socklen_t len = 0;
                fd = udp_client(host, serv, &sa, &len);
                if (sa == NULL || len == 0)
                    _exit(3);
                free(sa);
            }
            _exit(fd >= 0 ? 0 : 4);
        }
        check_collect(pid, pipes);
        if (gai != 0) {
            quit_text(want, fns[f].name, host, serv, gai_strerror(gai));
            CHECK_REPORT(check_status == 1 && strcmp(check_err, want) == 0, "%s(%.40s, %.40s): status %d, stderr \"%.200s\"",
                         fns[f].name, host ? host : "(null)", serv ? serv : "(null)", check_status, check_err);
        } else {
            sys_prefix(want, fns[f].name, host, serv);
            CHECK_REPORT(check_status == 0 || (check_status == 1 && strncmp(check_err, want, strlen(want)) == 0),
                         "%s(%.40s, %.40s): status %d, stderr \"%.200s\"", fns[f].name, host ? host : "(null)",
                         serv ? serv : "(null)", check_status, check_err);
        }
        if (check_failed && !failures++)
            fprintf(stderr, "first failing case: host %s, serv %s\n", host ? host : "(null)", serv ? serv : "(null)");
    }
}

int main(void)
{
    static char host[3001], serv[3001];
    static const char *fixed[][2] = {
        {"127.0.0.1", "9"},  {"::1", "discard"}, {"localhost", "0"}, {"", ""},       {NULL, "9"},
        {"127.0.0.1", NULL}, {NULL, NULL},       {"%s%n%s", "%d"},   {"1.2.3", "x"}, {"[::1]", "65536"},
    };
    const char *env = getenv("LNP_FUZZ_CASES");
    int cases = env ? atoi(env) : 300;
    int isolated = geteuid() == 0 && unshare(CLONE_NEWNET) == 0;

    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        one_case(fixed[i][0], fixed[i][1]);
    if (isolated) {
        for (int i = 0; i < cases; i++)
            one_case(random_string(host, sizeof(host)), random_string(serv, sizeof(serv)));
        printf("hard_names: %d random cases in a private network namespace\n", cases);
    } else
        printf("hard_names: random cases SKIPPED (need root for a private network namespace)\n");
    return check_done("hard_names");
}
