/* dgcliloop1.c -- RECONSTRUCTION of Figure 8.16 (a picture in the book),
 * written from the prose of §8.8: a dg_cli that ignores its input and
 * sends 2,000 datagrams of 1,400 bytes to the server as fast as it can, then
 * returns without reading anything.  Link with udpcli01.c's main. */
#include "lnp.h"

#define NDG     2000    /* datagrams to send */
#define DGLEN   1400    /* length of each datagram */

void
dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int     i;
    char    sendline[DGLEN];

    memset(sendline, 0, sizeof(sendline));
    for (i = 0; i < NDG; i++) {
        Sendto(sockfd, sendline, DGLEN, 0, pservaddr, servlen);
    }
}
