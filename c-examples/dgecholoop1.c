/* dgecholoop1.c -- RECONSTRUCTION of Figure 8.17 (a picture in the book),
 * written from the prose of §8.8: a dg_echo that only counts the
 * datagrams it receives and sends nothing back; SIGINT prints the count and
 * ends the server.  Link with udpserv01.c's main (that is udpserv06). */
#include "lnp.h"

static void sig_int(int);
static int  count;      /* datagrams received so far */

void
dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    socklen_t   len;
    char        mesg[MAXLINE];

    Signal(SIGINT, sig_int);

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
