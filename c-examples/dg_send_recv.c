/* dg_send_recv.c -- lnp's own code in the style of the original UNP's
 * reliable-UDP section (22.5): send a request with a sequence number and a
 * timestamp in front, wait for the reply with a timeout from the RTT
 * estimator of unprtt.h, and retransmit on timeout until rtt_timeout says
 * to give up (then -1 with errno ETIMEDOUT).  Replies with an old sequence
 * number (late answers to a retransmitted request) are discarded.
 *
 * The timeout is rtt_start()'s seconds; dg_tick_ms sets how long one of
 * those seconds is (1000 by default; a test may shorten it to scale the
 * whole run down without touching the estimator's constants). */
#include "unprtt.h"
#include <setjmp.h>

int     dg_tick_ms = 1000;          /* milliseconds per RTO second */
long    dg_retransmissions;         /* retransmissions so far, all requests */

static struct rtt_info rttinfo;
static int rttinit = 0;
static struct msghdr msgsend, msgrecv;  /* assumed init to 0 */
static struct hdr {
    uint32_t seq;                   /* sequence # */
    uint32_t ts;                    /* timestamp when sent */
} sendhdr, recvhdr;
static sigjmp_buf jmpbuf;

static void
sig_alrm(int signo)
{
    siglongjmp(jmpbuf, 1);
}

static void
set_timer(int seconds)              /* alarm(seconds), in dg_tick_ms units */
{
    struct itimerval it;
    long    ms = (long) seconds * dg_tick_ms;

    bzero(&it, sizeof(it));
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    if (setitimer(ITIMER_REAL, &it, NULL) < 0)
        err_sys("setitimer error");
}

ssize_t
dg_send_recv(int fd, const void *outbuff, size_t outbytes,
             void *inbuff, size_t inbytes,
             const SA *destaddr, socklen_t destlen)
{
    ssize_t n;
    struct iovec iovsend[2], iovrecv[2];

    if (rttinit == 0) {
        rtt_init(&rttinfo);         /* first time we're called */
        rttinit = 1;
    }

    sendhdr.seq++;
    msgsend.msg_name = (void *) destaddr;
    msgsend.msg_namelen = destlen;
    msgsend.msg_iov = iovsend;
    msgsend.msg_iovlen = 2;
    iovsend[0].iov_base = &sendhdr;
    iovsend[0].iov_len = sizeof(struct hdr);
    iovsend[1].iov_base = (void *) outbuff;
    iovsend[1].iov_len = outbytes;

    msgrecv.msg_name = NULL;
    msgrecv.msg_namelen = 0;
    msgrecv.msg_iov = iovrecv;
    msgrecv.msg_iovlen = 2;
    iovrecv[0].iov_base = &recvhdr;
    iovrecv[0].iov_len = sizeof(struct hdr);
    iovrecv[1].iov_base = inbuff;
    iovrecv[1].iov_len = inbytes;

    Signal(SIGALRM, sig_alrm);
    rtt_newpack(&rttinfo);          /* initialize for this packet */

sendagain:
    sendhdr.ts = rtt_ts(&rttinfo);
    Sendmsg(fd, &msgsend, 0);

    if (sigsetjmp(jmpbuf, 1) != 0) {    /* the timer went off */
        if (rtt_timeout(&rttinfo) < 0) {
            err_msg("dg_send_recv: no response from server, giving up");
            rttinit = 0;            /* reinit in case we're called again */
            errno = ETIMEDOUT;
            return(-1);
        }
        dg_retransmissions++;
        if (rtt_d_flag)
            fprintf(stderr, "timeout, retransmission %d of seq %u\n",
                    rttinfo.rtt_nrexmt, sendhdr.seq);
        rtt_debug(&rttinfo);
        goto sendagain;
    }
    set_timer(rtt_start(&rttinfo)); /* calc timeout value & start timer */

    do {
        n = Recvmsg(fd, &msgrecv, 0);
    } while (n < (ssize_t) sizeof(struct hdr) || recvhdr.seq != sendhdr.seq);

    set_timer(0);                   /* stop SIGALRM timer */
        /* calculate & store new RTT estimator values */
    rtt_stop(&rttinfo, rtt_ts(&rttinfo) - recvhdr.ts);
    rtt_debug(&rttinfo);

    return(n - sizeof(struct hdr)); /* return size of received datagram */
}

ssize_t
Dg_send_recv(int fd, const void *outbuff, size_t outbytes,
             void *inbuff, size_t inbytes,
             const SA *destaddr, socklen_t destlen)
{
    ssize_t n;

    n = dg_send_recv(fd, outbuff, outbytes, inbuff, inbytes, destaddr, destlen);
    if (n < 0)
        err_sys("dg_send_recv error");
    return(n);
}
