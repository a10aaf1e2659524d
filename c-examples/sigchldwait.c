/* sigchldwait.c -- book §5.4; transcription fixes: README.md */
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
