/* The fixture of the command-line tests (test_cli.c, test_cli_index.c):
 * corpus/ indexed into a temporary directory. */
#include "cli_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    e->cli = getenv("ZC_CLI");
    assert_non_null(e->cli);
    e->tmp = zc_test_tmpdir();
    size_t l = strlen(e->tmp) + 8;
    e->db = malloc(l);
    snprintf(e->db, l, "%s/db", e->tmp);
    e->corpus = zc_test_source_path("corpus");
    run r = zc(e, "index --db '%s' '%s'", e->db, e->corpus);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "indexed 5,"));
    run_free(&r);
    *state = e;
    return 0;
}

int teardown(void **state)
{
    env *e = *state;
    if (!e) /* setup failed before it made anything */
        return 0;
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e->db);
    free(e->corpus);
    free(e);
    return 0;
}

int grep_l(const env *e, const char *name, const char *needle)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", e->corpus, name);
    char *t = zc_test_read_file(path, NULL);
    int found = t && strstr(t, needle) != NULL;
    free(t);
    return found;
}
