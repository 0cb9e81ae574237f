/* The fixture of the command-line tests (test_cli.c, test_cli_index.c). */
#ifndef ZC_TESTS_CLI_FIXTURE_H
#define ZC_TESTS_CLI_FIXTURE_H

#include <stddef.h>

#include "test_util.h"

typedef struct env {
    char *tmp;
    char *db;
    char *corpus;
    const char *cli;
} env;

typedef zc_test_run run;
#define zc(e, ...) zc_test_cli((e)->tmp, __VA_ARGS__)
#define run_free zc_test_run_free

/* cmocka setup: corpus/ (the five seeds) indexed into tmp/db; teardown
 * removes tmp. */
int setup(void **state);
int teardown(void **state);

/* Whether the bytes of corpus/name contain needle (what `grep -l` lists). */
int grep_l(const env *e, const char *name, const char *needle);

/* Display columns of a UTF-8 line, counted independently of the program:
 * East Asian wide and full-width characters count two. */
size_t display_columns(const char *s, size_t len);

#endif
