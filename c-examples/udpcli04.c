/* udpcli04.c -- RECONSTRUCTION: the book runs udpcli04 (§8.7); its main
 * "keeps its original form" (§8.7), i.e. the udpcli01 main of
 * Figure 8.7 (itself a picture, see udpcli01.c).  Link with dgcliconnect.c
 * (dg_cli on a connected socket). */
#include "lnp.h"

int
main(int argc, char **argv)
{
    int     sockfd;
    struct sockaddr_in servaddr;

    if (argc != 2)
        err_quit("usage: udpcli <IPaddress>");

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(SERV_PORT);
    Inet_pton(AF_INET, argv[1], &servaddr.sin_addr);

    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));

    exit(0);
}
