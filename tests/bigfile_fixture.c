#include "bigfile_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "dict/dict.h"
#include "extract/html.h"
#include "extract/markdown.h"
#include "indexer/meta.h"
#include "test_util.h"
#include "text/clean.h"
#include "text/seg.h"
#include "zhengce.h"

/* Seconds a bound of plain seconds allows in this build: five times under
 * the sanitizers, three times in the coverage build (unoptimized, every
 * line's counter updated atomically). */
double big_bound(double seconds)
{
    return SANITIZED ? 5 * seconds : ZC_COVERAGE_BUILD ? 3 * seconds : seconds;
}

/* unit repeated to total bytes (whole units), NUL-terminated. */
char *big_repeat(const char *unit, size_t total, size_t *len)
{
    size_t ul = strlen(unit), n = total / ul;
    char *s = malloc(n * ul + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * ul, unit, ul);
    s[n * ul] = '\0';
    *len = n * ul;
    return s;
}

static const char *timed_what;
static volatile pid_t timed_child; /* a zhengce command running, if any */

/* A scan still running long past its bound fails the test at once rather
 * than after the hours a quadratic one would take. */
static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_bigfile: still running at twice its bound: ";
    if (timed_child > 0)
        kill(timed_child, SIGKILL);
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
        write(STDERR_FILENO, timed_what, strlen(timed_what)) < 0 || write(STDERR_FILENO, "\n", 1))
        _exit(1);
    _exit(1);
}

/* Runs f(ctx) and fails the test if it took more than big_bound(limit)
 * seconds; prints the time. */
void big_timed(const char *what, double limit, void (*f)(void *), void *ctx)
{
    timed_what = what;
    signal(SIGALRM, on_alarm);
    alarm((unsigned)(2 * big_bound(limit)) + 1);
    double t0 = zc_test_now();
    f(ctx);
    alarm(0);
    double took = zc_test_now() - t0;
    print_message("# %s: %.2f s (bound %.0f s)\n", what, took, big_bound(limit));
    if (took > big_bound(limit))
        fail_msg("%s took %.1f s, more than %.0f s: not linear in its input", what, took,
                 big_bound(limit));
}

/* Resident memory of this process now, in KB. */
long big_rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2)
        fail_msg("cannot read /proc/self/statm");
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Runs f(ctx) in a child process and returns the memory it took at most
 * beyond what the child started with, in KB (a child's peak is its own:
 * the parent's earlier peaks do not count). f returns nonzero on failure. */
long big_child_peak_kb(int (*f)(void *), void *ctx)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        long base = big_rss_kb();
        int rc = f(ctx);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%ld", ru.ru_maxrss - base);
        _exit(rc || write(fds[1], buf, (size_t)n) != n ? 1 : 0);
    }
    close(fds[1]);
    char buf[32] = "";
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0 && n > 0);
    return atol(buf);
}

/* Runs $ZC_CLI with the NULL-terminated arguments, straight (no shell, so
 * that its own peak memory is measured), with its address space limited to
 * as_mb MB when nonzero, and the library preload preloaded when not
 * NULL. */
cli_run big_run_cli_with(const char *tmp, unsigned as_mb, const char *preload, va_list ap)
{
    const char *argv[32];
    const char *cli = getenv("ZC_CLI");
    argv[0] = cli ? cli : "zhengce";
    size_t n = 1;
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 31)
        argv[n++] = a;
    argv[n] = NULL;
    char outp[4200], errp[4200];
    snprintf(outp, sizeof outp, "%s/.out", tmp);
    snprintf(errp, sizeof errp, "%s/.err", tmp);
    double t0 = zc_test_now();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(127);
        if (as_mb) {
            struct rlimit rl = {(rlim_t)as_mb << 20, (rlim_t)as_mb << 20};
            if (setrlimit(RLIMIT_AS, &rl) != 0)
                _exit(127);
        }
        /* Under AddressSanitizer the preloaded library comes before its
         * runtime, which it would otherwise refuse. */
        if (preload && (setenv("LD_PRELOAD", preload, 1) ||
                        setenv("ASAN_OPTIONS",
                               "verify_asan_link_order=0:detect_leaks=1:abort_on_error=1:"
                               "new_delete_type_mismatch=0",
                               1)))
            _exit(127);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    timed_child = pid;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    timed_child = 0;
    double cpu =
        ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    cli_run r = {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                 ru.ru_maxrss,
                 zc_test_now() - t0,
                 cpu,
                 zc_test_read_file(outp, NULL),
                 zc_test_read_file(errp, NULL)};
    if (!r.out)
        r.out = calloc(1, 1);
    if (!r.err)
        r.err = calloc(1, 1);
    return r;
}

cli_run big_run_cli(const char *tmp, unsigned as_mb, ...)
{
    va_list ap;
    va_start(ap, as_mb);
    cli_run r = big_run_cli_with(tmp, as_mb, NULL, ap);
    va_end(ap);
    return r;
}

cli_run big_run_cli_preloaded(const char *tmp, const char *preload, ...)
{
    va_list ap;
    va_start(ap, preload);
    cli_run r = big_run_cli_with(tmp, 0, preload, ap);
    va_end(ap);
    return r;
}

void big_cli_run_free(cli_run *r)
{
    free(r->out);
    free(r->err);
}

/* The seed reports (corpus/), one after another, malloc'd. */
char *big_seed_text(size_t *len)
{
    static const char *const names[] = {"000_c7aa4d322e244bff.txt", "001_28de832e850c6ae0.txt",
                                        "002_703a66e9d902f6c3.txt", "003_b399b6283a605430.txt",
                                        "004_f38267a61ae27191.txt"};
    zc_buf b = ZC_BUF_INIT;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "corpus/%s", names[i]);
        char *path = zc_test_source_path(rel);
        size_t n;
        char *t = zc_test_read_file(path, &n);
        assert_non_null(t);
        zc_buf_append(&b, t, n);
        free(t);
        free(path);
    }
    *len = b.len;
    return zc_buf_detach(&b);
}

/* Writes dir/name: the seed reports over and over to about mb MB, on one
 * line (line breaks left out) or as they are; then end. */
char *big_write_seeds(const char *dir, const char *name, size_t mb, int one_line, const char *end)
{
    size_t len;
    char *seed = big_seed_text(&len);
    if (one_line) {
        size_t w = 0;
        for (size_t i = 0; i < len; i++)
            if (seed[i] != '\n' && seed[i] != '\r')
                seed[w++] = seed[i];
        len = w;
    }
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t done = 0; done < mb << 20; done += len)
        assert_int_equal(fwrite(seed, 1, len, f), len);
    fputs(end, f);
    assert_int_equal(fclose(f), 0);
    free(seed);
    return path;
}
