/* tcpcli09.c -- RECONSTRUCTION: the book runs tcpcli09 (§5.9) but prints
 * no main for it: "the client and server main functions do not change"
 * (§5.9).  This is tcpcli01.c (§5.2) unchanged; link with str_cli09.c,
 * which includes sum.h (binary arguments). */
#include    "unp.h"
int
main(int argc, char **argv)
{
    int     sockfd;
    struct sockaddr_in servaddr;
    if (argc != 2)
        err_quit("usage: tcpcli <IPaddress>");
    sockfd = Socket(AF_INET, SOCK_STREAM, 0);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(SERV_PORT);
    Inet_pton(AF_INET, argv[1], &servaddr.sin_addr);
    Connect(sockfd, (SA *) &servaddr, sizeof(servaddr));
    str_cli(stdin, sockfd);     /* do it all */
    exit(0);
}
