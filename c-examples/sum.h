/* sum.h -- book §5.9 (no fixes needed) */
struct args {
    long    arg1;
    long    arg2;
};

struct result {
    long    sum;
};
