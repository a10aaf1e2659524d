/*
 * rtt_d_flag of unprtt.h (the original's lib/rtt.c): a program sets it
 * nonzero to make rtt_debug print.  Data, so it cannot be one of build.rs's
 * jump trampolines; weak, so a program that defines its own rtt_d_flag wins.
 */
__attribute__((weak)) int rtt_d_flag;
