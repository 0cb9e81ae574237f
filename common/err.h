/* Filling zc_error objects. Internal to the library. */
#ifndef ZC_COMMON_ERR_H
#define ZC_COMMON_ERR_H

#include "zhengce.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sets err (if non-NULL) to code and a printf-style message; returns code,
 * so callers can write `return zc_err_set(err, ZC_ERR_IO, "...")`. */
int zc_err_set(zc_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prepends context ("indexing 'a.txt': ") to an error already set. */
int zc_err_prefix(zc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif
#endif
