/*
 * mcastsendrecv: send to and receive from one multicast group, the way the
 * multicast chapter of UNP (§21.10, mcast/sendrecv) uses the library's
 * helpers. Written for lnp (not a book listing).
 *
 *   mcastsendrecv <group> <port#> <ifname> <count>
 *
 * A child process sends <count> datagrams "<ifname> #<n>" to the group, one
 * every 200 ms after a 1 s head start for the other hosts, with multicast
 * loopback off so that a host does not hear itself. The parent joins the
 * group on <ifname> and prints every datagram it receives from the others:
 *
 *   from <sender> to <group> via <ifname>: <text>
 *
 * and stops after <count> datagrams (or after 10 s). IPv4 and IPv6 groups
 * both work; the IPv6 destination is not printed (lnp_in_pktinfo has room
 * only for an IPv4 address), "to ?" stands in for it.
 */
#include "lnp.h"

static void send_all(int sendfd, SA *sadest, socklen_t salen, const char *ifname, int count)
{
    char line[MAXLINE];
    int i;

    sleep(1);
    for (i = 1; i <= count; i++) {
        snprintf(line, sizeof line, "%s #%d", ifname, i);
        Sendto(sendfd, line, strlen(line), 0, sadest, salen);
        usleep(200000);
    }
    exit(0);
}

static void recv_all(int recvfd, socklen_t salen, int count)
{
    char line[MAXLINE + 1], ifbuf[IFNAMSIZ];
    struct lnp_in_pktinfo pkt;
    socklen_t len;
    struct sockaddr *safrom = Malloc(salen);
    int i, flags;
    ssize_t n;

    for (i = 0; i < count; i++) {
        len = salen;
        flags = 0;
        n = Recvfrom_flags(recvfd, line, MAXLINE, &flags, safrom, &len, &pkt);
        line[n] = 0;
        printf("from %s to %s via %s: %s\n", Sock_ntop_host(safrom, len),
               pkt.ipi_addr.s_addr != 0 ? inet_ntoa(pkt.ipi_addr) : "?",
               If_indextoname(pkt.ipi_ifindex, ifbuf), line);
        fflush(stdout);
    }
    free(safrom);
}

int main(int argc, char **argv)
{
    int sendfd, recvfd, count;
    const int on = 1;
    socklen_t salen;
    struct sockaddr *sasend, *sarecv;
    pid_t pid;

    if (argc != 5)
        err_quit("usage: mcastsendrecv <group> <port#> <ifname> <count>");
    count = atoi(argv[4]);

    /* the sending socket: the group's address, our interface, no loopback */
    sendfd = Udp_client(argv[1], argv[2], &sasend, &salen);
    Mcast_set_if(sendfd, argv[3], 0);
    Mcast_set_loop(sendfd, 0);
    Mcast_set_ttl(sendfd, 1);

    /* the receiving socket: bound to the group and port, joined on ifname */
    recvfd = Socket(sasend->sa_family, SOCK_DGRAM, 0);
    Setsockopt(recvfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sarecv = Malloc(salen);
    memcpy(sarecv, sasend, salen);
    Bind(recvfd, sarecv, salen);
    Mcast_join(recvfd, sasend, salen, argv[3], 0);
    if (sasend->sa_family == AF_INET)
        Setsockopt(recvfd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
    else
        Setsockopt(recvfd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));

    if ((pid = Fork()) == 0)
        send_all(sendfd, sasend, salen, argv[3], count);  /* child sends */

    alarm(10);                                            /* never hang */
    recv_all(recvfd, salen, count);                       /* parent receives */
    Waitpid(pid, NULL, 0);
    exit(0);
}
