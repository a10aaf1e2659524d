/* sigchldwait.c -- book L4385-4396; transcription fixes: README.md */
#include     "unp.h"

void
sig_chld(int signo)
{
    pid_t   pid;
    int     stat;

    pid = wait(&stat);
    printf("child %d terminated\n", pid);
    return;
}
