/* dg_echo.c -- RECONSTRUCTION of Figure 8.4 (a picture in the book), written
 * from the prose of §8.2: a loop that never ends (UDP has no EOF),
 * reading the next datagram with recvfrom and sending it back to its sender
 * with sendto.  Protocol-independent: the address structure is only passed
 * through, never looked into. */
#include "lnp.h"

void
dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    int         n;
    socklen_t   len;
    char        mesg[MAXLINE];

    for ( ; ; ) {
        len = clilen;
        n = Recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len);

        Sendto(sockfd, mesg, n, 0, pcliaddr, len);
    }
}
