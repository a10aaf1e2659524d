/* unprtt.h: the RTT estimator's arithmetic against a reference computed
   here from the formulas of UNP section 22.5 (Jacobson/Karels, gains 1/8 and
   1/4, RTO = srtt + 4 rttvar clamped to [RTT_RXTMIN, RTT_RXTMAX]), the
   timeout doubling and give-up, rtt_ts's milliseconds and rtt_debug's line. */
#include "check.h"
#include "unprtt.h"

struct ref { double rtt, srtt, rttvar, rto; };

static double magnitude(double x) { return x < 0 ? -x : x; }

static double clamp(double rto)
{
    return rto < RTT_RXTMIN ? RTT_RXTMIN : rto > RTT_RXTMAX ? RTT_RXTMAX : rto;
}

/* The reference, in double; compared with the library's floats to 1e-5. */
static void ref_stop(struct ref *r, unsigned ms)
{
    double err;

    r->rtt = ms / 1000.0;
    err = r->rtt - r->srtt;
    r->srtt += err / 8;
    r->rttvar += (magnitude(err) - r->rttvar) / 4;
    r->rto = clamp(r->srtt + 4 * r->rttvar);
}

#define NEAR(got, want) CHECK_REPORT((got) - (want) < 1e-5 && (want) - (got) < 1e-5, \
                                     "%s = %.6f, want %.6f", #got, (double)(got), (double)(want))

static void print_debug(struct rtt_info *ri)
{
    rtt_d_flag = 1;
    rtt_debug(ri);
}

int main(void)
{
    struct rtt_info ri;
    struct ref r = {0, 0, 0.75, 3};
    /* RTTs in ms: LAN-like, a spike, a long stall (clamped at 60 s), recovery. */
    static const unsigned samples[] = {100, 120, 90, 2500, 110, 100, 300000, 200, 50, 0, 70000, 10};
    uint32_t t0, t1;
    char want[200];
    size_t i;
    int k;

    memset(&ri, 0xa5, sizeof ri);
    rtt_init(&ri);
    NEAR(ri.rtt_rtt, 0);
    NEAR(ri.rtt_srtt, 0);
    NEAR(ri.rtt_rttvar, 0.75);
    NEAR(ri.rtt_rto, 3.0); /* srtt + 4 * 0.75 */
    CHECK_INT(rtt_start(&ri), 3);
    CHECK((uint32_t)time(NULL) - ri.rtt_base <= 1);

    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        double rounded;

        rtt_stop(&ri, samples[i]);
        ref_stop(&r, samples[i]);
        NEAR(ri.rtt_rtt, r.rtt);
        NEAR(ri.rtt_srtt, r.srtt);
        NEAR(ri.rtt_rttvar, r.rttvar);
        NEAR(ri.rtt_rto, r.rto);
        CHECK(ri.rtt_rto >= RTT_RXTMIN && ri.rtt_rto <= RTT_RXTMAX);
        rounded = r.rto + 0.5;
        CHECK_INT(rtt_start(&ri), (int)rounded);
    }
    /* First sample by hand: srtt 0.0125, rttvar 0.5875, RTO 2.3625 -> alarm(2). */
    rtt_init(&ri);
    rtt_stop(&ri, 100);
    NEAR(ri.rtt_srtt, 0.0125);
    NEAR(ri.rtt_rttvar, 0.5875);
    NEAR(ri.rtt_rto, 2.3625);
    CHECK_INT(rtt_start(&ri), 2);

    /* Timeouts double the RTO; the fourth retransmission gives up. */
    rtt_newpack(&ri);
    CHECK_INT(ri.rtt_nrexmt, 0);
    for (k = 1; k <= RTT_MAXNREXMT; k++) {
        CHECK_INT(rtt_timeout(&ri), 0);
        CHECK_INT(ri.rtt_nrexmt, k);
        NEAR(ri.rtt_rto, 2.3625 * (1 << k));
    }
    CHECK_INT(rtt_timeout(&ri), -1);
    rtt_newpack(&ri);
    CHECK_INT(ri.rtt_nrexmt, 0);
    CHECK_INT(rtt_timeout(&ri), 0);

    /* Below RTT_RXTMIN and above RTT_RXTMAX. */
    rtt_init(&ri);
    for (k = 0; k < 50; k++)
        rtt_stop(&ri, 1);
    NEAR(ri.rtt_rto, RTT_RXTMIN);
    for (k = 0; k < 50; k++)
        rtt_stop(&ri, 1000000);
    NEAR(ri.rtt_rto, RTT_RXTMAX);

    /* rtt_ts: milliseconds since rtt_init. */
    rtt_init(&ri);
    t0 = rtt_ts(&ri);
    CHECK(t0 < 1000 + 1000);
    usleep(150000);
    t1 = rtt_ts(&ri);
    CHECK_REPORT(t1 - t0 >= 140 && t1 - t0 < 1000, "rtt_ts advanced %u ms over a 150 ms sleep", t1 - t0);
    ri.rtt_base -= 10; /* as if rtt_init ran 10 s ago */
    CHECK(rtt_ts(&ri) - t1 >= 10000 && rtt_ts(&ri) - t1 < 11000);

    /* rtt_debug: silent unless rtt_d_flag, then the original's line on stderr. */
    CHECK_INT(rtt_d_flag, 0);
    rtt_init(&ri);
    rtt_stop(&ri, 1234);
    EXPECT_EXIT(rtt_debug(&ri), 0, "");
    snprintf(want, sizeof want, "rtt = %.3f, srtt = %.3f, rttvar = %.3f, rto = %.3f\n",
             ri.rtt_rtt, ri.rtt_srtt, ri.rtt_rttvar, ri.rtt_rto);
    CHECK_STR(want, "rtt = 1.234, srtt = 0.154, rttvar = 0.871, rto = 3.638\n"); /* 0.15425 + 4 * 0.871 */
    EXPECT_EXIT(print_debug(&ri), 0, want);

    /* NULL: no crash; rtt_start and rtt_timeout say -1. */
    rtt_init(NULL);
    rtt_newpack(NULL);
    rtt_stop(NULL, 5);
    rtt_debug(NULL);
    CHECK_INT(rtt_start(NULL), -1);
    CHECK_INT(rtt_timeout(NULL), -1);
    CHECK_INT(rtt_ts(NULL), 0);

    return check_done("rtt");
}
