/* unpifi.h on the machine's own interfaces (tests/ifi/run.sh compares whole
   lists with ip(8) in namespaces it builds): loopback's entry, every entry
   consistent with if_nametoindex and its family, doaliases, the NULL and
   err_quit paths, and free_ifi_info of a list whose parts the caller freed. */
#include "check.h"
#include "unpifi.h"

static int count(struct ifi_info *head)
{
    int n = 0;

    for (; head != NULL; head = head->ifi_next)
        n++;
    return n;
}

static void check_family(int family, const char *lo_addr)
{
    struct ifi_info *head, *ifi, *primaries;
    int found_lo = 0;
    char name[IFNAMSIZ];

    head = get_ifi_info(family, 1);
    CHECK(head != NULL);
    for (ifi = head; ifi != NULL; ifi = ifi->ifi_next) {
        CHECK(ifi->ifi_addr != NULL && ifi->ifi_addr->sa_family == family);
        CHECK(ifi->ifi_flags & IFF_UP);
        CHECK(strlen(ifi->ifi_name) < IFI_NAME && strchr(ifi->ifi_name, ':') == NULL);
        CHECK_INT(ifi->ifi_index, (short)if_nametoindex(ifi->ifi_name));
        CHECK(if_indextoname(ifi->ifi_index, name) != NULL && strcmp(name, ifi->ifi_name) == 0);
        CHECK(ifi->ifi_hlen <= IFI_HADDR);
        CHECK(ifi->ifi_myflags == 0 || ifi->ifi_myflags == IFI_ALIAS);
        if (family == AF_INET6)
            CHECK(ifi->ifi_brdaddr == NULL);
        if (!(ifi->ifi_flags & IFF_POINTOPOINT))
            CHECK(ifi->ifi_dstaddr == NULL);
        if (strcmp(ifi->ifi_name, "lo") == 0 && ifi->ifi_myflags == 0) {
            found_lo = 1;
            CHECK_STR(Sock_ntop_host(ifi->ifi_addr, family == AF_INET ? sizeof(struct sockaddr_in)
                                                                        : sizeof(struct sockaddr_in6)),
                      lo_addr);
            CHECK(ifi->ifi_flags & IFF_LOOPBACK);
            CHECK(ifi->ifi_brdaddr == NULL);
            CHECK_INT(ifi->ifi_hlen, 6); /* link/loopback 00:00:00:00:00:00 */
        }
    }
    CHECK(found_lo);

    /* doaliases 0: the entries without IFI_ALIAS, in the same order. */
    primaries = get_ifi_info(family, 0);
    {
        struct ifi_info *a = head, *p = primaries;
        int same = 1;

        for (; a != NULL; a = a->ifi_next) {
            if (a->ifi_myflags & IFI_ALIAS)
                continue;
            if (p == NULL || strcmp(p->ifi_name, a->ifi_name) != 0 || p->ifi_myflags != 0 ||
                memcmp(p->ifi_addr, a->ifi_addr, family == AF_INET ? sizeof(struct sockaddr_in)
                                                                   : sizeof(struct sockaddr_in6)) != 0)
                same = 0;
            if (p != NULL)
                p = p->ifi_next;
        }
        CHECK(same && p == NULL);
    }
    free_ifi_info(primaries);

    /* The caller may free and NULL an address before free_ifi_info. */
    free(head->ifi_addr);
    head->ifi_addr = NULL;
    free_ifi_info(head);
}

int main(void)
{
    CHECK(sizeof(struct ifi_info) == 72 || sizeof(void *) != 8);
    check_family(AF_INET, "127.0.0.1");
    if (ipv6_loopback())
        check_family(AF_INET6, "::1");

    /* Any other family: no entries, as in the original. */
    CHECK(get_ifi_info(AF_UNIX, 1) == NULL);
    CHECK(get_ifi_info(-1, 0) == NULL);
    CHECK(count(NULL) == 0);
    free_ifi_info(NULL);
    EXPECT_EXIT(Get_ifi_info(AF_UNSPEC, 0), 1, "get_ifi_info error\n");
    EXPECT_EXIT(free_ifi_info(Get_ifi_info(AF_INET, 0)), 0, "");

    return check_done("ifi");
}
