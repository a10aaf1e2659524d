/* udpcli02.c -- RECONSTRUCTION: udpcli01.c (Figure 8.7, itself reconstructed)
 * with the one change of the fragment in §8.4: the server port
 * htons(SERV_PORT) becomes htons(7), the standard echo service (§8.4).
 * Link with dgcliaddr.c (Figure 8.9), as the book's run in §8.4 does. */
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
    servaddr.sin_port = htons(7);
    Inet_pton(AF_INET, argv[1], &servaddr.sin_addr);

    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));

    exit(0);
}
