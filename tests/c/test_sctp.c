/*
 * The SCTP part of lnp on the host, whose kernel has no SCTP (the real
 * protocol is tested in a user-mode-linux guest by `make test-sctp`):
 * the header's declarations are lksctp's, the argument checks, the control
 * message plumbing over an AF_UNIX socketpair (which ignores SCTP control
 * messages), the Sctp_* wrappers' MSG_EOF split and input flags 0, the error
 * messages, and a program's own sctpstr_cli winning over the weak default.
 */
#include "check.h"

/* lksctp's <netinet/sctp.h> declarations, verbatim: no conflicting types. */
int sctp_bindx(int sd, struct sockaddr *addrs, int addrcnt, int flags);
int sctp_connectx(int sd, struct sockaddr *addrs, int addrcnt, sctp_assoc_t *id);
int sctp_peeloff(int sd, sctp_assoc_t assoc_id);
int sctp_opt_info(int sd, sctp_assoc_t id, int opt, void *arg, socklen_t *size);
int sctp_getpaddrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freepaddrs(struct sockaddr *addrs);
int sctp_getladdrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freeladdrs(struct sockaddr *addrs);
int sctp_sendmsg(int s, const void *msg, size_t len, struct sockaddr *to, socklen_t tolen, uint32_t ppid,
                 uint32_t flags, uint16_t stream_no, uint32_t timetolive, uint32_t context);
int sctp_send(int s, const void *msg, size_t len, const struct sctp_sndrcvinfo *sinfo, int flags);
int sctp_recvmsg(int s, void *msg, size_t len, struct sockaddr *from, socklen_t *fromlen,
                 struct sctp_sndrcvinfo *sinfo, int *msg_flags);
/* ... and the book's (Appendix B). */
int Sctp_recvmsg(int, void *, size_t, struct sockaddr *, socklen_t *, struct sctp_sndrcvinfo *, int *);
int Sctp_sendmsg(int, void *, size_t, struct sockaddr *, socklen_t, uint32_t, uint32_t, uint16_t, uint32_t, uint32_t);
int Sctp_bindx(int, struct sockaddr_storage *, int, int);

/* A program's own sctpstr_cli replaces the library's weak default. */
static int own_cli_called;
void sctpstr_cli(FILE *fp, int sock_fd, struct sockaddr *to, socklen_t tolen)
{
    own_cli_called = sock_fd;
}

int main(void)
{
    int sv[2], flags, n, fd;
    char buf[64];
    struct sctp_sndrcvinfo sri;
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(9)};
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    struct sockaddr *list = NULL;
    socklen_t len;

    /* compat names of the header (Linux spellings of the book's names) */
    CHECK_INT(SOL_SCTP, 132);
    CHECK_INT(MSG_EOF, SCTP_EOF);
    CHECK_INT(MSG_ABORT, SCTP_ABORT);
    CHECK_INT(MSG_PR_SCTP_TTL, SCTP_PR_SCTP_TTL);
    CHECK_INT(sizeof(struct sctp_sndrcvinfo), 32);

    /* without kernel SCTP: the book's failure (socket error: Socket type not supported) */
    fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    if (fd < 0 && errno == ESOCKTNOSUPPORT)
        EXPECT_EXIT(Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP), 1, "socket error: Socket type not supported\n");
    else if (fd >= 0)
        close(fd);

    /* argument checks that come before any system call */
    fd = Socket(AF_INET, SOCK_DGRAM, 0);
    errno = 0;
    CHECK_INT(sctp_bindx(fd, (SA *)&in, 1, 0), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_bindx(fd, (SA *)&un, 1, SCTP_BINDX_ADD_ADDR), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_bindx(fd, NULL, 1, SCTP_BINDX_ADD_ADDR), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_connectx(fd, (SA *)&in, 0, NULL), -1);
    CHECK_INT(errno, EINVAL);
    EXPECT_EXIT(Sctp_bindx(fd, (struct sockaddr_storage *)&in, 1, 7), 1, "sctp_bindx error: Invalid argument\n");
    /* an SCTP option on a UDP socket reaches the kernel, which refuses it */
    errno = 0;
    CHECK_INT(sctp_bindx(fd, (SA *)&in, 1, SCTP_BINDX_ADD_ADDR), -1);
    CHECK(errno != 0);
    /* sctp_opt_info: options without an association id give a positive ENOTSUP */
    errno = 0;
    len = sizeof(buf);
    CHECK_INT(sctp_opt_info(fd, 0, SCTP_GET_PEER_ADDRS, buf, &len), ENOTSUP);
    CHECK_INT(errno, 0);
    len = sizeof(buf);
    memset(buf, 0, sizeof(buf));
    CHECK_INT(sctp_opt_info(fd, 0x12345678, SCTP_STATUS, buf, &len), -1);
    CHECK_INT(*(sctp_assoc_t *)buf, 0x12345678); /* the id was put first */
    errno = 0;
    CHECK_INT(sctp_getpaddrs(fd, 0, NULL), -1);
    CHECK_INT(errno, EINVAL);
    CHECK_INT(sctp_getladdrs(fd, 0, &list), -1);
    CHECK_INT(sctp_freepaddrs(NULL), 0);
    CHECK_INT(sctp_freeladdrs(NULL), 0);
    errno = 0;
    CHECK_INT(sctp_peeloff(fd, 1), -1);
    CHECK(errno != 0);
    /* sctp_send without sinfo is a plain sendmsg, as in libsctp: the kernel's error */
    errno = 0;
    CHECK_INT(sctp_send(fd, "x", 1, NULL, 0), -1);
    CHECK_INT(errno, EDESTADDRREQ);
    close(fd);

    /* the sendmsg/recvmsg plumbing over AF_UNIX, which skips SCTP control messages */
    Socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
    CHECK_INT(sctp_sendmsg(sv[0], "hello", 5, NULL, 0, 1, 0, 3, 0, 0), 5);
    memset(&sri, 0x55, sizeof(sri));
    flags = 0;
    len = 77;
    n = sctp_recvmsg(sv[1], buf, sizeof(buf), (SA *)&un, &len, &sri, &flags);
    CHECK_INT(n, 5);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK_INT(sri.sinfo_assoc_id, 0);  /* zeroed even without SCTP_SNDRCV */
    CHECK_INT(sri.sinfo_stream, 0x5555); /* the rest left alone */
    CHECK(len < 77);                    /* the sender's address length was stored */
    sri.sinfo_stream = 2;
    CHECK_INT(sctp_send(sv[0], "sinfo", 5, &sri, 0), 5);
    CHECK_INT(sctp_recvmsg(sv[1], buf, sizeof(buf), NULL, NULL, NULL, NULL), 5);
    CHECK_INT(sctp_send(sv[0], "nosinfo", 7, NULL, 0), 7);
    CHECK_INT(sctp_recvmsg(sv[1], buf, sizeof(buf), NULL, NULL, NULL, NULL), 7);
    CHECK(memcmp(buf, "nosinfo", 7) == 0);

    /* Sctp_recvmsg passes 0 as input flags: MSG_PEEK in *msg_flags does not peek */
    Sctp_sendmsg(sv[0], "one", 3, NULL, 0, 0, 0, 0, 0, 0);
    Sctp_sendmsg(sv[0], "two", 3, NULL, 0, 0, 0, 0, 0, 0);
    flags = MSG_PEEK;
    CHECK_INT(Sctp_recvmsg(sv[1], buf, sizeof(buf), NULL, NULL, &sri, &flags), 3);
    CHECK(memcmp(buf, "one", 3) == 0);
    CHECK(!(flags & MSG_PEEK));
    flags = MSG_PEEK; /* the lower-case function uses it, as lksctp does */
    CHECK_INT(sctp_recvmsg(sv[1], buf, sizeof(buf), NULL, NULL, &sri, &flags), 3);
    CHECK(memcmp(buf, "two", 3) == 0);
    flags = 0;
    CHECK_INT(sctp_recvmsg(sv[1], buf, sizeof(buf), NULL, NULL, &sri, &flags), 3);
    CHECK(memcmp(buf, "two", 3) == 0);

    /* MSG_EOF with data: Sctp_sendmsg sends the data, then an empty EOF message */
    CHECK_INT(Sctp_sendmsg(sv[0], "last", 4, NULL, 0, 0, MSG_EOF, 0, 0, 0), 4);
    CHECK_INT(read(sv[1], buf, sizeof(buf)), 4);
    CHECK_INT(read(sv[1], buf, sizeof(buf)), 0);
    /* MSG_EOF without data: one message */
    CHECK_INT(Sctp_sendmsg(sv[0], "", 0, NULL, 0, 0, MSG_EOF, 0, 0, 0), 0);
    CHECK_INT(read(sv[1], buf, sizeof(buf)), 0);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    CHECK_INT(read(sv[1], buf, sizeof(buf)), -1); /* nothing more */

    /* dying wrappers */
    close(sv[0]);
    EXPECT_EXIT(Sctp_sendmsg(sv[0], "x", 1, NULL, 0, 0, 0, 0, 0, 0), 1, "sctp_sendmsg error: Bad file descriptor\n");
    EXPECT_EXIT((flags = 0, Sctp_recvmsg(sv[0], buf, sizeof(buf), NULL, NULL, NULL, &flags)), 1,
                "sctp_recvmsg error: Bad file descriptor\n");
    close(sv[1]);

    /* weak default replaced by the program's own */
    sctpstr_cli(stdin, 42, NULL, 0);
    CHECK_INT(own_cli_called, 42);
    return check_done("sctp-host");
}
