/* Like the book's tcpserv/tcpcli and udpserv/udpcli programs that bring their
   own str_echo, str_cli, dg_echo and dg_cli (str_echo08.c, dgcliloop1.c, ...):
   the program's definitions must link against liblnp.a and liblnp.so and run,
   next to the library's Readline, Writen, Fgets, Sendto, Recvfrom, ... */
#include "check.h"
#include <ctype.h>

static int own_calls;

/* Echo each line upper-cased, with the library's Readline and Writen. */
void str_echo(int sockfd)
{
    char line[MAXLINE];
    ssize_t n, i;

    own_calls++;
    while ((n = Readline(sockfd, line, sizeof(line))) > 0) {
        for (i = 0; i < n; i++)
            line[i] = toupper((unsigned char)line[i]);
        Writen(sockfd, line, n);
    }
}

/* Send each line, print "got: " and the reply. */
void str_cli(FILE *fp, int sockfd)
{
    char sendline[MAXLINE], recvline[MAXLINE];

    own_calls++;
    while (Fgets(sendline, MAXLINE, fp) != NULL) {
        Writen(sockfd, sendline, strlen(sendline));
        if (Readline(sockfd, recvline, MAXLINE) == 0)
            err_quit("str_cli: server terminated prematurely");
        Fputs("got: ", stdout);
        Fputs(recvline, stdout);
    }
}

/* Reply to n datagrams with their length, then return. */
static int dg_rounds;
void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    char mesg[MAXLINE], reply[32];
    socklen_t len;
    ssize_t n;

    own_calls++;
    while (dg_rounds-- > 0) {
        len = clilen;
        n = Recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len);
        snprintf(reply, sizeof(reply), "%zd bytes\n", n);
        Sendto(sockfd, reply, strlen(reply), 0, pcliaddr, len);
    }
}

void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    ssize_t n;

    own_calls++;
    while (Fgets(sendline, MAXLINE, fp) != NULL) {
        Sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen);
        n = Recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL);
        recvline[n] = 0;
        Fputs("dg: ", stdout);
        Fputs(recvline, stdout);
    }
}

static FILE *lines(const char *text)
{
    FILE *fp = tmpfile();
    fputs(text, fp);
    rewind(fp);
    return fp;
}

int main(void)
{
    struct sockaddr_in servaddr, cliaddr;
    socklen_t len = sizeof(servaddr);
    int listenfd, connfd, sockfd;
    pid_t pid;

    /* TCP: the book's tcpserv01 / tcpcli01 shape */
    listenfd = Socket(AF_INET, SOCK_STREAM, 0);
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Bind(listenfd, (SA *)&servaddr, sizeof(servaddr));
    Listen(listenfd, LISTENQ);
    Getsockname(listenfd, (SA *)&servaddr, &len);
    if ((pid = Fork()) == 0) {
        connfd = Accept(listenfd, NULL, NULL);
        str_echo(connfd);
        _exit(own_calls == 1 ? 0 : 9);
    }
    sockfd = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(sockfd, (SA *)&servaddr, sizeof(servaddr));
    EXPECT_EXIT(str_cli(lines("hello\nworld\n"), sockfd), 0, "");
    CHECK_STR(check_out, "got: HELLO\ngot: WORLD\n");
    Close(sockfd);
    {
        int status;
        Waitpid(pid, &status, 0);
        CHECK_INT(status, 0);
    }
    Close(listenfd);

    /* UDP: udpserv01 / udpcli01 */
    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);
    servaddr.sin_port = 0;
    Bind(sockfd, (SA *)&servaddr, sizeof(servaddr));
    len = sizeof(servaddr);
    Getsockname(sockfd, (SA *)&servaddr, &len);
    if ((pid = Fork()) == 0) {
        dg_rounds = 2;
        dg_echo(sockfd, (SA *)&cliaddr, sizeof(cliaddr));
        _exit(0);
    }
    Close(sockfd);
    sockfd = Socket(AF_INET, SOCK_DGRAM, 0);
    EXPECT_EXIT(dg_cli(lines("abc\nde\n"), sockfd, (SA *)&servaddr, len), 0, "");
    CHECK_STR(check_out, "dg: 4 bytes\ndg: 3 bytes\n");
    Waitpid(pid, NULL, 0);
    Close(sockfd);

    /* the library's own message text still comes from the library */
    EXPECT_EXIT(Connect(-1, (SA *)&servaddr, len), 1, "connect error: Bad file descriptor\n");
    return check_done("override_echo");
}
