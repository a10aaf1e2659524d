/* str_echo08.c (printed as str_ech08.c) -- book §5.9 (no fixes needed) */
#include     "unp.h"

void
str_echo(int sockfd)
{
    long     arg1,     arg2;
    ssize_t n;
    char    line[MAXLINE];

    for ( ; ; ) {
        if ( (n = Readline(sockfd, line, MAXLINE)) == 0)
            return;             /* connection closed by other end */

        if (sscanf(line, "%ld%ld", &arg1, &arg2) == 2)
            snprintf(line, sizeof(line), "%ld\n", arg1 + arg2);
        else
            snprintf(line, sizeof(line), "input error\n");

        n = strlen(line);
        Writen(sockfd, line, n);
    }
}
