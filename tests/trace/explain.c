/*
 * explain: die the way a book wrapper does, for the explain-mode test.
 * Usage: explain ERRNO-NAME-OR-0 MESSAGE
 *   a number or errno name: errno = it; err_sys(MESSAGE)
 *   0:                      err_quit(MESSAGE)
 */
#include "lnp.h"

static const struct { const char *name; int value; } names[] = {
    {"ECONNREFUSED", ECONNREFUSED}, {"EADDRINUSE", EADDRINUSE}, {"EACCES", EACCES},
    {"EPERM", EPERM}, {"EADDRNOTAVAIL", EADDRNOTAVAIL}, {"ETIMEDOUT", ETIMEDOUT},
    {"EHOSTUNREACH", EHOSTUNREACH}, {"ENETUNREACH", ENETUNREACH}, {"ECONNRESET", ECONNRESET},
    {"EPIPE", EPIPE}, {"EMFILE", EMFILE}, {"ENFILE", ENFILE}, {"EOPNOTSUPP", EOPNOTSUPP},
    {"EINVAL", EINVAL}, {"EBADF", EBADF}, {"ENOTSOCK", ENOTSOCK}, {"EAFNOSUPPORT", EAFNOSUPPORT},
    {"EPROTONOSUPPORT", EPROTONOSUPPORT}, {"ESOCKTNOSUPPORT", ESOCKTNOSUPPORT}, {"EINTR", EINTR},
    {"EAGAIN", EAGAIN}, {"EISCONN", EISCONN}, {"ENOTCONN", ENOTCONN}, {"EDESTADDRREQ", EDESTADDRREQ},
    {"EMSGSIZE", EMSGSIZE}, {"ENOBUFS", ENOBUFS}, {"ENOENT", ENOENT}, {"ENOPROTOOPT", ENOPROTOOPT},
    {"ECHILD", ECHILD}, {"EIO", EIO},
};

int main(int argc, char **argv)
{
    size_t i;

    if (argc != 3)
        err_quit("usage: explain ERRNO-NAME|0 MESSAGE");
    if (strcmp(argv[1], "0") == 0)
        err_quit("%s", argv[2]);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(argv[1], names[i].name) == 0) {
            errno = names[i].value;
            err_sys("%s", argv[2]);
        }
    err_quit("unknown errno name %s", argv[1]);
}
