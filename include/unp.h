/* unp.h: the English original's name for lnp.h; book listings that still say
   #include "unp.h" compile unchanged. */
#ifndef __unp_h
#define __unp_h

#include "lnp.h"

/* The original library calls recvfrom_flags' result struct unp_in_pktinfo;
   the book's lnp.h renamed it struct lnp_in_pktinfo (same two members,
   ipi_addr and ipi_ifindex).  One type under both names, so code written
   for the original passes its &pktinfo to Recvfrom_flags unchanged. */
#define unp_in_pktinfo lnp_in_pktinfo

#endif /* __unp_h */
