/* lossyrelay.c -- a test network element for the reliable-UDP scenarios: a
 * UDP relay between a client and a server that drops a seeded fraction of
 * the datagrams in each direction and delays the rest.  The sandbox kernel
 * has no netem, so this plays the lossy link (tests/run.sh).
 *
 *   lossyrelay <listen-port> <server-ip> <server-port> <loss-%> <delay-ms> <seed>
 *
 * Datagrams from anyone to <listen-port> go to the server (the last sender
 * is the client); the server's replies go back to that client.  Every drop
 * prints "drop c->s N bytes" or "drop s->c N bytes" on stdout, every relayed
 * datagram "pass c->s" / "pass s->c". */
#include "lnp.h"

#define QMAX 256

static struct pending {
    struct timeval due;
    int     to_server;
    size_t  len;
    char    data[2048];
} queue[QMAX];
static int qlen;

static uint32_t rng;

static int
lose(int percent)                   /* xorshift32: the seeded drop decision */
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return (int) (rng % 100) < percent;
}

static long
ms_until(const struct timeval *t)
{
    struct timeval now;

    Gettimeofday(&now, NULL);
    return (t->tv_sec - now.tv_sec) * 1000 + (t->tv_usec - now.tv_usec) / 1000;
}

int
main(int argc, char **argv)
{
    int     cfd, sfd, loss, delay, i, timeout, have_client = 0;
    struct sockaddr_in addr, server, client;
    socklen_t len;
    struct pollfd fds[2];
    char    buf[2048];
    ssize_t n;

    if (argc != 7)
        err_quit("usage: lossyrelay <listen-port> <server-ip> <server-port> <loss-%%> <delay-ms> <seed>");
    loss = atoi(argv[4]);
    delay = atoi(argv[5]);
    rng = (uint32_t) strtoul(argv[6], NULL, 10) | 1;
    setvbuf(stdout, NULL, _IOLBF, 0);

    cfd = Socket(AF_INET, SOCK_DGRAM, 0);
    bzero(&addr, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(atoi(argv[1]));
    Bind(cfd, (SA *) &addr, sizeof(addr));

    bzero(&server, sizeof(server));
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[3]));
    Inet_pton(AF_INET, argv[2], &server.sin_addr);
    sfd = Socket(AF_INET, SOCK_DGRAM, 0);
    Connect(sfd, (SA *) &server, sizeof(server));

    fds[0].fd = cfd;
    fds[1].fd = sfd;
    fds[0].events = fds[1].events = POLLIN;
    for ( ; ; ) {
        timeout = -1;
        for (i = 0; i < qlen; i++) {
            long ms = ms_until(&queue[i].due);
            if (ms < 0)
                ms = 0;
            if (timeout < 0 || ms < timeout)
                timeout = (int) ms;
        }
        Poll(fds, 2, timeout);
        for (i = 0; i < 2; i++) {
            if (!(fds[i].revents & POLLIN))
                continue;
            if (i == 0) {
                len = sizeof(client);
                n = Recvfrom(cfd, buf, sizeof(buf), 0, (SA *) &client, &len);
                have_client = 1;
            } else if ( (n = recv(sfd, buf, sizeof(buf), 0)) < 0)
                continue;           /* ICMP port unreachable from the server side */
            if (lose(loss)) {
                printf("drop %s %zd bytes\n", i == 0 ? "c->s" : "s->c", n);
                continue;
            }
            if (qlen == QMAX)
                err_quit("lossyrelay: queue full");
            Gettimeofday(&queue[qlen].due, NULL);
            queue[qlen].due.tv_usec += delay * 1000L;
            queue[qlen].due.tv_sec += queue[qlen].due.tv_usec / 1000000;
            queue[qlen].due.tv_usec %= 1000000;
            queue[qlen].to_server = (i == 0);
            queue[qlen].len = n;
            memcpy(queue[qlen].data, buf, n);
            qlen++;
        }
        for (i = 0; i < qlen; ) {
            if (ms_until(&queue[i].due) > 0) {
                i++;
                continue;
            }
            if (queue[i].to_server) {
                send(sfd, queue[i].data, queue[i].len, 0);
                printf("pass c->s\n");
            } else if (have_client) {
                sendto(cfd, queue[i].data, queue[i].len, 0, (SA *) &client, sizeof(client));
                printf("pass s->c\n");
            }
            queue[i] = queue[--qlen];
        }
    }
}
