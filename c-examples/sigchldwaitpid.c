/* sigchldwaitpid.c -- book §5.4 (no fixes needed) */
#include    "unp.h"

void
sig_chld(int signo)
{
    pid_t    pid;
    int      stat;

    while ( (pid = waitpid(-1, &stat, WNOHANG)) > 0)
        printf("child %d terminated\n", pid);
    return;
}
