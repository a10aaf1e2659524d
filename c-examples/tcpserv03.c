/* tcpserv03.c -- RECONSTRUCTION: the book prints no tcpserv03.c.  Built as the
 * prose says (§5.4): tcpserv02 with the head of its for loop replaced by
 * the fragment in §5.4 (a raw accept that goes back to the top of the
 * loop on EINTR).  Link with sigchldwait.c and str_echo.c.
 * With tcpcli04 it shows the lost-signal problem: one wait() per SIGCHLD, so
 * children whose signals were merged stay <defunct> (§5.4). */
#include      "lnp.h"
int
main(int argc, char **argv)
{
    int     listenfd, connfd;
    pid_t   childpid;
    socklen_t clilen;
    struct sockaddr_in cliaddr, servaddr;
    void    sig_chld(int);
    listenfd = Socket (AF_INET, SOCK_STREAM, 0);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl (INADDR_ANY);
    servaddr.sin_port = htons (SERV_PORT);
    Bind(listenfd, (SA *) &servaddr, sizeof(servaddr));
    Listen(listenfd, LISTENQ);
    Signal (SIGCHLD, sig_chld);
    for ( ; ; ) {
        clilen = sizeof (cliaddr);
        if ( (connfd = accept (listenfd, (SA *) &cliaddr, &clilen)) < 0) {
            if (errno == EINTR)
                continue;         /* back to for () */
            else
                err_sys ("accept error");
        }
        if ( (childpid = Fork()) == 0) { /* child process */
            Close(listenfd);    /* close listening socket */
            str_echo(connfd);   /* process the request */
            exit (0);
        }
        Close(connfd);          /* parent closes connected socket */
    }
}
