/* udpserv07.c -- RECONSTRUCTION: the server of §8.8 (unnamed in the
 * book); it is the udpserv01 main of Figure 8.3 (itself a picture, see
 * udpserv01.c) linked with dgecholoop2.c (Figure 8.18). */
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
