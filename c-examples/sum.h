/* sum.h -- book L5235-5242 (no fixes needed) */
struct args {
    long    arg1;
    long    arg2;
};

struct result {
    long    sum;
};
