/* udpcli01.c -- RECONSTRUCTION of Figure 8.7 (a picture in the book), written
 * from the prose of §8.3: the protocol-dependent main of the UDP echo
 * client fills an IPv4 socket address structure with the server's address and
 * SERV_PORT, creates a UDP socket and hands both to dg_cli.  Link with
 * dg_cli.c (or the library's dg_cli). */
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
