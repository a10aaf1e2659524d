/* libfree/inet_pton_ipv4.c -- book §3.6 (listing lines 10-23; lines 1-9,
 * the comments and #includes, are not printed: the #include below stands for
 * them).  It defines glibc's own inet_pton, IPv4 only: compiled by
 * `make lib-listings` to show it compiles, NEVER linked into a program. */
#include "lnp.h"

int
inet_pton(int family, const char *strptr, void *addrptr)
{
     if (family == AF_INET) {
        struct in_addr in_val;
        if ( inet_aton(strptr, &in_val)) {
            memcpy(addrptr, &in_val, sizeof(struct in_addr));
            return (1);
        }
        return (0);
    }
    errno = EAFNOSUPPORT;
    return (-1);
}
