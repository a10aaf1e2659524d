/* tcpserv02.c -- RECONSTRUCTION: the book prints no tcpserv02.c.  Built as the
 * prose says (§5.4): tcpserv01.c (§5.1) plus the declaration
 * "void sig_chld(int);" and the fragment in §5.4, "Signal (SIGCHLD, sig_chld);",
 * placed after Listen and before the first fork.  Link with sigchldwait.c and
 * str_echo.c.
 * On Linux, lnp's Signal sets SA_RESTART, so accept is restarted after SIGCHLD
 * and the book's Solaris "accept error: Interrupted system call" (§5.4) does
 * not appear (Signal_intr would show it). */
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
    for ( ; ; )  {
        clilen = sizeof(cliaddr);
        connfd = Accept(listenfd, (SA *) &cliaddr, &clilen);
        if ( (childpid = Fork()) == 0) { /* child process */
            Close(listenfd);    /* close listening socket */
            str_echo(connfd);   /* process the request */
            exit (0);
        }
        Close(connfd);          /* parent closes connected socket */
    }
}
