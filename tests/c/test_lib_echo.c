/* str_echo, str_cli, dg_echo, dg_cli over real sockets. */
#include "check.h"


static FILE *input(const char *text)
{
    FILE *fp = tmpfile();

    fputs(text, fp);
    rewind(fp);
    return fp;
}

/* Fork a child that runs str_echo on one end of a stream pair; returns its pid. */
static pid_t echo_server(int fd, int other)
{
    pid_t pid = fork();

    if (pid == 0) {
        close(other);
        str_echo(fd);
        _exit(0);
    }
    close(fd);
    return pid;
}

static void test_str_echo(void)
{
    int sv[2], st;
    char buf[64];
    pid_t pid;

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid = echo_server(sv[1], sv[0]);
    Writen(sv[0], "hello\n", 6);
    CHECK_INT(Readn(sv[0], buf, 6), 6);
    CHECK(memcmp(buf, "hello\n", 6) == 0);
    Writen(sv[0], "no newline", 10);
    CHECK_INT(Readn(sv[0], buf, 10), 10);
    CHECK(memcmp(buf, "no newline", 10) == 0);
    /* EOF: str_echo returns */
    shutdown(sv[0], SHUT_WR);
    CHECK_INT(read(sv[0], buf, sizeof buf), 0);
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(sv[0]);
    EXPECT_EXIT(str_echo(-1), 1, "str_echo: read error: Bad file descriptor\n");
}

static void test_str_cli(void)
{
    int sv[2];
    pid_t pid;
    FILE *fp;
    static char longline[3 * MAXLINE], want[3 * MAXLINE];
    int i;

    /* two lines, echoed to stdout */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid = echo_server(sv[1], sv[0]);
    fp = input("first line\nsecond\n");
    EXPECT_EXIT(str_cli(fp, sv[0]), 0, "");
    CHECK_STR(check_out, "first line\nsecond\n");
    close(sv[0]);
    waitpid(pid, NULL, 0);
    fclose(fp);

    /* a line longer than MAXLINE - 1 goes out and comes back in pieces */
    for (i = 0; i < MAXLINE + 500; i++)
        longline[i] = 'A' + i % 26;
    strcpy(longline + i, "\nend\n");
    strcpy(want, longline);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid = echo_server(sv[1], sv[0]);
    fp = input(longline);
    EXPECT_EXIT(str_cli(fp, sv[0]), 0, "");
    CHECK_STR(check_out, want);
    close(sv[0]);
    waitpid(pid, NULL, 0);
    fclose(fp);

    /* the server reads the line and goes away without answering */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    if ((pid = fork()) == 0) {
        char buf[64];
        close(sv[0]);
        Readline(sv[1], buf, sizeof buf);
        _exit(0);
    }
    close(sv[1]);
    fp = input("anyone?\n");
    EXPECT_EXIT(str_cli(fp, sv[0]), 1, "str_cli: server terminated prematurely\n");
    waitpid(pid, NULL, 0);
    close(sv[0]);
    fclose(fp);
}

/* The server resets the connection: Readline inside str_cli dies with the errno text. */
static void test_str_cli_reset(void)
{
    int lfd = Tcp_listen("127.0.0.1", "0", NULL), cfd, afd;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    struct linger lg = {1, 0};
    char buf[64];
    pid_t pid;
    FILE *fp;

    getsockname(lfd, (SA *)&ss, &len);
    cfd = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(cfd, (SA *)&ss, len);
    afd = Accept(lfd, NULL, NULL);
    if ((pid = fork()) == 0) {
        Readline(afd, buf, sizeof buf);
        setsockopt(afd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(afd);
        _exit(0);
    }
    close(afd);
    fp = input("reset me\n");
    EXPECT_EXIT(str_cli(fp, cfd), 1, "readline error: Connection reset by peer\n");
    waitpid(pid, NULL, 0);
    fclose(fp);
    close(cfd);
    close(lfd);
}

static void test_dg(void)
{
    int sfd = Udp_server("127.0.0.1", "0", NULL), cfd;
    struct sockaddr_storage serv, cli;
    socklen_t slen = sizeof serv;
    pid_t pid;
    FILE *fp;

    getsockname(sfd, (SA *)&serv, &slen);
    if ((pid = fork()) == 0) {
        dg_echo(sfd, (SA *)&cli, sizeof cli);
        _exit(3); /* never reached */
    }
    close(sfd);
    cfd = Socket(AF_INET, SOCK_DGRAM, 0);
    fp = input("datagram one\ntwo\n");
    EXPECT_EXIT(dg_cli(fp, cfd, (SA *)&serv, slen), 0, "");
    CHECK_STR(check_out, "datagram one\ntwo\n");
    fclose(fp);
    /* an IPv6 echo server answers the same way */
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    close(cfd);

    if (ipv6_loopback()) {
        sfd = Udp_server("::1", "0", NULL);
        slen = sizeof serv;
        getsockname(sfd, (SA *)&serv, &slen);
        if ((pid = fork()) == 0) {
            dg_echo(sfd, (SA *)&cli, sizeof cli);
            _exit(3);
        }
        close(sfd);
        cfd = Socket(AF_INET6, SOCK_DGRAM, 0);
        fp = input("six\n");
        EXPECT_EXIT(dg_cli(fp, cfd, (SA *)&serv, slen), 0, "");
        CHECK_STR(check_out, "six\n");
        fclose(fp);
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    fp = input("x\n");
    EXPECT_EXIT(dg_cli(fp, -1, (SA *)&serv, slen), 1, "sendto error: Bad file descriptor\n");
    fclose(fp);
    EXPECT_EXIT(dg_echo(-1, (SA *)&cli, sizeof cli), 1, "recvfrom error: Bad file descriptor\n");
    close(cfd);
}

int main(void)
{
    test_str_echo();
    test_str_cli();
    test_str_cli_reset();
    test_dg();
    return check_done("lib_echo");
}
