/* The query parser (searcher/parse.h): every input either parses into a
 * tree that can be described and freed, or is ZC_ERR_QUERY with a message.
 * The parser takes a C string, so the input stops at its first NUL byte.
 * Checks: the root is AND, OR or a leaf; NOT only under AND; leaves carry
 * text (years a range); node positions lie inside the query. */
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "searcher/parse.h"

static void check_node(const zc_qnode *q, size_t chars, int parent)
{
    ZC_FUZZ_CHECK(q->where <= chars && q->len <= chars - q->where,
                  "node at %zu+%zu outside the query (%zu characters)", q->where, q->len, chars);
    switch (q->kind) {
    case ZC_Q_KEYWORD:
    case ZC_Q_PHRASE:
    case ZC_Q_REGION:
    case ZC_Q_TITLE:
    case ZC_Q_SOURCE:
        ZC_FUZZ_CHECK(q->text && q->n == 0, "leaf %d without text or with kids", (int)q->kind);
        ZC_FUZZ_CHECK(zc_utf8_valid(q->text, strlen(q->text), NULL), "leaf text not UTF-8");
        ZC_FUZZ_CHECK(!q->loose || (q->kind == ZC_Q_KEYWORD && q->text[0]),
                      "~ on a %d leaf or an empty keyword", (int)q->kind);
        break;
    case ZC_Q_YEAR:
        ZC_FUZZ_CHECK(q->n == 0, "YEAR with kids");
        ZC_FUZZ_CHECK(q->year_lo || q->year_hi, "year range open at both ends");
        ZC_FUZZ_CHECK(!q->year_lo || !q->year_hi || q->year_lo <= q->year_hi,
                      "reversed year range %d..%d", q->year_lo, q->year_hi);
        break;
    case ZC_Q_NOT:
        ZC_FUZZ_CHECK(parent == ZC_Q_AND, "NOT under %d", parent);
        ZC_FUZZ_CHECK(q->n == 1, "NOT with %zu kids", q->n);
        break;
    case ZC_Q_AND:
    case ZC_Q_OR: ZC_FUZZ_CHECK(q->n >= 1, "empty AND/OR"); break;
    default: ZC_FUZZ_CHECK(0, "unknown node kind %d", (int)q->kind);
    }
    for (size_t i = 0; i < q->n; i++) {
        ZC_FUZZ_CHECK(q->kids[i] != NULL, "NULL kid");
        check_node(q->kids[i], chars, (int)q->kind);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    ZC_FUZZ_SETUP(text != NULL, "out of memory");
    memcpy(text, data, size);
    text[size] = '\0';
    zc_qnode *q = NULL;
    zc_error err;
    int rc = zc_query_parse(text, &q, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_QUERY || rc == ZC_ERR_NOMEM, "code %d: %s", rc, err.message);
        ZC_FUZZ_CHECK(err.message[0] != '\0', "no message");
        ZC_FUZZ_CHECK(q == NULL, "a tree on error");
    } else {
        ZC_FUZZ_CHECK(q != NULL, "no tree on success");
        ZC_FUZZ_CHECK(q->kind != ZC_Q_NOT, "NOT at the root");
        /* Valid UTF-8: the parser refuses anything else. */
        check_node(q, zc_utf8_count(text, strlen(text)), ZC_Q_AND);
        char *d = zc_qnode_describe(q);
        ZC_FUZZ_CHECK(d != NULL, "no description");
        ZC_FUZZ_CHECK(zc_utf8_valid(d, strlen(d), NULL), "description not UTF-8");
        free(d);
    }
    zc_qnode_free(q);
    free(text);
    return 0;
}
