/* A program written for the original library that defines some of the names
   of its other headers itself: an initialised rtt_d_flag (weak data in lnp),
   its own Pthread_detach and its own free_ifi_info.  It must link against
   liblnp.a and liblnp.so without "multiple definition"; its own definitions
   win: the library's rtt_debug reads the program's rtt_d_flag, and the
   program's calls reach its own functions. */
#include "check.h"
#include "unpthread.h"
#include "unpifi.h"
#include "unprtt.h"

int rtt_d_flag = 1; /* debug on from the start, no assignment needed */

static int detached, freed;

void Pthread_detach(pthread_t tid)
{
    detached++;
    pthread_detach(tid);
}

void free_ifi_info(struct ifi_info *head)
{
    struct ifi_info *next;

    for (; head != NULL; head = next) {
        next = head->ifi_next;
        free(head->ifi_addr);
        free(head->ifi_brdaddr);
        free(head->ifi_dstaddr);
        free(head);
        freed++;
    }
}

static void *nothing(void *arg) { return arg; }

static void debug_once(void)
{
    struct rtt_info ri;

    rtt_init(&ri);
    rtt_debug(&ri);
}

int main(void)
{
    pthread_t tid;
    struct ifi_info *list;

    Pthread_create(&tid, NULL, nothing, NULL);
    Pthread_detach(tid);
    CHECK_INT(detached, 1);

    list = Get_ifi_info(AF_INET, 1);
    CHECK(list != NULL);
    free_ifi_info(list);
    CHECK(freed >= 1);

    EXPECT_EXIT(debug_once(), 0, "rtt = 0.000, srtt = 0.000, rttvar = 0.750, rto = 3.000\n");
    return check_done("override_superset");
}
