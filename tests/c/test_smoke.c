/* Smoke test of the build: a wrapper, the error functions, weak overriding. */
#include "check.h"

int main(void)
{
    int fd = Socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    CHECK_INT(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
    close(fd);
    EXPECT_EXIT(Socket(9999, SOCK_STREAM, 0), 1, "socket error: Address family not supported by protocol\n");
    EXPECT_EXIT((printf("out first"), errno = 0, err_sys("zero")), 1, "zero: Success\n");
    CHECK_STR(check_out, "out first");
    EXPECT_EXIT((errno = EIO, err_ret("%d %s %.2f %ld", 1, "two", 3.0, 4L)), 0, "1 two 3.00 4: Input/output error\n");
    EXPECT_EXIT(err_quit("quit"), 1, "quit\n");
    EXPECT_EXIT((errno = 0, err_dump("dump")), 128 + SIGABRT, "dump: Success\n");
    return check_done("smoke");
}
