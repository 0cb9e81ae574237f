/* Helpers shared by the tests: temporary directories and files. */
#ifndef ZC_TEST_UTIL_H
#define ZC_TEST_UTIL_H

#include <stddef.h>

/* Creates a fresh temporary directory; returns a malloc'd path. */
char *zc_test_tmpdir(void);
/* Removes a directory tree (best effort). */
void zc_test_rmtree(const char *path);
/* Writes len bytes to dir/name; returns the malloc'd full path. */
char *zc_test_write_file(const char *dir, const char *name, const void *data, size_t len);
/* Reads a whole file; returns malloc'd NUL-terminated contents or NULL. */
char *zc_test_read_file(const char *path, size_t *len);
/* Path under the source tree (ZC_SOURCE_DIR) as a malloc'd string. */
char *zc_test_source_path(const char *rel);

/* The output of one run of the zhengce command. */
typedef struct zc_test_run {
    int status; /* exit status, -1 if killed */
    char *out;  /* stdout */
    char *err;  /* stderr */
} zc_test_run;

/* Runs `$ZC_CLI ARGS` through the shell (ARGS already quoted), capturing
 * its output in files under tmpdir. */
zc_test_run zc_test_cli(const char *tmpdir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void zc_test_run_free(zc_test_run *r);

#endif
