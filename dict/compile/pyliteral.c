/* Recursive-descent reader for the Python literal subset of pyliteral.h. */
#include "pyliteral.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"

typedef struct parser {
    const char *path;
    const char *s;
    size_t len, pos;
    int depth;
    zc_error *err;
} parser;

static int fail(parser *p, const char *what)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < p->pos && i < p->len; i++) {
        if (p->s[i] == '\n')
            line++, col = 1;
        else if (((unsigned char)p->s[i] & 0xC0) != 0x80)
            col++;
    }
    return zc_err_set(p->err, ZC_ERR_CORRUPT, "%s:%zu:%zu: %s", p->path, line, col, what);
}

static void skip_space(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
            p->pos++;
        else if (c == '\\' && p->pos + 1 < p->len && p->s[p->pos + 1] == '\n')
            p->pos += 2; /* explicit line continuation */
        else if (c == '#')
            while (p->pos < p->len && p->s[p->pos] != '\n')
                p->pos++;
        else
            break;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int read_hex(parser *p, int digits, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < digits; i++) {
        int h = p->pos < p->len ? hexval(p->s[p->pos]) : -1;
        if (h < 0)
            return fail(p, "bad hexadecimal escape");
        v = v * 16 + (uint32_t)h;
        p->pos++;
    }
    *out = v;
    return ZC_OK;
}

/* \u escapes may spell a supplementary character as a surrogate pair. */
static int read_escape(parser *p, zc_buf *b)
{
    char c = p->s[p->pos++];
    uint32_t cp = 0;
    int rc;
    switch (c) {
    case '\\':
    case '\'':
    case '"': return zc_buf_putc(b, c);
    case 'n': return zc_buf_putc(b, '\n');
    case 't': return zc_buf_putc(b, '\t');
    case 'r': return zc_buf_putc(b, '\r');
    case '0': return zc_buf_putc(b, '\0');
    case '\n': return ZC_OK;
    case 'x':
        if ((rc = read_hex(p, 2, &cp)))
            return rc;
        break;
    case 'u':
        if ((rc = read_hex(p, 4, &cp)))
            return rc;
        if (cp >= 0xD800 && cp <= 0xDBFF && p->pos + 6 <= p->len && p->s[p->pos] == '\\' &&
            p->s[p->pos + 1] == 'u') {
            uint32_t lo = 0;
            p->pos += 2;
            if ((rc = read_hex(p, 4, &lo)))
                return rc;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return fail(p, "unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        break;
    case 'U':
        if ((rc = read_hex(p, 8, &cp)))
            return rc;
        break;
    default: return fail(p, "unsupported escape sequence");
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return fail(p, "escape is not a Unicode scalar value");
    char enc[4];
    return zc_buf_append(b, enc, zc_utf8_encode(cp, enc));
}

static int parse_string(parser *p, zc_py *v)
{
    if (p->s[p->pos] == 'u' || p->s[p->pos] == 'U')
        p->pos++;
    char q = p->s[p->pos++];
    zc_buf b = ZC_BUF_INIT;
    int rc = ZC_OK;
    for (;;) {
        if (p->pos >= p->len || p->s[p->pos] == '\n') {
            rc = fail(p, "unterminated string");
            break;
        }
        char c = p->s[p->pos];
        if (c == q) {
            p->pos++;
            break;
        }
        if (c == '\\') {
            p->pos++;
            if (p->pos >= p->len) {
                rc = fail(p, "unterminated string");
                break;
            }
            if ((rc = read_escape(p, &b)))
                break;
            continue;
        }
        if ((rc = zc_buf_putc(&b, c)))
            break;
        p->pos++;
    }
    if (rc == ZC_OK && (rc = zc_buf_reserve(&b, 1)) == ZC_OK) {
        v->type = ZC_PY_STR;
        v->len = b.len;
        v->str = zc_buf_detach(&b);
        if (!zc_utf8_valid(v->str, v->len, NULL))
            rc = fail(p, "string is not valid UTF-8");
        return rc;
    }
    zc_buf_free(&b);
    return rc == ZC_ERR_NOMEM ? fail(p, "out of memory") : rc;
}

static int parse_number(parser *p, zc_py *v)
{
    char tmp[64];
    size_t n = 0;
    while (p->pos < p->len && n + 1 < sizeof tmp && strchr("0123456789+-.eE_", p->s[p->pos]) &&
           p->s[p->pos] != '\0') {
        if (p->s[p->pos] != '_')
            tmp[n++] = p->s[p->pos];
        p->pos++;
    }
    tmp[n] = '\0';
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (n == 0 || *end || errno == ERANGE || !isfinite(d))
        return fail(p, "bad number");
    v->type = ZC_PY_NUM;
    v->num = d;
    return ZC_OK;
}

static int parse_value(parser *p, zc_py *v);

static int parse_dict(parser *p, zc_py *v)
{
    size_t cap = 0;
    v->type = ZC_PY_DICT;
    p->pos++; /* { */
    for (;;) {
        skip_space(p);
        if (p->pos >= p->len)
            return fail(p, "unterminated dict");
        if (p->s[p->pos] == '}') {
            p->pos++;
            return ZC_OK;
        }
        if (v->n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zc_py_item *it = realloc(v->items, nc * sizeof *it);
            if (!it)
                return fail(p, "out of memory");
            v->items = it;
            cap = nc;
        }
        zc_py_item *it = &v->items[v->n];
        memset(it, 0, sizeof *it);
        v->n++;
        int rc = parse_value(p, &it->key);
        if (rc)
            return rc;
        if (it->key.type == ZC_PY_DICT)
            return fail(p, "a dict cannot be a key");
        skip_space(p);
        if (p->pos >= p->len || p->s[p->pos] != ':')
            return fail(p, "expected ':'");
        p->pos++;
        if ((rc = parse_value(p, &it->value)))
            return rc;
        skip_space(p);
        if (p->pos < p->len && p->s[p->pos] == ',')
            p->pos++;
        else if (p->pos >= p->len || p->s[p->pos] != '}')
            return fail(p, "expected ',' or '}'");
    }
}

static int parse_value(parser *p, zc_py *v)
{
    skip_space(p);
    if (p->pos >= p->len)
        return fail(p, "unexpected end of file");
    if (++p->depth > 32)
        return fail(p, "nested too deeply");
    char c = p->s[p->pos];
    int rc;
    if (c == '{')
        rc = parse_dict(p, v);
    else if (c == '\'' || c == '"' ||
             ((c == 'u' || c == 'U') && p->pos + 1 < p->len &&
              (p->s[p->pos + 1] == '\'' || p->s[p->pos + 1] == '"')))
        rc = parse_string(p, v);
    else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')
        rc = parse_number(p, v);
    else
        rc = fail(p, "expected a dict, string or number");
    p->depth--;
    return rc;
}

/* Finds `var =` at the start of a line, skipping imports and comments. */
static int find_assignment(parser *p, const char *var)
{
    size_t vl = strlen(var);
    while (p->pos < p->len) {
        skip_space(p);
        size_t line = p->pos;
        if (p->len - line > vl && !memcmp(p->s + line, var, vl)) {
            p->pos = line + vl;
            skip_space(p);
            if (p->pos < p->len && p->s[p->pos] == '=' &&
                (p->pos + 1 >= p->len || p->s[p->pos + 1] != '=')) {
                p->pos++;
                return ZC_OK;
            }
        }
        if (!strncmp(p->s + line, "from ", 5) || !strncmp(p->s + line, "import ", 7)) {
            while (p->pos < p->len && p->s[p->pos] != '\n')
                p->pos++;
            continue;
        }
        p->pos = line;
        return fail(p, "expected an assignment to the parameter table");
    }
    return fail(p, "no assignment to the parameter table");
}

int zc_py_parse_file(const char *path, const char *var, zc_py **out, zc_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return zc_err_set(err, ZC_ERR_NOT_FOUND, "cannot read '%s': %s", path, strerror(errno));
    zc_buf b = ZC_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = ZC_OK;
    while (rc == ZC_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = zc_buf_append(&b, chunk, n);
    if (ferror(f))
        rc = zc_err_set(err, ZC_ERR_IO, "error reading '%s'", path);
    fclose(f);
    if (rc) {
        zc_buf_free(&b);
        return rc == ZC_ERR_NOMEM ? zc_err_set(err, rc, "out of memory reading '%s'", path) : rc;
    }
    parser p = {path, b.data ? b.data : "", b.len, 0, 0, err};
    zc_py *v = calloc(1, sizeof *v);
    if (!v) {
        zc_buf_free(&b);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
    }
    rc = find_assignment(&p, var);
    if (rc == ZC_OK)
        rc = parse_value(&p, v);
    if (rc == ZC_OK) {
        skip_space(&p);
        if (p.pos < p.len)
            rc = fail(&p, "unexpected text after the parameter table");
    }
    zc_buf_free(&b);
    if (rc) {
        zc_py_free(v);
        return rc;
    }
    *out = v;
    return ZC_OK;
}

const zc_py *zc_py_get(const zc_py *dict, const char *key)
{
    if (!dict || dict->type != ZC_PY_DICT)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < dict->n; i++) {
        const zc_py *k = &dict->items[i].key;
        if (k->type == ZC_PY_STR && k->len == kl && !memcmp(k->str, key, kl))
            return &dict->items[i].value;
    }
    return NULL;
}

static void free_value(zc_py *v)
{
    if (v->type == ZC_PY_STR)
        free(v->str);
    else if (v->type == ZC_PY_DICT) {
        for (size_t i = 0; i < v->n; i++) {
            free_value(&v->items[i].key);
            free_value(&v->items[i].value);
        }
        free(v->items);
    }
}

void zc_py_free(zc_py *v)
{
    if (!v)
        return;
    free_value(v);
    free(v);
}
