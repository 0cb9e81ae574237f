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

#endif
