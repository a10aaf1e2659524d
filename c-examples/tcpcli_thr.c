/* tcpcli_thr.c -- lnp's own program in the style of the original UNP's
 * threads chapter (section 26.3): the TCP echo client whose str_cli hands
 * stdin to a second thread.  The copyto thread sends the lines and shuts the
 * write half down at EOF; the main thread prints what the server echoes
 * until the server closes. */
#include "unpthread.h"

static int   sockfd;            /* global for both threads to access */
static FILE *fp;

static void *
copyto(void *arg)
{
    char    sendline[MAXLINE];

    while (Fgets(sendline, MAXLINE, fp) != NULL)
        Writen(sockfd, sendline, strlen(sendline));

    Shutdown(sockfd, SHUT_WR);  /* EOF on stdin, send FIN */
    return(NULL);               /* return (i.e., thread terminates) when EOF on stdin */
}

static void
str_cli_thr(FILE *fp_arg, int sockfd_arg)
{
    char    recvline[MAXLINE];
    pthread_t tid;

    sockfd = sockfd_arg;        /* copy arguments to externals */
    fp = fp_arg;

    Pthread_create(&tid, NULL, copyto, NULL);

    while (Readline(sockfd, recvline, MAXLINE) > 0)
        Fputs(recvline, stdout);
    Pthread_join(tid, NULL);
}

int
main(int argc, char **argv)
{
    int     fd;
    struct sockaddr_in servaddr;

    if (argc != 2)
        err_quit("usage: tcpcli_thr <IPaddress>");

    fd = Socket(AF_INET, SOCK_STREAM, 0);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(SERV_PORT);
    Inet_pton(AF_INET, argv[1], &servaddr.sin_addr);
    Connect(fd, (SA *) &servaddr, sizeof(servaddr));

    str_cli_thr(stdin, fd);
    exit(0);
}
