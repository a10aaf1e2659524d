/* unp.h: the English original's name for lnp.h; book listings that still say
   #include "unp.h" compile unchanged. */
#include "lnp.h"
