/* Every visible prototype of the book's lnp.h (Appendix B), re-declared
   verbatim after #include "lnp.h": a conflicting-types error here means the
   generated header is not a drop-in replacement.
   The 162 lines are the prototypes of the book's lnp.h (Appendix B; wrapped
   lines rejoined, text otherwise verbatim), followed by readlinebuf and the
   SCTP functions the book's chapters 9-10 call.  At run time every function's address is
   taken, so each name must also be exported by liblnp.a and liblnp.so. */
#include "check.h"

/* A: our own library functions (43) */
int connect_nonb(int, const SA *, socklen_t, int);
int connect_timeo(int, const SA *, socklen_t, int);
int daemon_init(const char *, int);
void daemon_inetd(const char *, int);
void dg_cli(FILE *, int, const SA *, socklen_t);
void dg_echo(int, SA *, socklen_t);
int family_to_level(int);
char *gf_time(void);
void heartbeat_cli(int, int, int);
void heartbeat_serv(int, int, int);
struct addrinfo *host_serv(const char *, const char *, int, int);
int inet_srcrt_add(char *);
u_char *inet_srcrt_init(int);
void inet_srcrt_print(u_char *, int);
void inet6_srcrt_print(void *);
char **my_addrs(int *);
int readable_timeo(int, int);
ssize_t readline(int, void *, size_t);
ssize_t readn(int, void *, size_t);
ssize_t read_fd(int, void *, size_t, int *);
ssize_t recvfrom_flags(int, void *, size_t, int *, SA *, socklen_t *, struct lnp_in_pktinfo *);
Sigfunc *signal_intr(int, Sigfunc *);
int sock_bind_wild(int, int);
int sock_cmp_addr(const SA *, const SA *, socklen_t);
int sock_cmp_port(const SA *, const SA *, socklen_t);
int sock_get_port(const SA *, socklen_t);
void sock_set_addr(SA *, socklen_t, const void *);
void sock_set_port(SA *, socklen_t, int);
void sock_set_wild(SA *, socklen_t);
char *sock_ntop(const SA *, socklen_t);
char *sock_ntop_host(const SA *, socklen_t);
int sockfd_to_family(int);
void str_echo(int);
void str_cli(FILE *, int);
int tcp_connect(const char *, const char *);
int tcp_listen(const char *, const char *, socklen_t *);
void tv_sub(struct timeval *, struct timeval *);
int udp_client(const char *, const char *, SA **, socklen_t *);
int udp_connect(const char *, const char *);
int udp_server(const char *, const char *, socklen_t *);
int writable_timeo(int, int);
ssize_t writen(int, const void *, size_t);
ssize_t write_fd(int, void *, size_t, int);

/* B: multicast, under MCAST (24) */
int mcast_leave(int, const SA *, socklen_t);
int mcast_join(int, const SA *, socklen_t, const char *, u_int);
int mcast_leave_source_group(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen);
int mcast_join_source_group(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen, const char *ifname, u_int ifindex);
int mcast_block_source(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen);
int mcast_unblock_source(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen);
int mcast_get_if(int);
int mcast_get_loop(int);
int mcast_get_ttl(int);
int mcast_set_if(int, const char *, u_int);
int mcast_set_loop(int, int);
int mcast_set_ttl(int, int);
void Mcast_leave(int, const SA *, socklen_t);
void Mcast_join(int, const SA *, socklen_t, const char *, u_int);
void Mcast_leave_source_group(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen);
void Mcast_join_source_group(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen, const char *ifname, u_int ifindex);
void Mcast_block_source(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen);
void Mcast_unblock_source(int sockfd, const SA *src, socklen_t srclen, const SA *grp, socklen_t grplen);
int Mcast_get_if(int);
int Mcast_get_loop(int);
int Mcast_get_ttl(int);
void Mcast_set_if(int, const char *, u_int);
void Mcast_set_loop(int, int);
void Mcast_set_ttl(int, int);

/* C: in_cksum (1) */
uint16_t in_cksum(uint16_t *, int);

/* E: our own library wrapper functions (25) */
void Connect_timeo(int, const SA *, socklen_t, int);
int Family_to_level(int);
struct addrinfo *Host_serv(const char *, const char *, int, int);
const char *Inet_ntop(int, const void *, char *, size_t);
void Inet_pton(int, const char *, void *);
char *If_indextoname(unsigned int, char *);
unsigned int If_nametoindex(const char *);
struct if_nameindex *If_nameindex(void);
char **My_addrs(int *);
ssize_t Read_fd(int, void *, size_t, int *);
int Readable_timeo(int, int);
ssize_t Recvfrom_flags(int, void *, size_t, int *, SA *, socklen_t *, struct lnp_in_pktinfo *);
Sigfunc *Signal(int, Sigfunc *);
Sigfunc *Signal_intr(int, Sigfunc *);
int Sock_bind_wild(int, int);
char *Sock_ntop(const SA *, socklen_t);
char *Sock_ntop_host(const SA *, socklen_t);
int Sockfd_to_family(int);
int Tcp_connect(const char *, const char *);
int Tcp_listen(const char *, const char *, socklen_t *);
int Udp_client(const char *, const char *, SA **, socklen_t *);
int Udp_connect(const char *, const char *);
int Udp_server(const char *, const char *, socklen_t *);
ssize_t Write_fd(int, void *, size_t, int);
int Writable_timeo(int, int);

/* F: our Unix wrapper functions (27) */
void *Calloc(size_t, size_t);
void Close(int);
void Dup2(int, int);
int Fcntl(int, int, int);
void Gettimeofday(struct timeval *, void *);
int Ioctl(int, int, void *);
pid_t Fork(void);
void *Malloc(size_t);
int Mkstemp(char *);
void *Mmap(void *, size_t, int, int, int, off_t);
int Open(const char *, int, mode_t);
void Pipe(int *fds);
ssize_t Read(int, void *, size_t);
void Sigaddset(sigset_t *, int);
void Sigdelset(sigset_t *, int);
void Sigemptyset(sigset_t *);
void Sigfillset(sigset_t *);
int Sigismember(const sigset_t *, int);
void Sigpending(sigset_t *);
void Sigprocmask(int, const sigset_t *, sigset_t *);
char *Strdup(const char *);
long Sysconf(int);
void Sysctl(int *, u_int, void *, size_t *, void *, size_t);
void Unlink(const char *);
pid_t Wait(int *);
pid_t Waitpid(pid_t, int *, int);
void Write(int, void *, size_t);

/* G: our stdio wrapper functions (5) */
void Fclose(FILE *);
FILE *Fdopen(int, const char *);
char *Fgets(char *, int, FILE *);
FILE *Fopen(const char *, const char *);
void Fputs(const char *, FILE *);

/* H: our socket wrapper functions (29 visible) */
int Accept(int, SA *, socklen_t *);
void Bind(int, const SA *, socklen_t);
void Connect(int, const SA *, socklen_t);
void Getpeername(int, SA *, socklen_t *);
void Getsockname(int, SA *, socklen_t *);
void Getsockopt(int, int, int, void *, socklen_t *);
int Inet6_rth_space(int, int);
void *Inet6_rth_init(void *, socklen_t, int, int);
void Inet6_rth_add(void *, const struct in6_addr *);
void Inet6_rth_reverse(const void *, void *);
int Inet6_rth_segments(const void *);
struct in6_addr *Inet6_rth_getaddr(const void *, int);
void Listen(int, int);
int Poll(struct pollfd *, unsigned long, int);
ssize_t Readline(int, void *, size_t);
ssize_t Readn(int, void *, size_t);
ssize_t Recv(int, void *, size_t, int);
ssize_t Recvfrom(int, void *, size_t, int, SA *, socklen_t *);
ssize_t Recvmsg(int, struct msghdr *, int);
int Select(int, fd_set *, fd_set *, fd_set *, struct timeval *);
void Send(int, const void *, size_t, int);
void Sendto(int, const void *, size_t, int, const SA *, socklen_t);
void Sendmsg(int, const struct msghdr *, int);
void Setsockopt(int, int, int, const void *, socklen_t);
void Shutdown(int, int);
int Sockatmark(int);
int Socket(int, int, int);
void Socketpair(int, int, int, int *);
void Writen(int, void *, size_t);

/* I: SCTP wrappers (3) */
int Sctp_recvmsg(int s, void *msg, size_t len, struct sockaddr *from, socklen_t *fromlen, struct sctp_sndrcvinfo *sinfo, int *msg_flags);
int Sctp_sendmsg(int s, void *data, size_t len, struct sockaddr *to, socklen_t tolen, uint32_t ppid, uint32_t flags, uint16_t stream_no, uint32_t timetolive, uint32_t context);
int Sctp_bindx(int sock_fd,struct sockaddr_storage *at,int num, int op);

/* J: error functions (5) */
void err_dump(const char *, ...);
void err_msg(const char *, ...);
void err_quit(const char *, ...);
void err_ret(const char *, ...);
void err_sys(const char *, ...);

/* readline's buffer inspector (#18) */
ssize_t readlinebuf(void **vptrptr);

/* lksctp-style SCTP functions */
int sctp_bindx(int sd, struct sockaddr *addrs, int addrcnt, int flags);
int sctp_connectx(int sd, struct sockaddr *addrs, int addrcnt, sctp_assoc_t *id);
int sctp_peeloff(int sd, sctp_assoc_t assoc_id);
int sctp_opt_info(int sd, sctp_assoc_t id, int opt, void *arg, socklen_t *size);
int sctp_getpaddrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freepaddrs(struct sockaddr *addrs);
int sctp_getladdrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freeladdrs(struct sockaddr *addrs);
int sctp_sendmsg(int s, const void *msg, size_t len, struct sockaddr *to, socklen_t tolen, uint32_t ppid, uint32_t flags, uint16_t stream_no, uint32_t timetolive, uint32_t context);
int sctp_send(int s, const void *msg, size_t len, const struct sctp_sndrcvinfo *sinfo, int flags);
int sctp_recvmsg(int s, void *msg, size_t len, struct sockaddr *from, socklen_t *fromlen, struct sctp_sndrcvinfo *sinfo, int *msg_flags);

/* SCTP helpers the book calls without a prototype */
int sctp_get_no_strms(int, struct sockaddr *, socklen_t);
sctp_assoc_t sctp_address_to_associd(int, struct sockaddr *, socklen_t);
void sctpstr_cli(FILE *, int, struct sockaddr *, socklen_t);
void sctpstr_cli_echoall(FILE *, int, struct sockaddr *, socklen_t);

typedef void (*any_fn)(void);

int main(void)
{
    static const struct { const char *name; any_fn fn; } fns[] = {
        {"connect_nonb", (any_fn)connect_nonb},
        {"connect_timeo", (any_fn)connect_timeo},
        {"daemon_init", (any_fn)daemon_init},
        {"daemon_inetd", (any_fn)daemon_inetd},
        {"dg_cli", (any_fn)dg_cli},
        {"dg_echo", (any_fn)dg_echo},
        {"family_to_level", (any_fn)family_to_level},
        {"gf_time", (any_fn)gf_time},
        {"heartbeat_cli", (any_fn)heartbeat_cli},
        {"heartbeat_serv", (any_fn)heartbeat_serv},
        {"host_serv", (any_fn)host_serv},
        {"inet_srcrt_add", (any_fn)inet_srcrt_add},
        {"inet_srcrt_init", (any_fn)inet_srcrt_init},
        {"inet_srcrt_print", (any_fn)inet_srcrt_print},
        {"inet6_srcrt_print", (any_fn)inet6_srcrt_print},
        {"my_addrs", (any_fn)my_addrs},
        {"readable_timeo", (any_fn)readable_timeo},
        {"readline", (any_fn)readline},
        {"readn", (any_fn)readn},
        {"read_fd", (any_fn)read_fd},
        {"recvfrom_flags", (any_fn)recvfrom_flags},
        {"signal_intr", (any_fn)signal_intr},
        {"sock_bind_wild", (any_fn)sock_bind_wild},
        {"sock_cmp_addr", (any_fn)sock_cmp_addr},
        {"sock_cmp_port", (any_fn)sock_cmp_port},
        {"sock_get_port", (any_fn)sock_get_port},
        {"sock_set_addr", (any_fn)sock_set_addr},
        {"sock_set_port", (any_fn)sock_set_port},
        {"sock_set_wild", (any_fn)sock_set_wild},
        {"sock_ntop", (any_fn)sock_ntop},
        {"sock_ntop_host", (any_fn)sock_ntop_host},
        {"sockfd_to_family", (any_fn)sockfd_to_family},
        {"str_echo", (any_fn)str_echo},
        {"str_cli", (any_fn)str_cli},
        {"tcp_connect", (any_fn)tcp_connect},
        {"tcp_listen", (any_fn)tcp_listen},
        {"tv_sub", (any_fn)tv_sub},
        {"udp_client", (any_fn)udp_client},
        {"udp_connect", (any_fn)udp_connect},
        {"udp_server", (any_fn)udp_server},
        {"writable_timeo", (any_fn)writable_timeo},
        {"writen", (any_fn)writen},
        {"write_fd", (any_fn)write_fd},
        {"mcast_leave", (any_fn)mcast_leave},
        {"mcast_join", (any_fn)mcast_join},
        {"mcast_leave_source_group", (any_fn)mcast_leave_source_group},
        {"mcast_join_source_group", (any_fn)mcast_join_source_group},
        {"mcast_block_source", (any_fn)mcast_block_source},
        {"mcast_unblock_source", (any_fn)mcast_unblock_source},
        {"mcast_get_if", (any_fn)mcast_get_if},
        {"mcast_get_loop", (any_fn)mcast_get_loop},
        {"mcast_get_ttl", (any_fn)mcast_get_ttl},
        {"mcast_set_if", (any_fn)mcast_set_if},
        {"mcast_set_loop", (any_fn)mcast_set_loop},
        {"mcast_set_ttl", (any_fn)mcast_set_ttl},
        {"Mcast_leave", (any_fn)Mcast_leave},
        {"Mcast_join", (any_fn)Mcast_join},
        {"Mcast_leave_source_group", (any_fn)Mcast_leave_source_group},
        {"Mcast_join_source_group", (any_fn)Mcast_join_source_group},
        {"Mcast_block_source", (any_fn)Mcast_block_source},
        {"Mcast_unblock_source", (any_fn)Mcast_unblock_source},
        {"Mcast_get_if", (any_fn)Mcast_get_if},
        {"Mcast_get_loop", (any_fn)Mcast_get_loop},
        {"Mcast_get_ttl", (any_fn)Mcast_get_ttl},
        {"Mcast_set_if", (any_fn)Mcast_set_if},
        {"Mcast_set_loop", (any_fn)Mcast_set_loop},
        {"Mcast_set_ttl", (any_fn)Mcast_set_ttl},
        {"in_cksum", (any_fn)in_cksum},
        {"Connect_timeo", (any_fn)Connect_timeo},
        {"Family_to_level", (any_fn)Family_to_level},
        {"Host_serv", (any_fn)Host_serv},
        {"Inet_ntop", (any_fn)Inet_ntop},
        {"Inet_pton", (any_fn)Inet_pton},
        {"If_indextoname", (any_fn)If_indextoname},
        {"If_nametoindex", (any_fn)If_nametoindex},
        {"If_nameindex", (any_fn)If_nameindex},
        {"My_addrs", (any_fn)My_addrs},
        {"Read_fd", (any_fn)Read_fd},
        {"Readable_timeo", (any_fn)Readable_timeo},
        {"Recvfrom_flags", (any_fn)Recvfrom_flags},
        {"Signal", (any_fn)Signal},
        {"Signal_intr", (any_fn)Signal_intr},
        {"Sock_bind_wild", (any_fn)Sock_bind_wild},
        {"Sock_ntop", (any_fn)Sock_ntop},
        {"Sock_ntop_host", (any_fn)Sock_ntop_host},
        {"Sockfd_to_family", (any_fn)Sockfd_to_family},
        {"Tcp_connect", (any_fn)Tcp_connect},
        {"Tcp_listen", (any_fn)Tcp_listen},
        {"Udp_client", (any_fn)Udp_client},
        {"Udp_connect", (any_fn)Udp_connect},
        {"Udp_server", (any_fn)Udp_server},
        {"Write_fd", (any_fn)Write_fd},
        {"Writable_timeo", (any_fn)Writable_timeo},
        {"Calloc", (any_fn)Calloc},
        {"Close", (any_fn)Close},
        {"Dup2", (any_fn)Dup2},
        {"Fcntl", (any_fn)Fcntl},
        {"Gettimeofday", (any_fn)Gettimeofday},
        {"Ioctl", (any_fn)Ioctl},
        {"Fork", (any_fn)Fork},
        {"Malloc", (any_fn)Malloc},
        {"Mkstemp", (any_fn)Mkstemp},
        {"Mmap", (any_fn)Mmap},
        {"Open", (any_fn)Open},
        {"Pipe", (any_fn)Pipe},
        {"Read", (any_fn)Read},
        {"Sigaddset", (any_fn)Sigaddset},
        {"Sigdelset", (any_fn)Sigdelset},
        {"Sigemptyset", (any_fn)Sigemptyset},
        {"Sigfillset", (any_fn)Sigfillset},
        {"Sigismember", (any_fn)Sigismember},
        {"Sigpending", (any_fn)Sigpending},
        {"Sigprocmask", (any_fn)Sigprocmask},
        {"Strdup", (any_fn)Strdup},
        {"Sysconf", (any_fn)Sysconf},
        {"Sysctl", (any_fn)Sysctl},
        {"Unlink", (any_fn)Unlink},
        {"Wait", (any_fn)Wait},
        {"Waitpid", (any_fn)Waitpid},
        {"Write", (any_fn)Write},
        {"Fclose", (any_fn)Fclose},
        {"Fdopen", (any_fn)Fdopen},
        {"Fgets", (any_fn)Fgets},
        {"Fopen", (any_fn)Fopen},
        {"Fputs", (any_fn)Fputs},
        {"Accept", (any_fn)Accept},
        {"Bind", (any_fn)Bind},
        {"Connect", (any_fn)Connect},
        {"Getpeername", (any_fn)Getpeername},
        {"Getsockname", (any_fn)Getsockname},
        {"Getsockopt", (any_fn)Getsockopt},
        {"Inet6_rth_space", (any_fn)Inet6_rth_space},
        {"Inet6_rth_init", (any_fn)Inet6_rth_init},
        {"Inet6_rth_add", (any_fn)Inet6_rth_add},
        {"Inet6_rth_reverse", (any_fn)Inet6_rth_reverse},
        {"Inet6_rth_segments", (any_fn)Inet6_rth_segments},
        {"Inet6_rth_getaddr", (any_fn)Inet6_rth_getaddr},
        {"Listen", (any_fn)Listen},
        {"Poll", (any_fn)Poll},
        {"Readline", (any_fn)Readline},
        {"Readn", (any_fn)Readn},
        {"Recv", (any_fn)Recv},
        {"Recvfrom", (any_fn)Recvfrom},
        {"Recvmsg", (any_fn)Recvmsg},
        {"Select", (any_fn)Select},
        {"Send", (any_fn)Send},
        {"Sendto", (any_fn)Sendto},
        {"Sendmsg", (any_fn)Sendmsg},
        {"Setsockopt", (any_fn)Setsockopt},
        {"Shutdown", (any_fn)Shutdown},
        {"Sockatmark", (any_fn)Sockatmark},
        {"Socket", (any_fn)Socket},
        {"Socketpair", (any_fn)Socketpair},
        {"Writen", (any_fn)Writen},
        {"Sctp_recvmsg", (any_fn)Sctp_recvmsg},
        {"Sctp_sendmsg", (any_fn)Sctp_sendmsg},
        {"Sctp_bindx", (any_fn)Sctp_bindx},
        {"err_dump", (any_fn)err_dump},
        {"err_msg", (any_fn)err_msg},
        {"err_quit", (any_fn)err_quit},
        {"err_ret", (any_fn)err_ret},
        {"err_sys", (any_fn)err_sys},
        {"readlinebuf", (any_fn)readlinebuf},
        {"sctp_bindx", (any_fn)sctp_bindx},
        {"sctp_connectx", (any_fn)sctp_connectx},
        {"sctp_peeloff", (any_fn)sctp_peeloff},
        {"sctp_opt_info", (any_fn)sctp_opt_info},
        {"sctp_getpaddrs", (any_fn)sctp_getpaddrs},
        {"sctp_freepaddrs", (any_fn)sctp_freepaddrs},
        {"sctp_getladdrs", (any_fn)sctp_getladdrs},
        {"sctp_freeladdrs", (any_fn)sctp_freeladdrs},
        {"sctp_sendmsg", (any_fn)sctp_sendmsg},
        {"sctp_send", (any_fn)sctp_send},
        {"sctp_recvmsg", (any_fn)sctp_recvmsg},
        {"sctp_get_no_strms", (any_fn)sctp_get_no_strms},
        {"sctp_address_to_associd", (any_fn)sctp_address_to_associd},
        {"sctpstr_cli", (any_fn)sctpstr_cli},
        {"sctpstr_cli_echoall", (any_fn)sctpstr_cli_echoall},
    };
    size_t i;

    for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
        CHECK_REPORT(fns[i].fn != NULL, "%s has no definition", fns[i].name);
    CHECK_INT(sizeof(fns) / sizeof(fns[0]), 178);
    /* and through the header's own declarations, one call of each kind */
    EXPECT_EXIT(err_quit("%s %d", "prototypes", 162), 1, "prototypes 162\n");
    EXPECT_EXIT(Close(-1), 1, "close error: Bad file descriptor\n");
    return check_done("prototypes");
}
