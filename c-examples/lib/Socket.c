/* Socket wrapper -- book §1.2, unlabelled.  Teaching copy of
 * a function the library provides (lnp's Socket): compiled by
 * `make lib-listings` to show it compiles, never linked into a program.
 * Transcription fix: curly quotes in its err_sys call. */
#include "lnp.h"

int
Socket (int family, int type, int protocol)
{
    int n;
    if ( ( n = socket(family, type, protocol)) < 0)
        err_sys("socket error");
    return (n);
}
