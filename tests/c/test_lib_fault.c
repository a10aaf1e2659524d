/* Failures the kernel will not produce on demand, injected by defining the
   libc functions the library calls (the program's definition interposes
   glibc's for liblnp.a and liblnp.so alike): read_fd's control-message
   checks, my_addrs/My_addrs without a host entry, gf_time without a clock,
   daemon_init when setsid fails. */
#include "check.h"
#include <sys/syscall.h>
#include <syslog.h>

static int fake_level = -1, fake_type, fake_len;
static int ghbn_fail, gtod_fail, setsid_fail;

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
    struct cmsghdr *c;

    if (fake_level < 0)
        return syscall(SYS_recvmsg, fd, msg, flags);
    c = CMSG_FIRSTHDR(msg);
    c->cmsg_len = fake_len;
    c->cmsg_level = fake_level;
    c->cmsg_type = fake_type;
    *(int *)CMSG_DATA(c) = 0;
    msg->msg_controllen = CMSG_SPACE(sizeof(int));
    ((char *)msg->msg_iov[0].iov_base)[0] = 'z';
    return 1;
}

struct hostent *gethostbyname(const char *name)
{
    static struct in_addr a;
    static char *list[2];
    static struct hostent h;

    if (ghbn_fail) {
        h_errno = HOST_NOT_FOUND;
        return NULL;
    }
    a.s_addr = htonl(INADDR_LOOPBACK);
    list[0] = (char *)&a;
    list[1] = NULL;
    h.h_name = (char *)name;
    h.h_addrtype = AF_INET;
    h.h_length = 4;
    h.h_addr_list = list;
    return &h;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    if (gtod_fail) {
        errno = EFAULT;
        return -1;
    }
    return (int)syscall(SYS_gettimeofday, tv, tz);
}

pid_t setsid(void)
{
    if (setsid_fail) {
        errno = EPERM;
        return -1;
    }
    return (pid_t)syscall(SYS_setsid);
}

int main(void)
{
    char c;
    int got = -2, family = -1;
    char **pp;

    /* read_fd: the first control message has the right size but not SOL_SOCKET/SCM_RIGHTS */
    fake_len = CMSG_LEN(sizeof(int));
    EXPECT_EXIT((fake_level = IPPROTO_IP, fake_type = SCM_RIGHTS, read_fd(0, &c, 1, &got)), 1,
                "control level != SOL_SOCKET\n");
    EXPECT_EXIT((fake_level = SOL_SOCKET, fake_type = 2 /* SCM_CREDENTIALS */, read_fd(0, &c, 1, &got)), 1,
                "control type != SCM_RIGHTS\n");
    /* another size: no descriptor, no complaint */
    fake_level = IPPROTO_IP;
    fake_len = CMSG_LEN(2 * sizeof(int));
    CHECK_INT(read_fd(0, &c, 1, &got), 1);
    CHECK_INT(got, -1);
    CHECK_INT(c, 'z');
    fake_level = -1;

    /* my_addrs returns gethostbyname's list and family */
    pp = my_addrs(&family);
    CHECK(pp != NULL && pp[0] != NULL && pp[1] == NULL);
    CHECK_INT(family, AF_INET);
    CHECK_STR(inet_ntoa(*(struct in_addr *)pp[0]), "127.0.0.1");
    ghbn_fail = 1;
    CHECK(my_addrs(&family) == NULL);
    /* gethostbyname sets no errno: the text is whatever errno held */
    EXPECT_EXIT((errno = 0, My_addrs(&family)), 1, "my_addrs error: Success\n");
    ghbn_fail = 0;

    EXPECT_EXIT((gtod_fail = 1, gf_time()), 1, "gettimeofday error: Bad address\n");

    /* setsid fails in the first child: it returns -1 (the caller has exited 0) */
    EXPECT_EXIT((setsid_fail = 1, printf("rc=%d", daemon_init("lnp-test", LOG_USER))), 0, "");
    CHECK_STR(check_out, "rc=-1");
    return check_done("lib_fault");
}
