/*
 * sctp_peer MODE [STREAM]: a test client for the book's SCTP servers (run in
 * the user-mode-linux guest). Sends "[STREAM]probe" to 127.0.0.1:SERV_PORT
 * on a one-to-many socket, reads the echo and prints "echo str:S" and then:
 *   status  "instrms=I outstrms=O" from SCTP_STATUS of the association
 *           (I is the server's outbound stream count)
 *   watch   "shutdown complete" if the association then shuts down within
 *           2 s (SCTP_SHUTDOWN_COMP), else "still up"
 */
#include "lnp.h"

int main(int argc, char **argv)
{
    struct sockaddr_in servaddr;
    struct sctp_event_subscribe ev;
    struct sctp_sndrcvinfo sri;
    char buf[512];
    int fd, n, flags, stream = argc > 2 ? atoi(argv[2]) : 0;

    if (argc < 2)
        err_quit("usage: sctp_peer status|watch [stream]");
    alarm(10);
    fd = Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    bzero(&ev, sizeof(ev));
    ev.sctp_data_io_event = 1;
    ev.sctp_association_event = 1;
    Setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev));
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(SERV_PORT);
    Inet_pton(AF_INET, "127.0.0.1", &servaddr.sin_addr);
    snprintf(buf, sizeof(buf), "[%d]probe\n", stream);
    Sctp_sendmsg(fd, buf, strlen(buf), (SA *)&servaddr, sizeof(servaddr), 0, 0, stream, 0, 0);
    do /* skip COMM_UP */
        n = Sctp_recvmsg(fd, buf, sizeof(buf), NULL, NULL, &sri, &flags);
    while (flags & MSG_NOTIFICATION);
    printf("echo str:%d %.*s", sri.sinfo_stream, n, buf);
    if (strcmp(argv[1], "status") == 0) {
        struct sctp_status st;
        socklen_t len = sizeof(st);
        bzero(&st, sizeof(st));
        if (sctp_opt_info(fd, sri.sinfo_assoc_id, SCTP_STATUS, &st, &len) < 0)
            err_sys("sctp_opt_info error");
        printf("instrms=%d outstrms=%d\n", st.sstat_instrms, st.sstat_outstrms);
    } else {
        struct pollfd p = {fd, POLLIN, 0};
        const char *result = "still up";
        while (poll(&p, 1, 2000) == 1) {
            n = Sctp_recvmsg(fd, buf, sizeof(buf), NULL, NULL, &sri, &flags);
            union sctp_notification *sn = (union sctp_notification *)buf;
            if ((flags & MSG_NOTIFICATION) && sn->sn_header.sn_type == SCTP_ASSOC_CHANGE &&
                sn->sn_assoc_change.sac_state == SCTP_SHUTDOWN_COMP) {
                result = "shutdown complete";
                break;
            }
        }
        printf("%s\n", result);
    }
    Close(fd);
    return 0;
}
