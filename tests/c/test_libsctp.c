/*
 * The libsctp-only functions of lnp's <netinet/sctp.h> on the host, whose
 * kernel has no SCTP (the protocol itself: tests/sctp/test_sctp_libsctp.c
 * in the user-mode-linux guest): sctp_getaddrlen, sctp_sendv's argument
 * checks and control-message building (gathered buffers, every infotype,
 * several addresses) and sctp_recvv's scattering over an AF_UNIX socketpair,
 * which delivers the data and ignores SCTP control messages, and
 * sctp_peeloff_flags on a socket that is not SCTP, and sctp_sendv's flags
 * reaching sendmsg.  Built like every C
 * test, so check-asan and check-valgrind run it too.
 */
#include <netinet/sctp.h>
#include "check.h"

/* libsctp's declarations, verbatim: no conflicting types. */
int sctp_peeloff_flags(int sd, sctp_assoc_t assoc_id, unsigned flags);
int sctp_getaddrlen(sa_family_t family);
int sctp_sendv(int s, const struct iovec *iov, int iovcnt, struct sockaddr *addrs, int addrcnt, void *info,
               socklen_t infolen, unsigned int infotype, int flags);
int sctp_recvv(int s, const struct iovec *iov, int iovlen, struct sockaddr *from, socklen_t *fromlen, void *info,
               socklen_t *infolen, unsigned int *infotype, int *flags);

static int sendv_errno(int fd, struct sockaddr *addrs, int addrcnt, void *info, socklen_t infolen, unsigned type)
{
    struct iovec iov = {"data", 4};
    errno = 0;
    if (sctp_sendv(fd, &iov, 1, addrs, addrcnt, info, infolen, type, 0) == 4)
        return 0;
    return errno;
}

int main(void)
{
    int sv[2];
    char a[4], b[32];

    CHECK_INT(sctp_getaddrlen(AF_INET), 16);
    CHECK_INT(sctp_getaddrlen(AF_INET6), 28);
    errno = 0;
    CHECK_INT(sctp_getaddrlen(AF_UNIX), -1);
    CHECK_INT(errno, EINVAL);

    Socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
    /* gathered on send, scattered on receive, whatever the information */
    struct sctp_sendv_spa spa;
    memset(&spa, 0, sizeof(spa));
    spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID;
    struct iovec out[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
    CHECK_INT(sctp_sendv(sv[0], out, 3, NULL, 0, &spa, sizeof(spa), SCTP_SENDV_SPA, 0), 13);
    struct iovec in[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
    struct sctp_recvv_rn rn;
    socklen_t infolen = sizeof(rn);
    unsigned infotype = 77;
    int flags = 0;
    CHECK_INT(sctp_recvv(sv[1], in, 2, NULL, NULL, &rn, &infolen, &infotype, &flags), 13);
    CHECK(memcmp(a, "one ", 4) == 0 && memcmp(b, "two three", 9) == 0);
    CHECK_INT(infotype, SCTP_RECVV_NOINFO); /* no SCTP_RCVINFO over AF_UNIX */
    CHECK_INT(infolen, sizeof(rn));
    CHECK(!(flags & MSG_TRUNC));

    /* each single infotype, with its exact size */
    struct sctp_sndinfo snd;
    struct sctp_prinfo pr;
    struct sctp_authinfo auth;
    memset(&snd, 0, sizeof(snd));
    memset(&pr, 0, sizeof(pr));
    memset(&auth, 0, sizeof(auth));
    CHECK_INT(sendv_errno(sv[0], NULL, 0, NULL, 0, SCTP_SENDV_NOINFO), 0);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &snd, sizeof(snd), SCTP_SENDV_SNDINFO), 0);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &pr, sizeof(pr), SCTP_SENDV_PRINFO), 0);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &auth, sizeof(auth), SCTP_SENDV_AUTHINFO), 0);
    /* ... too short, unknown, or given with NOINFO: EINVAL, nothing sent */
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &snd, sizeof(snd) - 1, SCTP_SENDV_SNDINFO), EINVAL);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &pr, sizeof(pr) - 1, SCTP_SENDV_PRINFO), EINVAL);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &auth, 1, SCTP_SENDV_AUTHINFO), EINVAL);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &spa, sizeof(spa) - 1, SCTP_SENDV_SPA), EINVAL);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, NULL, sizeof(snd), SCTP_SENDV_SNDINFO), EINVAL);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &snd, sizeof(snd), SCTP_SENDV_NOINFO), EINVAL);
    CHECK_INT(sendv_errno(sv[0], NULL, 0, &snd, sizeof(snd), 5), EINVAL);

    /* packed addresses: the first is the destination (AF_UNIX ignores it on a
       connected socket), the rest become control messages; more than fit on
       the stack take the heap */
    char packed[40 * sizeof(struct sockaddr_in6)];
    size_t at = 0;
    for (int i = 0; i < 40; i++) {
        if (i % 2) {
            struct sockaddr_in6 s6;
            memset(&s6, 0, sizeof(s6));
            s6.sin6_family = AF_INET6;
            s6.sin6_addr = in6addr_loopback;
            memcpy(packed + at, &s6, sizeof(s6));
            at += sizeof(s6);
        } else {
            struct sockaddr_in s4;
            memset(&s4, 0, sizeof(s4));
            s4.sin_family = AF_INET;
            s4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            memcpy(packed + at, &s4, sizeof(s4));
            at += sizeof(s4);
        }
    }
    CHECK_INT(sendv_errno(sv[0], (SA *)packed, 2, &snd, sizeof(snd), SCTP_SENDV_SNDINFO), 0);
    CHECK_INT(sendv_errno(sv[0], (SA *)packed, 40, &spa, sizeof(spa), SCTP_SENDV_SPA), 0);
    /* a family SCTP lacks, first or later */
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    CHECK_INT(sendv_errno(sv[0], (SA *)&un, 1, NULL, 0, SCTP_SENDV_NOINFO), EINVAL);
    memcpy(packed + sizeof(struct sockaddr_in), &un, sizeof(sa_family_t));
    CHECK_INT(sendv_errno(sv[0], (SA *)packed, 2, NULL, 0, SCTP_SENDV_NOINFO), EINVAL);
    /* negative counts */
    struct iovec one = {"x", 1};
    errno = 0;
    CHECK_INT(sctp_sendv(sv[0], &one, -1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_sendv(sv[0], &one, 1, (SA *)packed, -1, NULL, 0, SCTP_SENDV_NOINFO, 0), -1);
    CHECK_INT(errno, EINVAL);
    errno = 0;
    CHECK_INT(sctp_recvv(sv[1], in, -1, NULL, NULL, NULL, NULL, NULL, NULL), -1);
    CHECK_INT(errno, EINVAL);

    /* the six messages that went (the refused ones did not); the sender's address length */
    for (int i = 0; i < 6; i++) {
        struct sockaddr_storage from;
        socklen_t fromlen = sizeof(from);
        flags = 0;
        CHECK_INT(sctp_recvv(sv[1], in, 2, (SA *)&from, &fromlen, NULL, NULL, NULL, &flags), 4);
        CHECK(fromlen < sizeof(from));
    }
    /* *flags is an input: MSG_DONTWAIT on an empty socket */
    flags = MSG_DONTWAIT;
    errno = 0;
    CHECK_INT(sctp_recvv(sv[1], in, 2, NULL, NULL, NULL, NULL, NULL, &flags), -1);
    CHECK_INT(errno, EAGAIN);

    /* sctp_peeloff_flags: the kernel's error on a socket that is not SCTP */
    errno = 0;
    CHECK_INT(sctp_peeloff_flags(sv[0], 1, SOCK_NONBLOCK), -1);
    CHECK(errno != 0);
    errno = 0;
    CHECK_INT(sctp_peeloff_flags(-1, 1, 0), -1);
    CHECK_INT(errno, EBADF);
    close(sv[0]);
    close(sv[1]);

    /* flags go to sendmsg (libsctp drops them): to a closed peer, SIGPIPE
       kills the sender (whatever disposition we inherited), MSG_NOSIGNAL
       gives EPIPE instead */
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv); /* AF_UNIX raises SIGPIPE on stream sockets only */
    close(sv[1]);
    EXPECT_EXIT((signal(SIGPIPE, SIG_DFL), sctp_sendv(sv[0], &one, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0)),
                128 + SIGPIPE, "");
    errno = 0;
    CHECK_INT(sctp_sendv(sv[0], &one, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, MSG_NOSIGNAL), -1);
    CHECK_INT(errno, EPIPE);
    close(sv[0]);
    return check_done("libsctp-host");
}
