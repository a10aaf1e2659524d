/* lnp.h's "our stdio wrapper functions". */
#include "check.h"

static char path[] = "/tmp/lnp-stdioXXXXXX";

/* fclose fails when the descriptor under the stream is already closed. */
static void fclose_closed(void)
{
    FILE *fp = Fopen(path, "r");
    close(fileno(fp));
    Fclose(fp);
}

int main(void)
{
    char line[MAXLINE];
    FILE *fp;
    int fd, n;

    fd = Mkstemp(path);
    Close(fd);

    /* Fopen, Fputs, Fclose */
    fp = Fopen(path, "w");
    Fputs("first line\n", fp);
    Fputs("second\n", fp);
    Fputs("no newline", fp);
    Fclose(fp);

    /* Fgets: lines, then NULL at EOF (not an error) */
    fp = Fopen(path, "r");
    CHECK(Fgets(line, sizeof(line), fp) == line);
    CHECK_STR(line, "first line\n");
    CHECK(Fgets(line, 4, fp) == line);
    CHECK_STR(line, "sec");
    CHECK(Fgets(line, sizeof(line), fp) == line);
    CHECK_STR(line, "ond\n");
    CHECK(Fgets(line, sizeof(line), fp) == line);
    CHECK_STR(line, "no newline");
    CHECK(Fgets(line, sizeof(line), fp) == NULL);
    CHECK(feof(fp) && !ferror(fp));
    CHECK(Fgets(line, sizeof(line), fp) == NULL);
    Fclose(fp);

    /* Fdopen on a pipe, a stdin-like stream read to EOF */
    {
        int fds[2];
        Pipe(fds);
        Write(fds[1], "piped\n", 6);
        Close(fds[1]);
        fp = Fdopen(fds[0], "r");
        CHECK_STR(Fgets(line, sizeof(line), fp), "piped\n");
        CHECK(Fgets(line, sizeof(line), fp) == NULL);
        Fclose(fp);
        CHECK(fcntl(fds[0], F_GETFD) == -1); /* Fclose closed the descriptor */
    }

    /* error paths */
    EXPECT_EXIT(Fopen("/nonexistent-dir/f", "r"), 1, "fopen error: No such file or directory\n");
    EXPECT_EXIT(Fdopen(-1, "r"), 1, "fdopen error: Bad file descriptor\n");
    fd = Open(path, O_RDONLY, 0);
    EXPECT_EXIT(Fdopen(fd, "w"), 1, "fdopen error: Invalid argument\n");
    Close(fd);
    /* fgets on a write-only stream: NULL with the error flag set */
    fp = Fopen(path, "a");
    EXPECT_EXIT(Fgets(line, sizeof(line), fp), 1, "fgets error: Bad file descriptor\n");
    Fclose(fp);
    /* fputs on a read-only stream */
    fp = Fopen(path, "r");
    EXPECT_EXIT((Fputs("x", fp), fflush(fp), Fputs("y\n", fp)), 1, "fputs error: Bad file descriptor\n");
    Fclose(fp);
    EXPECT_EXIT(fclose_closed(), 1, "fclose error: Bad file descriptor\n");

    /* Fputs to stdout goes through the C stream, in order with printf */
    EXPECT_EXIT((printf("a"), Fputs("b", stdout), printf("c"), errno = 0, err_quit("done")), 1, "done\n");
    CHECK_STR(check_out, "abc");

    /* unread lines of a full buffer: Fgets never writes past n */
    memset(line, 'Z', sizeof(line));
    fp = Fopen(path, "r");
    Fgets(line, 2, fp);
    CHECK(line[0] == 'f' && line[1] == 0 && line[2] == 'Z');
    Fclose(fp);

    n = unlink(path);
    CHECK_INT(n, 0);
    return check_done("wrap_stdio");
}
