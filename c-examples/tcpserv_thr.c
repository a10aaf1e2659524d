/* tcpserv_thr.c -- lnp's own program in the style of the original UNP's
 * threads chapter (section 26.3): the TCP echo server with one thread per
 * client instead of one process.  Each thread detaches itself, so nobody
 * joins it, and runs the library's str_echo.  The descriptor travels in a
 * malloc'd int, so two quick connections never share one variable. */
#include "unpthread.h"

static void *doit(void *);      /* each thread executes this function */

int
main(int argc, char **argv)
{
    int     listenfd, *iptr;
    pthread_t tid;
    socklen_t clilen;
    struct sockaddr_in cliaddr, servaddr;

    listenfd = Socket(AF_INET, SOCK_STREAM, 0);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(SERV_PORT);
    Bind(listenfd, (SA *) &servaddr, sizeof(servaddr));
    Listen(listenfd, LISTENQ);

    for ( ; ; ) {
        clilen = sizeof(cliaddr);
        iptr = Malloc(sizeof(int));
        *iptr = Accept(listenfd, (SA *) &cliaddr, &clilen);
        Pthread_create(&tid, NULL, &doit, iptr);
    }
}

static void *
doit(void *arg)
{
    int     connfd;

    connfd = *((int *) arg);
    free(arg);

    Pthread_detach(pthread_self());
    str_echo(connfd);           /* same function as before */
    Close(connfd);              /* done with connected socket */
    return(NULL);
}
