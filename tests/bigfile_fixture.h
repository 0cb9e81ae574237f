/* What the big-file tests share: time bounds that scale under the
 * sanitizers, peak memory, runs of the zhengce command with a memory limit
 * or a preloaded library, texts made of the seed reports. */
#ifndef ZC_TESTS_BIGFILE_FIXTURE_H
#define ZC_TESTS_BIGFILE_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif
#ifndef ZC_COVERAGE_BUILD
#define ZC_COVERAGE_BUILD 0
#endif

/* The output and resources of one run of the zhengce command. */
typedef struct cli_run {
    int status; /* exit status, -1 if killed */
    long maxrss_kb;
    double seconds, cpu; /* wall clock; processor time (user and system) */
    char *out, *err;
} cli_run;

/* Seconds a bound of plain seconds allows in this build. */
double big_bound(double seconds);
/* unit repeated to total bytes (whole units), NUL-terminated. */
char *big_repeat(const char *unit, size_t total, size_t *len);
/* Runs f(ctx) and fails the test if it took more than big_bound(limit)
 * seconds; prints the time. */
void big_timed(const char *what, double limit, void (*f)(void *), void *ctx);
/* Resident memory of this process now, in KB. */
long big_rss_kb(void);
/* Runs f(ctx) in a child process and returns the memory it took at most
 * beyond what the child started with, in KB (a child's peak is its own:
 * the parent's earlier peaks do not count). f returns nonzero on failure. */
long big_child_peak_kb(int (*f)(void *), void *ctx);
/* Runs $ZC_CLI with the NULL-terminated arguments, straight (no shell, so
 * that its own peak memory is measured), with its address space limited to
 * as_mb MB when nonzero, and the library preload preloaded when not
 * NULL. */
cli_run big_run_cli_with(const char *tmp, unsigned as_mb, const char *preload, va_list ap);
cli_run big_run_cli(const char *tmp, unsigned as_mb, ...);
cli_run big_run_cli_preloaded(const char *tmp, const char *preload, ...);
void big_cli_run_free(cli_run *r);
/* The seed reports (corpus/), one after another, malloc'd. */
char *big_seed_text(size_t *len);
/* Writes dir/name: the seed reports over and over to about mb MB, on one
 * line (line breaks left out) or as they are; then end. */
char *big_write_seeds(const char *dir, const char *name, size_t mb, int one_line, const char *end);

#endif
