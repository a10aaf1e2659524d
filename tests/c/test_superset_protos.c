/* The original library's own headers beside unp.h, as lnp provides them:
   every prototype of unpthread.h, unpifi.h and unprtt.h re-declared as the
   original declares it (a conflicting-types error here means lnp's header is
   not a drop-in), the structures laid out field for field as the original's
   (checked against a copy under another tag), and each function's address
   taken, so both libraries must define every name.  unp.h's own name for
   recvfrom_flags' result, struct unp_in_pktinfo, is the original's too. */
#include "check.h"
#include "unpthread.h"
#include "unpifi.h"
#include "unprtt.h"
#include <stddef.h>

void Pthread_create(pthread_t *, const pthread_attr_t *, void * (*)(void *), void *);
void Pthread_join(pthread_t, void **);
void Pthread_detach(pthread_t);
void Pthread_kill(pthread_t, int);
void Pthread_mutexattr_init(pthread_mutexattr_t *);
void Pthread_mutexattr_setpshared(pthread_mutexattr_t *, int);
void Pthread_mutex_init(pthread_mutex_t *, pthread_mutexattr_t *);
void Pthread_mutex_lock(pthread_mutex_t *);
void Pthread_mutex_unlock(pthread_mutex_t *);
void Pthread_cond_broadcast(pthread_cond_t *);
void Pthread_cond_signal(pthread_cond_t *);
void Pthread_cond_wait(pthread_cond_t *, pthread_mutex_t *);
void Pthread_cond_timedwait(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
void Pthread_key_create(pthread_key_t *, void (*)(void *));
void Pthread_setspecific(pthread_key_t, const void *);
void Pthread_once(pthread_once_t *, void (*)(void));

struct ifi_info *get_ifi_info(int, int);
struct ifi_info *Get_ifi_info(int, int);
void free_ifi_info(struct ifi_info *);

void rtt_debug(struct rtt_info *);
void rtt_init(struct rtt_info *);
void rtt_newpack(struct rtt_info *);
int rtt_start(struct rtt_info *);
void rtt_stop(struct rtt_info *, uint32_t);
int rtt_timeout(struct rtt_info *);
uint32_t rtt_ts(struct rtt_info *);
extern int rtt_d_flag;

ssize_t recvfrom_flags(int, void *, size_t, int *, SA *, socklen_t *, struct unp_in_pktinfo *);
ssize_t Recvfrom_flags(int, void *, size_t, int *, SA *, socklen_t *, struct unp_in_pktinfo *);

/* The original's layouts (UNP 3rd edition, unpifi.h and unprtt.h). */
struct orig_ifi_info {
    char ifi_name[16];
    short ifi_index;
    short ifi_mtu;
    u_char ifi_haddr[8];
    u_short ifi_hlen;
    short ifi_flags;
    short ifi_myflags;
    struct sockaddr *ifi_addr;
    struct sockaddr *ifi_brdaddr;
    struct sockaddr *ifi_dstaddr;
    struct orig_ifi_info *ifi_next;
};
struct orig_in_pktinfo {
    struct in_addr ipi_addr;
    int ipi_ifindex;
};
struct orig_rtt_info {
    float rtt_rtt;
    float rtt_srtt;
    float rtt_rttvar;
    float rtt_rto;
    int rtt_nrexmt;
    uint32_t rtt_base;
};

#define SAME_FIELD(a, b, f)                                                        \
    _Static_assert(offsetof(struct a, f) == offsetof(struct b, f), #f " offset"); \
    _Static_assert(sizeof(((struct a *)0)->f) == sizeof(((struct b *)0)->f), #f " size")

SAME_FIELD(ifi_info, orig_ifi_info, ifi_name);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_index);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_mtu);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_haddr);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_hlen);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_flags);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_myflags);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_addr);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_brdaddr);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_dstaddr);
SAME_FIELD(ifi_info, orig_ifi_info, ifi_next);
_Static_assert(sizeof(struct ifi_info) == sizeof(struct orig_ifi_info), "struct ifi_info size");
SAME_FIELD(rtt_info, orig_rtt_info, rtt_rtt);
SAME_FIELD(rtt_info, orig_rtt_info, rtt_srtt);
SAME_FIELD(rtt_info, orig_rtt_info, rtt_rttvar);
SAME_FIELD(rtt_info, orig_rtt_info, rtt_rto);
SAME_FIELD(rtt_info, orig_rtt_info, rtt_nrexmt);
SAME_FIELD(rtt_info, orig_rtt_info, rtt_base);
_Static_assert(sizeof(struct rtt_info) == sizeof(struct orig_rtt_info), "struct rtt_info size");
SAME_FIELD(unp_in_pktinfo, orig_in_pktinfo, ipi_addr);
SAME_FIELD(unp_in_pktinfo, orig_in_pktinfo, ipi_ifindex);
_Static_assert(sizeof(struct unp_in_pktinfo) == sizeof(struct orig_in_pktinfo), "struct unp_in_pktinfo size");
_Static_assert(IFI_NAME == 16 && IFI_HADDR == 8 && IFI_ALIAS == 1, "unpifi.h constants");
_Static_assert(RTT_RXTMIN == 2 && RTT_RXTMAX == 60 && RTT_MAXNREXMT == 3, "unprtt.h constants");

/* A datagram's destination and interface, read the original's way. */
static void unp_pktinfo_exchange(void)
{
    struct sockaddr_in sin, from;
    socklen_t len = sizeof sin, fromlen = sizeof from;
    struct unp_in_pktinfo pktinfo;
    int on = 1, flags = 0;
    int r = Socket(AF_INET, SOCK_DGRAM, 0), s = Socket(AF_INET, SOCK_DGRAM, 0);
    char buf[16];

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Bind(r, (SA *)&sin, sizeof sin);
    Getsockname(r, (SA *)&sin, &len);
    Setsockopt(r, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
    Sendto(s, "pkt", 3, 0, (SA *)&sin, len);
    CHECK_INT(Recvfrom_flags(r, buf, sizeof buf, &flags, (SA *)&from, &fromlen, &pktinfo), 3);
    CHECK_STR(inet_ntoa(pktinfo.ipi_addr), "127.0.0.1");
    CHECK_INT(pktinfo.ipi_ifindex, if_nametoindex("lo"));
    close(r);
    close(s);
}

int main(void)
{
    void (*const funcs[])(void) = {
        (void (*)(void))Pthread_create, (void (*)(void))Pthread_join, (void (*)(void))Pthread_detach,
        (void (*)(void))Pthread_kill, (void (*)(void))Pthread_mutexattr_init,
        (void (*)(void))Pthread_mutexattr_setpshared, (void (*)(void))Pthread_mutex_init,
        (void (*)(void))Pthread_mutex_lock, (void (*)(void))Pthread_mutex_unlock,
        (void (*)(void))Pthread_cond_broadcast, (void (*)(void))Pthread_cond_signal,
        (void (*)(void))Pthread_cond_wait, (void (*)(void))Pthread_cond_timedwait,
        (void (*)(void))Pthread_key_create, (void (*)(void))Pthread_setspecific, (void (*)(void))Pthread_once,
        (void (*)(void))get_ifi_info, (void (*)(void))Get_ifi_info, (void (*)(void))free_ifi_info,
        (void (*)(void))rtt_debug, (void (*)(void))rtt_init, (void (*)(void))rtt_newpack,
        (void (*)(void))rtt_start, (void (*)(void))rtt_stop, (void (*)(void))rtt_timeout, (void (*)(void))rtt_ts,
    };
    size_t i;

    for (i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        CHECK(funcs[i] != NULL);
    CHECK_INT(sizeof funcs / sizeof funcs[0], 26);
    CHECK(&rtt_d_flag != NULL);
    EXPECT_EXIT(Get_ifi_info(AF_UNIX, 0), 1, "get_ifi_info error\n");
    unp_pktinfo_exchange();
    return check_done("superset_protos");
}
