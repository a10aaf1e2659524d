/* libfree/inet_ntop_ipv4.c -- book §3.6 (listing lines 8-24; lines 1-7
 * are not printed: the #include below stands for them).  It defines glibc's
 * own inet_ntop, IPv4 only: compiled by `make lib-listings` to show it
 * compiles, NEVER linked into a program.  Transcription fixes: curly quotes on
 * listing line 14; the argument lists wrapped in lines 9 and 14 rejoined. */
#include "lnp.h"

const char *
inet_ntop (int family, const void *addrptr, char *strptr, size_t len)
{
     const u_char *p = (const u_char *) addrptr;
     if (family == AF_INET) {
        char temp[INET_ADDRSTRLEN];
        snprintf(temp, sizeof(temp), "%d.%d.%d.%d", p[0], p[1], p[2], p[3]);
        if (strlen(temp) >= len) {
             errno = ENOSPC;
             return (NULL);
        }
        strcpy(strptr, temp);
        return (strptr);
     }
     errno = EAFNOSUPPORT;
     return (NULL);
}
