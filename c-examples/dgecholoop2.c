/* dgecholoop2.c -- RECONSTRUCTION of Figure 8.18 (a picture in the book),
 * written from the prose of §8.8: dgecholoop1.c with a larger socket
 * receive buffer (SO_RCVBUF) set before the loop.  The text speaks of 240 KB
 * (§8.8); this program asks for 220 * 1024 bytes.  Linux caps the request at
 * net.core.rmem_max and doubles it (socket(7)).  Link with udpserv01.c's main
 * (that is udpserv07). */
#include "lnp.h"

static void sig_int(int);
static int  count;      /* datagrams received so far */

void
dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    int         n;
    socklen_t   len;
    char        mesg[MAXLINE];

    Signal(SIGINT, sig_int);

    n = 220 * 1024;
    Setsockopt(sockfd, SOL_SOCKET, SO_RCVBUF, &n, sizeof(n));

    for ( ; ; ) {
        len = clilen;
        Recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len);

        count++;
    }
}

static void
sig_int(int signo)
{
    printf("\nreceived %d datagrams\n", count);
    exit(0);
}
