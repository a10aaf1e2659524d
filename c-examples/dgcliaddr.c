/* dgcliaddr.c -- RECONSTRUCTION of Figure 8.9 (a picture in the book), written
 * from the prose of §8.4: dg_cli that verifies the reply's address.  A
 * second socket address structure of servlen bytes is allocated with Malloc;
 * recvfrom fills it with the sender of each reply, and a reply whose address
 * length or address differs from the server's is reported as ignored and not
 * printed. */
#include "lnp.h"

void
dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int         n;
    char        sendline[MAXLINE], recvline[MAXLINE + 1];
    socklen_t   len;
    SA          *reply_addr;

    reply_addr = Malloc(servlen);

    while (Fgets(sendline, MAXLINE, fp) != NULL) {

        Sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen);

        len = servlen;
        n = Recvfrom(sockfd, recvline, MAXLINE, 0, reply_addr, &len);
        if (len != servlen || memcmp(pservaddr, reply_addr, len) != 0) {
            printf("reply from %s (ignored)\n", Sock_ntop(reply_addr, len));
            continue;
        }

        recvline[n] = 0;        /* null terminate */
        Fputs(recvline, stdout);
    }
}
