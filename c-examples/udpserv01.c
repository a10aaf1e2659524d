/* udpserv01.c -- RECONSTRUCTION of Figure 8.3 (a picture in the book), written
 * from the prose of §8.2: a UDP socket (SOCK_DGRAM) bound to the IPv4
 * wildcard address and the well-known port SERV_PORT, then dg_echo does the
 * work.  Link with dg_echo.c (or the library's dg_echo). */
#include "lnp.h"

int
main(int argc, char **argv)
{
    int     sockfd;
    struct sockaddr_in servaddr, cliaddr;

    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(SERV_PORT);

    Bind(sockfd, (SA *) &servaddr, sizeof(servaddr));

    dg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr));
}
