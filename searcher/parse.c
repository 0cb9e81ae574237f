/* The query language parser (docs/query.md).
 *
 * The lexer (parse_lex.c) turns the query into tokens with character
 * positions; a recursive-descent parser builds the tree. Recursion only
 * happens at '(', and the nesting limit bounds it, so hostile input cannot
 * exhaust the stack; both passes are linear in the length of the query. */
#include "parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "parse_lex.h"

#define MAX_DEPTH ZC_QUERY_MAX_DEPTH
#define MAX_LEAVES ZC_QUERY_MAX_LEAVES

typedef zc_qtok tok;

static int nomem(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing the query");
}

/* ---------------------------------------------------------------- parsing */

typedef struct parser {
    const char *s;
    const tok *t;
    size_t i;
    size_t leaves;
    zc_error *err;
} parser;

typedef struct vec {
    zc_qnode **v;
    size_t n, cap;
} vec;

static void vec_free(vec *v)
{
    for (size_t i = 0; i < v->n; i++)
        zc_qnode_free(v->v[i]);
    free(v->v);
}

static int vec_push(vec *v, zc_qnode *x)
{
    void *arr = v->v;
    if (zc_grow(&arr, v->n, &v->cap, sizeof *v->v, 4))
        return ZC_ERR_NOMEM;
    v->v = arr;
    v->v[v->n++] = x;
    return ZC_OK;
}

/* Appends x, or x's kids if x is of the same kind (flattening). Takes x
 * in all cases (frees it on failure). */
static int vec_push_flat(vec *v, zc_qnode *x, zc_qkind kind)
{
    if (x->kind != kind) {
        if (vec_push(v, x)) {
            zc_qnode_free(x);
            return ZC_ERR_NOMEM;
        }
        return ZC_OK;
    }
    size_t i = 0;
    while (i < x->n && vec_push(v, x->kids[i]) == ZC_OK)
        i++;
    int rc = i < x->n ? ZC_ERR_NOMEM : ZC_OK;
    memmove(x->kids, x->kids + i, (x->n - i) * sizeof *x->kids);
    x->n -= i;
    zc_qnode_free(x);
    return rc;
}

static zc_qnode *node_new(zc_qkind kind, size_t where, size_t len)
{
    zc_qnode *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->where = where;
        n->len = len;
    }
    return n;
}

/* The node for the items of v (one item: itself), spanning b..e. */
static zc_qnode *from_vec(vec *v, zc_qkind kind, size_t b, size_t e)
{
    if (v->n == 1) {
        zc_qnode *x = v->v[0];
        free(v->v);
        return x;
    }
    zc_qnode *n = node_new(kind, b, e - b);
    if (!n) {
        vec_free(v);
        return NULL;
    }
    n->kids = v->v;
    n->n = v->n;
    return n;
}

static const tok *cur(const parser *P)
{
    return &P->t[P->i];
}

static int starts_operand(const tok *t)
{
    return t->type == ZC_QT_LEAF || t->type == ZC_QT_LPAREN || t->type == ZC_QT_NOT ||
           t->type == ZC_QT_MINUS;
}

static const char *tok_name(const tok *t)
{
    switch (t->type) {
    case ZC_QT_OR: return "OR";
    case ZC_QT_AND: return "AND";
    case ZC_QT_NOT: return "NOT";
    case ZC_QT_MINUS: return "'-'";
    case ZC_QT_LPAREN: return "'('";
    case ZC_QT_RPAREN: return "')'";
    default: return "a word";
    }
}

/* An operator followed by something that cannot be its operand. */
static int nothing_after(parser *P, const tok *op)
{
    const tok *nx = cur(P);
    if (nx->type == ZC_QT_END)
        return zc_err_set(P->err, ZC_ERR_QUERY,
                          "%s at character %zu of the query has nothing after it: the query "
                          "ends there",
                          tok_name(op), op->where + 1);
    return zc_err_set(P->err, ZC_ERR_QUERY,
                      "%s at character %zu of the query has nothing after it: it is followed "
                      "by %s at character %zu",
                      tok_name(op), op->where + 1, tok_name(nx), nx->where + 1);
}

/* The '(' token open has no matching ')'. */
static int unclosed(parser *P, const tok *open)
{
    return zc_err_set(P->err, ZC_ERR_QUERY,
                      "unbalanced '(' at character %zu of the query: add the closing ')'",
                      open->where + 1);
}

static int parse_or(parser *P, int depth, size_t group, zc_qnode **out, size_t *b, size_t *e);

static int parse_primary(parser *P, int depth, zc_qnode **out, size_t *b, size_t *e)
{
    const tok *t = cur(P);
    *out = NULL;
    if (t->type == ZC_QT_LEAF) {
        if (++P->leaves > MAX_LEAVES)
            return zc_err_set(P->err, ZC_ERR_QUERY,
                              "query too long at character %zu: it has more than %d words, "
                              "phrases and filters",
                              t->where + 1, MAX_LEAVES);
        zc_qnode *n = node_new(t->kind, t->where, t->len);
        if (!n || !(n->text = malloc(t->b1 - t->b0 + 1))) {
            free(n);
            return nomem(P->err);
        }
        n->loose = t->loose;
        memcpy(n->text, P->s + t->b0, t->b1 - t->b0);
        n->text[t->b1 - t->b0] = '\0';
        n->year_lo = t->lo;
        n->year_hi = t->hi;
        *b = t->where;
        *e = t->where + t->len;
        P->i++;
        *out = n;
        return ZC_OK;
    }
    if (t->type != ZC_QT_LPAREN) /* callers check starts_operand() first */
        return zc_err_set(P->err, ZC_ERR_QUERY, "unexpected %s at character %zu of the query",
                          tok_name(t), t->where + 1);
    if (depth >= MAX_DEPTH)
        return zc_err_set(P->err, ZC_ERR_QUERY,
                          "parentheses nested deeper than %d levels at character %zu of the "
                          "query",
                          MAX_DEPTH, t->where + 1);
    P->i++;
    if (cur(P)->type == ZC_QT_END) /* "(" last: not an empty query */
        return unclosed(P, t);
    if (cur(P)->type == ZC_QT_RPAREN)
        return zc_err_set(P->err, ZC_ERR_QUERY,
                          "empty parentheses at character %zu of the query: put something to "
                          "search for inside or remove them",
                          t->where + 1);
    zc_qnode *n;
    int rc = parse_or(P, depth + 1, t->where, &n, b, e);
    if (rc)
        return rc;
    if (cur(P)->type != ZC_QT_RPAREN) {
        zc_qnode_free(n);
        return unclosed(P, t);
    }
    *b = t->where;
    *e = cur(P)->where + 1;
    if (n->kind == ZC_Q_AND || n->kind == ZC_Q_OR) {
        n->where = *b;
        n->len = *e - *b;
    }
    P->i++;
    *out = n;
    return ZC_OK;
}

static int parse_unary(parser *P, int depth, zc_qnode **out, size_t *b, size_t *e)
{
    const tok *op = cur(P);
    if (op->type != ZC_QT_NOT && op->type != ZC_QT_MINUS)
        return parse_primary(P, depth, out, b, e);
    P->i++;
    const tok *nx = cur(P);
    if (nx->type == ZC_QT_NOT || nx->type == ZC_QT_MINUS)
        return zc_err_set(P->err, ZC_ERR_QUERY,
                          "double negation at character %zu of the query: remove one of the "
                          "two exclusions",
                          op->where + 1);
    if (!starts_operand(nx))
        return nothing_after(P, op);
    zc_qnode *x;
    int rc = parse_primary(P, depth, &x, b, e);
    if (rc)
        return rc;
    zc_qnode *n = node_new(ZC_Q_NOT, op->where, *e - op->where);
    if (!n || !(n->kids = malloc(sizeof *n->kids))) {
        free(n);
        zc_qnode_free(x);
        return nomem(P->err);
    }
    n->kids[0] = x;
    n->n = 1;
    *b = op->where;
    *out = n;
    return ZC_OK;
}

/* Neighbours joined by implicit or explicit AND; *positive tells whether
 * any of them is not an exclusion. */
static int parse_and(parser *P, int depth, zc_qnode **out, size_t *b, size_t *e, int *positive)
{
    vec v = {0};
    int rc = ZC_OK;
    *positive = 0;
    for (;;) {
        const tok *t = cur(P);
        if (t->type == ZC_QT_AND) {
            if (v.n == 0) {
                rc = zc_err_set(P->err, ZC_ERR_QUERY,
                                "AND at character %zu of the query has nothing before it: "
                                "put it between two words, e.g. 光伏 AND 储能",
                                t->where + 1);
                break;
            }
            P->i++;
            if (!starts_operand(cur(P))) {
                rc = nothing_after(P, t);
                break;
            }
            continue;
        }
        if (!starts_operand(t))
            break;
        zc_qnode *x;
        size_t xb, xe;
        if ((rc = parse_unary(P, depth, &x, &xb, &xe)))
            break;
        if (x->kind != ZC_Q_NOT)
            *positive = 1;
        if (v.n == 0)
            *b = xb;
        *e = xe;
        if (vec_push_flat(&v, x, ZC_Q_AND)) {
            rc = nomem(P->err);
            break;
        }
    }
    if (rc == ZC_OK && v.n == 0) {
        const tok *t = cur(P);
        if (t->type == ZC_QT_OR)
            rc = zc_err_set(P->err, ZC_ERR_QUERY,
                            "OR at character %zu of the query has nothing before it: put it "
                            "between two words, e.g. 光伏 OR 风电",
                            t->where + 1);
        else if (t->type == ZC_QT_RPAREN)
            rc = zc_err_set(P->err, ZC_ERR_QUERY,
                            "unbalanced ')' at character %zu of the query: remove it or add "
                            "a matching '('",
                            t->where + 1);
        else
            rc = zc_err_set(P->err, ZC_ERR_QUERY, "empty query: give at least one word");
    }
    if (rc) {
        vec_free(&v);
        return rc;
    }
    if (!(*out = from_vec(&v, ZC_Q_AND, *b, *e)))
        return nomem(P->err);
    return ZC_OK;
}

static int only_excludes(parser *P, size_t group, int branch, size_t where)
{
    if (branch)
        return zc_err_set(P->err, ZC_ERR_QUERY,
                          "the OR branch at character %zu of the query only excludes: each "
                          "side of OR needs something to search for",
                          where + 1);
    if (group != SIZE_MAX)
        return zc_err_set(P->err, ZC_ERR_QUERY,
                          "the group at character %zu of the query only excludes: put "
                          "something to search for inside, or move the exclusion out of the "
                          "parentheses",
                          group + 1);
    return zc_err_set(P->err, ZC_ERR_QUERY,
                      "the query only excludes (from character %zu): add something to search "
                      "for, e.g. 新能源 -煤炭",
                      where + 1);
}

/* Branches joined by OR; group is the position of the enclosing '(' or
 * SIZE_MAX at the top. */
static int parse_or(parser *P, int depth, size_t group, zc_qnode **out, size_t *b, size_t *e)
{
    vec v = {0};
    zc_qnode *x;
    size_t xb, xe;
    int positive, rc = parse_and(P, depth, &x, b, e, &positive);
    if (rc)
        return rc;
    if (cur(P)->type != ZC_QT_OR) {
        if (!positive) {
            zc_qnode_free(x);
            return only_excludes(P, group, 0, *b);
        }
        *out = x;
        return ZC_OK;
    }
    if (!positive)
        rc = only_excludes(P, group, 1, *b);
    else if (vec_push_flat(&v, x, ZC_Q_OR))
        rc = nomem(P->err);
    else
        x = NULL;
    while (rc == ZC_OK && cur(P)->type == ZC_QT_OR) {
        const tok *op = cur(P);
        P->i++;
        if (!starts_operand(cur(P))) {
            rc = nothing_after(P, op);
            break;
        }
        if ((rc = parse_and(P, depth, &x, &xb, &xe, &positive)))
            break;
        *e = xe;
        if (!positive)
            rc = only_excludes(P, group, 1, xb);
        else if (vec_push_flat(&v, x, ZC_Q_OR))
            rc = nomem(P->err);
        else
            x = NULL;
    }
    if (rc) {
        zc_qnode_free(x);
        vec_free(&v);
        return rc;
    }
    if (!(*out = from_vec(&v, ZC_Q_OR, *b, *e)))
        return nomem(P->err);
    return ZC_OK;
}

int zc_query_parse(const char *text, zc_qnode **out, zc_error *err)
{
    *out = NULL;
    if (!text)
        text = "";
    size_t len = strnlen(text, ZC_QUERY_MAX_BYTES + 1), bad;
    if (len > ZC_QUERY_MAX_BYTES) {
        /* Refused before the rest is read; the character named is the
         * first that does not fit whole. */
        size_t cut = ZC_QUERY_MAX_BYTES;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        return zc_err_set(err, ZC_ERR_QUERY,
                          "query too long at character %zu: a query may have at most %u bytes",
                          zc_utf8_count(text, cut) + 1, ZC_QUERY_MAX_BYTES);
    }
    if (!zc_utf8_valid(text, len, &bad))
        return zc_err_set(err, ZC_ERR_QUERY,
                          "query is not valid UTF-8 at byte %zu (character %zu of the query)", bad,
                          zc_utf8_count(text, bad) + 1);
    tok *toks;
    size_t nt;
    int rc = zc_qlex(text, len, &toks, &nt, err);
    if (rc == ZC_OK && nt == 1)
        rc = zc_err_set(err, ZC_ERR_QUERY,
                        len ? "empty query: it has only blanks; give at least one word"
                            : "empty query: give at least one word");
    if (rc == ZC_OK) {
        parser P = {text, toks, 0, 0, err};
        size_t b, e;
        zc_qnode *n;
        rc = parse_or(&P, 0, SIZE_MAX, &n, &b, &e);
        if (rc == ZC_OK && cur(&P)->type != ZC_QT_END) {
            zc_qnode_free(n);
            rc = zc_err_set(err, ZC_ERR_QUERY,
                            "unbalanced ')' at character %zu of the query: remove it or add a "
                            "matching '('",
                            cur(&P)->where + 1);
        } else if (rc == ZC_OK) {
            *out = n;
        }
    }
    free(toks);
    return rc;
}

void zc_qnode_free(zc_qnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        zc_qnode_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

/* ------------------------------------------------------------- describing */

/* zc_buf calls return nonzero when out of memory; the results are ORed. */
static int put_text(zc_buf *b, const char *s)
{
    int rc = zc_buf_putc(b, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            rc |= zc_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            rc |= zc_buf_puts(b, "\\n");
        else if (c == '\t')
            rc |= zc_buf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            rc |= zc_buf_printf(b, "\\x%02X", c);
        else
            rc |= zc_buf_putc(b, (char)c);
    }
    return rc | zc_buf_putc(b, '"');
}

static int describe(zc_buf *b, const zc_qnode *n)
{
    static const char *const names[] = {"KEYWORD", "PHRASE", "AND",   "OR",     "NOT",
                                        "REGION",  "YEAR",   "TITLE", "SOURCE", "TYPE",
                                        "ISSUER",  "DOCNO",  "DATE"};
    if (!n || (unsigned)n->kind > ZC_Q_DATE)
        return zc_buf_puts(b, "?");
    int rc = zc_buf_puts(b, names[n->kind]);
    switch (n->kind) {
    case ZC_Q_AND:
    case ZC_Q_OR:
    case ZC_Q_NOT:
        rc |= zc_buf_putc(b, '(');
        for (size_t i = 0; i < n->n && !rc; i++)
            rc |= (i ? zc_buf_puts(b, ", ") : 0) | describe(b, n->kids[i]);
        return rc | zc_buf_putc(b, ')');
    case ZC_Q_YEAR:
        if (n->year_lo == n->year_hi)
            return rc | zc_buf_printf(b, " %d", n->year_lo);
        if (n->year_lo && n->year_hi)
            return rc | zc_buf_printf(b, " %d..%d", n->year_lo, n->year_hi);
        if (n->year_lo)
            return rc | zc_buf_printf(b, " %d..", n->year_lo);
        return rc | zc_buf_printf(b, " ..%d", n->year_hi);
    default: return rc | (n->loose ? zc_buf_putc(b, '~') : 0) | put_text(b, n->text);
    }
}

char *zc_qnode_describe(const zc_qnode *n)
{
    zc_buf b = ZC_BUF_INIT;
    if (describe(&b, n)) {
        zc_buf_free(&b);
        return NULL;
    }
    return zc_buf_detach(&b);
}
