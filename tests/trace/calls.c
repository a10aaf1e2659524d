/* One call each of functions LNP_TRACE covers beyond the chapter 5 echo:
 * address conversion, stdio, signals (with a delivery), threads, unprtt.h,
 * unpifi.h, multicast options, udp_client. tests/trace/run.sh compares the
 * trace exactly; the program's own output must not change with the trace.
 * Run it with only 0, 1 and 2 open, in a network namespace with just lo. */
#include "lnp.h"
#include "unpthread.h"
#include "unpifi.h"
#include "unprtt.h"

static volatile sig_atomic_t hit;

static void on_usr1(int signo)
{
    hit = signo;
    errno = EIO; /* the handler's errno is the program's business */
}

static void *doit(void *arg)
{
    return arg;
}

int main(void)
{
    struct sockaddr_in sin, other;
    struct sockaddr *sa;
    struct sigaction act;
    struct rtt_info rtt;
    struct ifi_info *ifi;
    char text[INET_ADDRSTRLEN], line[MAXLINE];
    int fds[2], pair[2], udp;
    socklen_t len;
    sigset_t set;
    pthread_t tid;
    FILE *fp;

    bzero(&sin, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(SERV_PORT);
    Inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    Inet_ntop(AF_INET, &sin.sin_addr, text, sizeof text);
    printf("%s %s port %d\n", text, sock_ntop((SA *) &sin, sizeof sin), ntohs(sock_get_port((SA *) &sin, sizeof sin)));
    other = sin;
    sock_set_port((SA *) &other, sizeof other, htons(13));
    printf("same port: %d\n", sock_cmp_port((SA *) &sin, (SA *) &other, sizeof sin) == 0);

    Signal(SIGUSR1, on_usr1);
    errno = 0;
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &act);
    printf("handler ran: %d, errno %s, SA_RESTART %d\n", hit == SIGUSR1, errno == EIO ? "EIO" : "changed",
           (act.sa_flags & SA_RESTART) != 0);
    printf("previous handler returned: %d\n", Signal(SIGUSR1, SIG_DFL) == on_usr1);
    Sigemptyset(&set);
    Sigaddset(&set, SIGUSR1);
    Sigprocmask(SIG_BLOCK, &set, NULL);

    Pipe(fds);
    Write(fds[1], "pipe line\n", 10);
    Close(fds[1]);
    fp = Fdopen(fds[0], "r");
    while (Fgets(line, sizeof line, fp) != NULL)
        Fputs(line, stdout);
    Fclose(fp);
    Socketpair(AF_LOCAL, SOCK_STREAM, 0, pair);

    Pthread_create(&tid, NULL, doit, NULL);
    Pthread_join(tid, NULL);

    rtt_init(&rtt);
    rtt_newpack(&rtt);
    printf("rto %d\n", rtt_start(&rtt));

    printf("lo is %u\n", If_nametoindex("lo"));
    ifi = Get_ifi_info(AF_INET, 0);
    printf("first interface %s\n", ifi->ifi_name);
    free_ifi_info(ifi);

    udp = Socket(AF_INET, SOCK_DGRAM, 0);
    Mcast_set_loop(udp, 0);
    printf("loop %d\n", Mcast_get_loop(udp));
    Close(udp);
    udp = Udp_client("127.0.0.1", "9877", &sa, &len);
    free(sa);
    exit(0);
}
