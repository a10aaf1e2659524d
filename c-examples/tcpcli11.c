/* tcpcli11.c -- RECONSTRUCTION: the book runs tcpcli11 (printed "tcpclill",
 * §5.6) but prints only its str_cli (str_cli11.c, §5.6).  This is
 * tcpcli01.c (§5.2) unchanged; link with str_cli11.c. */
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
