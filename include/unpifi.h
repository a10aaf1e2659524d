/* unpifi.h: get_ifi_info of the original UNP library (section 17.6), for
   lnp.  One struct ifi_info per address of the requested family, in the
   kernel's order; interfaces that are down are left out; with doaliases 0
   only each interface's first address, otherwise the others carry
   IFI_ALIAS.  Built on getifaddrs(3), so AF_INET6 works as well as AF_INET.
   Written by hand; layout and prototypes are the original's
   (tests/c/test_superset_protos.c). */
#ifndef __unp_ifi_h
#define __unp_ifi_h

#include "unp.h"
#include <net/if.h>

#define IFI_NAME 16  /* same as IFNAMSIZ in <net/if.h> */
#define IFI_HADDR 8  /* allow for 64-bit EUI-64 */

struct ifi_info {
    char ifi_name[IFI_NAME];     /* interface name, NUL-terminated */
    short ifi_index;             /* interface index */
    short ifi_mtu;               /* interface MTU (65536 wraps to 0, as in the original) */
    u_char ifi_haddr[IFI_HADDR]; /* hardware address */
    u_short ifi_hlen;            /* bytes in the hardware address: 0, 6, 8 */
    short ifi_flags;             /* IFF_xxx constants from <net/if.h> */
    short ifi_myflags;           /* our own IFI_xxx flags */
    struct sockaddr *ifi_addr;    /* the address (malloc'd) */
    struct sockaddr *ifi_brdaddr; /* broadcast address (malloc'd) or NULL */
    struct sockaddr *ifi_dstaddr; /* destination address (malloc'd) or NULL */
    struct ifi_info *ifi_next;    /* next of these structures */
};

#define IFI_ALIAS 1 /* ifi_addr is an alias */

#ifdef __cplusplus
extern "C" {
#endif

/* The list, or NULL (no such address; errno set if getifaddrs or memory failed). */
struct ifi_info *get_ifi_info(int, int);
/* get_ifi_info, or err_quit("get_ifi_info error") when it returns NULL. */
struct ifi_info *Get_ifi_info(int, int);
/* Free a list from get_ifi_info, addresses included. */
void free_ifi_info(struct ifi_info *);

#ifdef __cplusplus
}
#endif

#endif /* __unp_ifi_h */
