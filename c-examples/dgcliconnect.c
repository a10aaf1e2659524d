/* dgcliconnect.c -- RECONSTRUCTION of Figure 8.15 (a picture in the book),
 * written from the prose of §8.7: dg_cli on a connected UDP socket.
 * connect once, then write each line and read the reply; an ICMP port
 * unreachable for an earlier datagram comes back as ECONNREFUSED from read
 * ("read error: Connection refused"). */
#include "lnp.h"

void
dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int     n;
    char    sendline[MAXLINE], recvline[MAXLINE + 1];

    Connect(sockfd, pservaddr, servlen);

    while (Fgets(sendline, MAXLINE, fp) != NULL) {

        Write(sockfd, sendline, strlen(sendline));

        n = Read(sockfd, recvline, MAXLINE);

        recvline[n] = 0;        /* null terminate */
        Fputs(recvline, stdout);
    }
}
