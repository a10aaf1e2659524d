/*
 * sctp_abortwatch: a one-to-many echo server on SERV_PORT for the book's
 * sctpclient02 (run in the user-mode-linux guest). Echoes data on the
 * stream it came on; when an association is lost (SCTP_COMM_LOST) it prints
 * "COMM_LOST" and the user abort cause text if the ABORT carried one, and exits.
 */
#define _GNU_SOURCE
#include "lnp.h"

int main(void)
{
    struct sockaddr_in servaddr, cliaddr;
    struct sctp_event_subscribe ev;
    struct sctp_sndrcvinfo sri;
    char buf[BUFFSIZE];
    socklen_t len;
    int fd, n, flags;

    alarm(20);
    fd = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(SERV_PORT);
    Bind(fd, (SA *)&servaddr, sizeof(servaddr));
    bzero(&ev, sizeof(ev));
    ev.sctp_data_io_event = 1;
    ev.sctp_association_event = 1;
    Setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev));
    Listen(fd, LISTENQ);
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        len = sizeof(cliaddr);
        n = Sctp_recvmsg(fd, buf, sizeof(buf), (SA *)&cliaddr, &len, &sri, &flags);
        if (flags & MSG_NOTIFICATION) {
            union sctp_notification *sn = (union sctp_notification *)buf;
            if (sn->sn_header.sn_type == SCTP_ASSOC_CHANGE && sn->sn_assoc_change.sac_state == SCTP_COMM_LOST) {
                printf("COMM_LOST%s\n", memmem(buf, n, "goodbye", 7) ? " cause goodbye" : "");
                return 0;
            }
            continue;
        }
        Sctp_sendmsg(fd, buf, n, (SA *)&cliaddr, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0);
    }
}
