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

size_t display_columns(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k > 1)
            cp = c & (0xFF >> (k + 1));
        for (size_t j = 1; j < k && i + j < len; j++)
            cp = cp << 6 | ((unsigned char)s[i + j] & 0x3F);
        i += k;
        int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                   (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                   (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
                   (cp >= 0x20000 && cp <= 0x3FFFD);
        w += wide ? 2 : 1;
    }
    return w;
}
