/* udpcli_rtt.c -- lnp's own program in the style of the original UNP's
 * reliable-UDP section (22.5): the UDP echo client of chapter 8 whose dg_cli
 * goes through Dg_send_recv, so a lost request or reply is retransmitted
 * with a timeout from the RTT estimator.  Works with the chapter 8 servers
 * (udpserv01 echoes the header back with the data).
 *
 *   udpcli_rtt [-d] [-p port] [-t tick_ms] <IPaddress>
 *     -d   rtt_d_flag = 1: rtt_debug lines and retransmissions on stderr,
 *          and a final count of retransmissions
 *     -p   the server's port (default SERV_PORT)
 *     -t   milliseconds per RTO second (default 1000; tests scale down) */
#include "unprtt.h"

extern int  dg_tick_ms;
extern long dg_retransmissions;
ssize_t Dg_send_recv(int, const void *, size_t, void *, size_t, const SA *, socklen_t);

void
dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    ssize_t n;
    char    sendline[MAXLINE], recvline[MAXLINE + 1];

    while (Fgets(sendline, MAXLINE, fp) != NULL) {
        n = Dg_send_recv(sockfd, sendline, strlen(sendline),
                         recvline, MAXLINE, pservaddr, servlen);
        recvline[n] = 0;            /* null terminate */
        Fputs(recvline, stdout);
    }
}

int
main(int argc, char **argv)
{
    int     sockfd, c, port = SERV_PORT;
    struct sockaddr_in servaddr;

    while ( (c = getopt(argc, argv, "dp:t:")) != -1) {
        switch (c) {
        case 'd': rtt_d_flag = 1; break;
        case 'p': port = atoi(optarg); break;
        case 't': dg_tick_ms = atoi(optarg); break;
        default: err_quit("usage: udpcli_rtt [-d] [-p port] [-t tick_ms] <IPaddress>");
        }
    }
    if (optind != argc - 1 || dg_tick_ms <= 0)
        err_quit("usage: udpcli_rtt [-d] [-p port] [-t tick_ms] <IPaddress>");

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    Inet_pton(AF_INET, argv[optind], &servaddr.sin_addr);

    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));
    if (rtt_d_flag)
        fprintf(stderr, "%ld retransmissions\n", dg_retransmissions);
    exit(0);
}
