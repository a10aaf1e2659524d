/* lib/wrapsock.c, lines 137-146: Listen -- book §4.4.
 * Teaching copy of a function the library provides (lnp's Listen,
 * which honours LISTENQ the same way): compiled by `make lib-listings` to
 * show it compiles, never linked into a program.  No fixes needed. */
#include "lnp.h"

void
Listen (int fd, int backlog)
{
    char    *ptr;

        /* can override 2nd argument with environment variable */
    if ( (ptr = getenv("LISTENQ")) != NULL)
        backlog = atoi (ptr);

    if (listen (fd, backlog) < 0)
        err_sys ("listen error");
}
