/*
 * The five variadic error functions of lnp.h (UNP 3rd ed., appendix D.3).
 *
 * Stable Rust cannot define C-variadic functions, so this shim only saves
 * errno, formats the caller's message with vsnprintf and hands it to the Rust
 * core (lnp_rs_err_emit), which adds the errno text and writes the line to
 * stderr or syslog.  Each public name is a weak alias of a strong lnp_rs_
 * name: a program may define its own err_sys and keep the library's others,
 * while the library itself always calls the lnp_rs_ names.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#define MAXLINE 4096

/* Zero until daemon_init/daemon_inetd; weak so a program may define its own. */
__attribute__((weak)) int daemon_proc;

/* Rust core: appends ": strerror(saved_errno)" if errnoflag, then prints. */
void lnp_rs_err_emit(int errnoflag, int saved_errno, int level, const char *msg);
/* Rust: with LNP_EXPLAIN set, one line on what usually causes a fatal error;
 * called by the fatal ones only (err_sys, err_dump, err_quit). */
void lnp_rs_err_explain(int errnoflag, int saved_errno, const char *msg);

/* The explain hook of the nonfatal ones: nothing, so a program that only
 * calls err_ret and err_msg does not link the explanations. */
static void no_explain(int errnoflag, int saved_errno, const char *msg)
{
    (void)errnoflag, (void)saved_errno, (void)msg;
}

static void err_doit(int errnoflag, int level, int saved_errno, void (*explain)(int, int, const char *),
                     const char *fmt, va_list ap)
{
    char buf[MAXLINE + 1];

    vsnprintf(buf, MAXLINE, fmt, ap);
    lnp_rs_err_emit(errnoflag, saved_errno, level, buf);
    explain(errnoflag, saved_errno, buf);
    errno = saved_errno;
}

#define LNP_ERR_FUNC(name, errnoflag, level, explain, finish)        \
    void lnp_rs_##name(const char *fmt, ...)                         \
    {                                                                 \
        int saved_errno = errno;                                      \
        va_list ap;                                                   \
        va_start(ap, fmt);                                            \
        err_doit(errnoflag, level, saved_errno, explain, fmt, ap);    \
        va_end(ap);                                                   \
        finish;                                                       \
    }                                                                 \
    void name(const char *fmt, ...) __attribute__((weak, alias("lnp_rs_" #name)));

/* Nonfatal error related to a system call: message + errno text, return. */
LNP_ERR_FUNC(err_ret, 1, LOG_INFO, no_explain, return)
/* Fatal error related to a system call: message + errno text, exit(1). */
LNP_ERR_FUNC(err_sys, 1, LOG_ERR, lnp_rs_err_explain, exit(1))
/* Fatal error related to a system call: message + errno text, abort(). */
LNP_ERR_FUNC(err_dump, 1, LOG_ERR, lnp_rs_err_explain, abort())
/* Nonfatal error unrelated to a system call: message, return. */
LNP_ERR_FUNC(err_msg, 0, LOG_INFO, no_explain, return)
/* Fatal error unrelated to a system call: message, exit(1). */
LNP_ERR_FUNC(err_quit, 0, LOG_ERR, lnp_rs_err_explain, exit(1))
