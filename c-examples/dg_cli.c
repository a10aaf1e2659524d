/* dg_cli.c -- RECONSTRUCTION of Figure 8.8 (a picture in the book), written
 * from the prose of §8.3: four steps per line -- fgets from the input,
 * sendto the server, recvfrom the echo (null pointers as the 5th and 6th
 * arguments: we do not care who replied), fputs to standard output.  The
 * socket is never bound; the kernel chooses the ephemeral port at the first
 * sendto. */
#include "lnp.h"

void
dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int     n;
    char    sendline[MAXLINE], recvline[MAXLINE + 1];

    while (Fgets(sendline, MAXLINE, fp) != NULL) {

        Sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen);

        n = Recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL);

        recvline[n] = 0;        /* null terminate */
        Fputs(recvline, stdout);
    }
}
