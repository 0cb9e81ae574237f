/* Running an external filter (antiword, tesseract) without a shell: an
 * absolute program path, an argument vector, an empty environment but for
 * LANG, stdin fed from memory, stdout captured up to a limit, a time limit
 * after which the child is killed. Internal to extract/. */
#ifndef ZC_EXTRACT_SPAWN_H
#define ZC_EXTRACT_SPAWN_H

#include <stddef.h>

#include "zhengce.h"

/* Runs argv[0] (an absolute path) with input on stdin (NULL: none) and
 * returns its stdout (malloc'd, NUL-terminated). Errors: ZC_ERR_NOT_FOUND
 * (no such program), ZC_ERR_INVALID (exit status not 0: the first line of
 * its stderr in the message; killed after timeout_s seconds; output past
 * max_out), ZC_ERR_IO, ZC_ERR_NOMEM. */
int zc_spawn(const char *const *argv, const char *input, size_t input_len, int timeout_s,
             size_t max_out, char **out, size_t *out_len, zc_error *err);

#endif
