/* The BSD-only wrappers (Sysctl, Kqueue, Kevent): Linux has no
   sysctl(3), kqueue or kevent, so the stubs set ENOSYS and die like the
   wrappers would.  The kqueue prototypes are visible only with HAVE_KQUEUE,
   which Linux never defines; define it here to reach them (struct kevent
   stays an incomplete type). */
#define HAVE_KQUEUE 1
#include "check.h"

int main(void)
{
    struct kevent *none = NULL;
    int mib[2] = {1, 1};
    size_t len = 0;

    EXPECT_EXIT(Sysctl(mib, 2, NULL, &len, NULL, 0), 1, "sysctl error: Function not implemented\n");
    EXPECT_EXIT(Kqueue(), 1, "kqueue error: Function not implemented\n");
    EXPECT_EXIT(Kevent(0, none, 0, none, 0, NULL), 1, "kevent error: Function not implemented\n");
    /* errno is ENOSYS even if something else was pending */
    EXPECT_EXIT((errno = EIO, Kqueue()), 1, "kqueue error: Function not implemented\n");
    return check_done("wrap_bsd");
}
