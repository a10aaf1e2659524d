/* udpcli09.c -- RECONSTRUCTION of Figure 8.19 (a picture in the book), written
 * from the prose of §8.9: connect a UDP socket to <IPaddress>:SERV_PORT
 * (nothing is sent; the kernel only picks the outgoing interface by routing),
 * then getsockname shows the local address and port it chose. */
#include "lnp.h"

int
main(int argc, char **argv)
{
    int         sockfd;
    socklen_t   len;
    struct sockaddr_in cliaddr, servaddr;

    if (argc != 2)
        err_quit("usage: udpcli <IPaddress>");

    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(SERV_PORT);
    Inet_pton(AF_INET, argv[1], &servaddr.sin_addr);

    Connect(sockfd, (SA *) &servaddr, sizeof(servaddr));

    len = sizeof(cliaddr);
    Getsockname(sockfd, (SA *) &cliaddr, &len);
    printf("local address %s\n", Sock_ntop((SA *) &cliaddr, len));

    exit(0);
}
