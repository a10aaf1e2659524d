/* unpthread.h: the Pthread_* wrappers work, and each one dies with the
   original's "pthread_xxx error: <strerror>" text and exit status 1 when the
   pthread function returns an error (provoked for real: EDEADLK, EPERM,
   EINVAL, ETIMEDOUT, EAGAIN, ENOTSUP), or for a NULL pointer (EINVAL). */
#include "check.h"
#include "unpthread.h"
#include <sys/mman.h>

static pthread_mutex_t counter_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t counter_cond = PTHREAD_COND_INITIALIZER;
static int counter, ready;

static void *incr(void *arg)
{
    int i, n = *(int *)arg;

    for (i = 0; i < n; i++) {
        Pthread_mutex_lock(&counter_mutex);
        counter++;
        Pthread_mutex_unlock(&counter_mutex);
    }
    return arg;
}

static void *waiter(void *arg)
{
    Pthread_mutex_lock(&counter_mutex);
    while (ready == 0)
        Pthread_cond_wait(&counter_cond, &counter_mutex);
    counter++;
    Pthread_mutex_unlock(&counter_mutex);
    return arg;
}

static struct timespec deadline;
static int go;
static void *timed_waiter(void *arg)
{
    Pthread_mutex_lock(&counter_mutex);
    while (go == 0)
        Pthread_cond_timedwait(&counter_cond, &counter_mutex, &deadline);
    counter++;
    Pthread_mutex_unlock(&counter_mutex);
    return arg;
}

static int once_calls, destroyed;
static void once_fn(void) { once_calls++; }
static void destroy(void *p) { destroyed += *(int *)p; }
static pthread_key_t key;
static void *set_key(void *arg)
{
    Pthread_setspecific(key, arg);
    return NULL;
}

static void *block_forever(void *arg)
{
    char c;

    (void)!read(*(int *)arg, &c, 1);
    return NULL;
}

static pthread_t detached_thread(void)
{
    static int fds[2];
    pthread_t tid;

    Pipe(fds);
    Pthread_create(&tid, NULL, block_forever, &fds[0]);
    Pthread_detach(tid);
    return tid;
}

static pthread_attr_t huge_stack_attr(void)
{
    pthread_attr_t attr;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)1 << 46); /* 64 TiB: mmap fails */
    return attr;
}

static void create_huge_stack(void)
{
    pthread_attr_t attr = huge_stack_attr();
    pthread_t tid;

    Pthread_create(&tid, &attr, incr, NULL);
}

static void errorcheck(pthread_mutex_t *m)
{
    pthread_mutexattr_t attr;

    Pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    Pthread_mutex_init(m, &attr);
    pthread_mutexattr_destroy(&attr);
}

static void relock(void)
{
    pthread_mutex_t m;

    errorcheck(&m);
    Pthread_mutex_lock(&m);
    Pthread_mutex_lock(&m);
}

static void unlock_unowned(void)
{
    pthread_mutex_t m;

    errorcheck(&m);
    Pthread_mutex_unlock(&m);
}

static void wait_unlocked(void)
{
    pthread_mutex_t m;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;

    errorcheck(&m);
    Pthread_cond_wait(&c, &m);
}

static void timedwait(long sec, long nsec)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec ts = {sec, nsec};

    Pthread_mutex_lock(&m);
    Pthread_cond_timedwait(&c, &m, &ts);
}

static void robust_protect(void)
{
    pthread_mutexattr_t attr;
    pthread_mutex_t m;

    Pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_PROTECT);
    Pthread_mutex_init(&m, &attr);
}

static void exhaust_keys(void)
{
    pthread_key_t k;
    int i;

    for (i = 0; i < 100000; i++)
        Pthread_key_create(&k, NULL);
}

int main(void)
{
    pthread_t tids[4];
    int n = 10000, i;
    void *status;
    pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_mutexattr_t mattr;
    pthread_mutex_t *shared;
    int value = 7;
    pid_t pid;

    /* Four threads counting under one mutex; join returns their status. */
    for (i = 0; i < 4; i++)
        Pthread_create(&tids[i], NULL, incr, &n);
    for (i = 0; i < 4; i++) {
        Pthread_join(tids[i], &status);
        CHECK(status == &n);
    }
    CHECK_INT(counter, 4 * n);

    /* Condition variable: three waiters, one broadcast; then a signal. */
    counter = 0;
    for (i = 0; i < 3; i++)
        Pthread_create(&tids[i], NULL, waiter, NULL);
    Pthread_mutex_lock(&counter_mutex);
    ready = 1;
    Pthread_cond_broadcast(&counter_cond);
    Pthread_mutex_unlock(&counter_mutex);
    for (i = 0; i < 3; i++)
        Pthread_join(tids[i], NULL);
    CHECK_INT(counter, 3);
    Pthread_create(&tids[0], NULL, waiter, NULL);
    Pthread_mutex_lock(&counter_mutex);
    Pthread_cond_signal(&counter_cond);
    Pthread_mutex_unlock(&counter_mutex);
    Pthread_join(tids[0], NULL);
    CHECK_INT(counter, 4);

    /* Timed wait that is signalled before its deadline returns normally. */
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 30;
    Pthread_create(&tids[0], NULL, timed_waiter, NULL);
    usleep(10000);
    Pthread_mutex_lock(&counter_mutex);
    go = 1;
    Pthread_cond_signal(&counter_cond);
    Pthread_mutex_unlock(&counter_mutex);
    Pthread_join(tids[0], NULL);
    CHECK_INT(counter, 5);

    /* Once, keys with a destructor, detach. */
    Pthread_once(&once, once_fn);
    Pthread_once(&once, once_fn);
    CHECK_INT(once_calls, 1);
    Pthread_key_create(&key, destroy);
    Pthread_create(&tids[0], NULL, set_key, &value);
    Pthread_join(tids[0], NULL);
    CHECK_INT(destroyed, 7);
    Pthread_create(&tids[0], NULL, incr, &n);
    Pthread_detach(tids[0]);
    Pthread_kill(pthread_self(), 0);

    /* A process-shared mutex in shared memory, locked across fork. */
    shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    Pthread_mutexattr_init(&mattr);
    Pthread_mutexattr_setpshared(&mattr, PTHREAD_PROCESS_SHARED);
    Pthread_mutex_init(shared, &mattr);
    Pthread_mutex_lock(shared);
    if ((pid = Fork()) == 0) {
        Pthread_mutex_lock(shared); /* blocks until the parent unlocks */
        Pthread_mutex_unlock(shared);
        _exit(3);
    }
    usleep(20000);
    Pthread_mutex_unlock(shared);
    waitpid(pid, &i, 0);
    CHECK(WIFEXITED(i) && WEXITSTATUS(i) == 3);

    /* Each wrapper's death: the error number becomes errno for err_sys. */
    /* EAGAIN natively, EINVAL under valgrind: the text is what pthread_create itself returns. */
    {
        pthread_attr_t attr = huge_stack_attr();
        pthread_t tid;
        char want[200];
        int n = pthread_create(&tid, &attr, incr, NULL);

        CHECK(n == EAGAIN || n == EINVAL);
        snprintf(want, sizeof want, "pthread_create error: %s\n", strerror(n));
        EXPECT_EXIT(create_huge_stack(), 1, want);
    }
    EXPECT_EXIT(Pthread_create(&tids[0], NULL, NULL, NULL), 1, "pthread_create error: Invalid argument\n");
    EXPECT_EXIT(Pthread_join(pthread_self(), NULL), 1, "pthread_join error: Resource deadlock avoided\n");
    EXPECT_EXIT(Pthread_join(detached_thread(), NULL), 1, "pthread_join error: Invalid argument\n");
    EXPECT_EXIT(Pthread_detach(detached_thread()), 1, "pthread_detach error: Invalid argument\n");
    EXPECT_EXIT(Pthread_kill(pthread_self(), 9999), 1, "pthread_kill error: Invalid argument\n");
    EXPECT_EXIT(Pthread_mutexattr_init(NULL), 1, "pthread_mutexattr_init error: Invalid argument\n");
    EXPECT_EXIT(Pthread_mutexattr_setpshared(&mattr, 42), 1, "pthread_mutexattr_setpshared error: Invalid argument\n");
    EXPECT_EXIT(robust_protect(), 1, "pthread_mutex_init error: Operation not supported\n");
    EXPECT_EXIT(relock(), 1, "pthread_mutex_lock error: Resource deadlock avoided\n");
    EXPECT_EXIT(unlock_unowned(), 1, "pthread_mutex_unlock error: Operation not permitted\n");
    EXPECT_EXIT(Pthread_cond_broadcast(NULL), 1, "pthread_cond_broadcast error: Invalid argument\n");
    EXPECT_EXIT(Pthread_cond_signal(NULL), 1, "pthread_cond_signal error: Invalid argument\n");
    EXPECT_EXIT(wait_unlocked(), 1, "pthread_cond_wait error: Operation not permitted\n");
    EXPECT_EXIT(timedwait(1, 0), 1, "pthread_cond_timedwait error: Connection timed out\n");
    EXPECT_EXIT(timedwait(1, 2000000000L), 1, "pthread_cond_timedwait error: Invalid argument\n");
    EXPECT_EXIT(exhaust_keys(), 1, "pthread_key_create error: Resource temporarily unavailable\n");
    EXPECT_EXIT(Pthread_setspecific((pthread_key_t)100000, NULL), 1, "pthread_setspecific error: Invalid argument\n");
    EXPECT_EXIT(Pthread_once(NULL, once_fn), 1, "pthread_once error: Invalid argument\n");
    /* stdout is flushed first, as err_sys does. */
    EXPECT_EXIT((printf("before\n"), Pthread_mutex_lock(NULL)), 1, "pthread_mutex_lock error: Invalid argument\n");
    CHECK_STR(check_out, "before\n");

    return check_done("pthread");
}
