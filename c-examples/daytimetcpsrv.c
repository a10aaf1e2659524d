/* daytimetcpsrv.c -- book §1.3 (Figure 1.4); transcription fixes: README.md */
#include "lnp.h"
#include <time.h>
int
main (int argc, char **argv)
{
    int listenfd, connfd;
    struct sockaddr_in servaddr;
    char buff [MAXLINE];
    time_t ticks;
    listenfd = Socket (AF_INET, SOCK_STREAM, 0);
    bzero (&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl (INADDR_ANY);
    servaddr.sin_port = htons (13); /* daytime server */
    bind (listenfd, (SA *) &servaddr, sizeof (servaddr));
    Listen (listenfd, LISTENQ);
    for ( ; ; ) {
        connfd = Accept (listenfd, (SA *) NULL, NULL);
        ticks = time(NULL);
        snprintf (buff, sizeof (buff), "%.24s\r\n", ctime(&ticks));
        Write (connfd, buff, strlen (buff));

        close (connfd);
    }
}
