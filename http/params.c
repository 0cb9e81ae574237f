/* The request's URL and the search it asks for (params.h). Every limit a
 * request may ask beyond is refused here, with the message the command
 * line gives for the same option. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/utf8.h"
#include "params.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..len) (plus: '+' is a blank) into a new string. */
static int decode(const char *s, size_t len, int plus, char **out, zc_error *err)
{
    char *d = malloc(len + 1);
    if (!d)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading a request");
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int hi = i + 1 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(d);
                return zc_err_set(err, ZC_ERR_INVALID,
                                  "bad %%-escape at byte %zu of '%.*s': write %%XX with two hex "
                                  "digits",
                                  i + 1, (int)(len > 200 ? 200 : len), s);
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == '\0') {
            free(d);
            return zc_err_set(err, ZC_ERR_INVALID, "a NUL byte (%%00) in the request");
        }
        d[n++] = (char)c;
    }
    d[n] = '\0';
    size_t bad;
    if (!zc_utf8_valid(d, n, &bad)) {
        free(d);
        return zc_err_set(err, ZC_ERR_INVALID,
                          "the request is not UTF-8 (byte %zu of a decoded part)", bad + 1);
    }
    *out = d;
    return ZC_OK;
}

void zc_http_url_free(zc_http_url *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->params[i].key);
        free(u->params[i].value);
    }
    free(u->params);
    free(u->path);
    *u = (zc_http_url){0};
}

int zc_http_url_parse(const char *target, zc_http_url *out, zc_error *err)
{
    *out = (zc_http_url){0};
    if (!target || target[0] != '/')
        return zc_err_set(err, ZC_ERR_INVALID, "the request target does not start with '/'");
    size_t plen = strcspn(target, "?#");
    int rc = decode(target, plen, 0, &out->path, err);
    const char *q = target[plen] == '?' ? target + plen + 1 : NULL;
    size_t qlen = q ? strcspn(q, "#") : 0;
    size_t pairs = 1;
    for (size_t i = 0; i < qlen; i++)
        pairs += q[i] == '&' || q[i] == ';';
    if (rc == ZC_OK && q && !(out->params = calloc(pairs, sizeof *out->params)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading a request");
    for (size_t i = 0; rc == ZC_OK && q && i <= qlen;) {
        size_t n = 0;
        while (i + n < qlen && q[i + n] != '&' && q[i + n] != ';')
            n++;
        if (n) {
            const char *eq = memchr(q + i, '=', n);
            size_t kl = eq ? (size_t)(eq - (q + i)) : n;
            zc_http_param *p = &out->params[out->n];
            rc = decode(q + i, kl, 1, &p->key, err);
            if (rc == ZC_OK)
                rc = eq ? decode(eq + 1, n - kl - 1, 1, &p->value, err)
                        : decode("", 0, 1, &p->value, err);
            out->n++;
        }
        i += n + 1;
    }
    if (rc)
        zc_http_url_free(out);
    return rc;
}

const char *zc_http_url_get(const zc_http_url *u, const char *key)
{
    for (size_t i = u->n; i-- > 0;)
        if (u->params[i].key && strcmp(u->params[i].key, key) == 0)
            return u->params[i].value;
    return NULL;
}

int zc_http_url_check(const zc_http_url *u, const char *const *names, zc_error *err)
{
    for (size_t i = 0; i < u->n; i++) {
        size_t k = 0;
        while (names[k] && strcmp(names[k], u->params[i].key) != 0)
            k++;
        if (!names[k])
            return zc_err_set(err, ZC_ERR_INVALID, "unknown parameter '%.100s'", u->params[i].key);
    }
    return ZC_OK;
}

/* A non-negative decimal number below 2^32; 0 on success. */
static int parse_uint(const char *s, unsigned *out)
{
    if (!s || !*s || strlen(s) > 10)
        return -1;
    unsigned long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned)(*p - '0');
    }
    if (v > 0xFFFFFFFFull)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* A yes/no parameter: "", 1, true, yes, on, or 0, false, no, off. */
int zc_http_parse_bool(const char *key, const char *v, int *out, zc_error *err)
{
    static const char *const yes[] = {"", "1", "true", "yes", "on"}, *const no[] = {"0", "false",
                                                                                    "no", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcmp(v, yes[i]) == 0)
            return *out = 1, ZC_OK;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcmp(v, no[i]) == 0)
            return *out = 0, ZC_OK;
    return zc_err_set(err, ZC_ERR_INVALID, "%s is 1 or 0 (true or false), not '%.100s'", key, v);
}

static int parse_num(const char *key, const char *v, unsigned *out, zc_error *err)
{
    if (parse_uint(v, out))
        return zc_err_set(err, ZC_ERR_INVALID, "%s needs a number, not '%.100s'", key, v);
    return ZC_OK;
}

/* Appends " field:"value"" to the query buffer. */
static int add_filter(char **q, size_t *len, const char *field, const char *v, zc_error *err)
{
    if (!*v)
        return zc_err_set(err, ZC_ERR_INVALID, "empty value for %s", field);
    if (strchr(v, '"'))
        return zc_err_set(err, ZC_ERR_INVALID, "%s may not contain '\"' (not '%.100s')", field, v);
    /* Quoted only when it must be (a blank, a bracket): as one would type
     * it, type:意见, issuer:"国务院 办公厅". */
    int quote = 0;
    for (const unsigned char *c = (const unsigned char *)v; *c; c++)
        if ((*c < 0x80 && !g_ascii_isalnum(*c) && !strchr("-_./", *c)) ||
            (c[0] == 0xE3 && c[1] == 0x80) || (c[0] == 0xEF && c[1] == 0xBC))
            quote = 1; /* ASCII punctuation, CJK punctuation, full-width forms */
    size_t n = *len + strlen(field) + strlen(v) + 6;
    char *p = realloc(*q, n);
    if (!p)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading a request");
    *len += (size_t)snprintf(p + *len, n - *len, quote ? "%s%s:\"%s\"" : "%s%s:%s", *len ? " " : "",
                             field, v);
    *q = p;
    return ZC_OK;
}

static int parse_sort(const char *v, zc_sort *out, zc_error *err)
{
    if (strcmp(v, "relevance") == 0)
        *out = ZC_SORT_RELEVANCE;
    else if (strcmp(v, "date") == 0 || strcmp(v, "year") == 0)
        *out = ZC_SORT_DATE;
    else if (strcmp(v, "date-asc") == 0 || strcmp(v, "year-asc") == 0)
        *out = ZC_SORT_DATE_ASC;
    else
        return zc_err_set(err, ZC_ERR_INVALID,
                          "sort is relevance, date (newest first) or date-asc (oldest first), "
                          "not '%.100s'",
                          v);
    return ZC_OK;
}

int zc_http_parse_match(const char *v, zc_match *out, zc_error *err)
{
    if (strcmp(v, "exact") == 0)
        *out = ZC_MATCH_EXACT;
    else if (strcmp(v, "words") == 0)
        *out = ZC_MATCH_WORDS;
    else if (strcmp(v, "any") == 0)
        *out = ZC_MATCH_ANY;
    else
        return zc_err_set(err, ZC_ERR_INVALID,
                          "match is exact (keywords as written), words (their words anywhere) or "
                          "any (any word), not '%.100s'",
                          v);
    return ZC_OK;
}

/* One parameter of a search into out (q and the filters are joined
 * afterwards). */
static int search_param(const zc_http_param *p, zc_http_search *out, zc_error *err)
{
    const char *k = p->key, *v = p->value;
    zc_search_options *so = &out->so;
    int b = 0, rc = ZC_OK;
    if (strcmp(k, "limit") == 0) {
        rc = parse_num(k, v, &so->limit, err);
        if (rc == ZC_OK && so->limit > ZC_HTTP_MAX_LIMIT)
            rc = zc_err_set(err, ZC_ERR_INVALID, "limit is at most %d, not %u", ZC_HTTP_MAX_LIMIT,
                            so->limit);
    } else if (strcmp(k, "offset") == 0) {
        rc = parse_num(k, v, &so->offset, err);
    } else if (strcmp(k, "threads") == 0) {
        rc = parse_num(k, v, &so->threads, err);
    } else if (strcmp(k, "sort") == 0) {
        rc = parse_sort(v, &so->sort, err);
    } else if (strcmp(k, "match") == 0) {
        rc = zc_http_parse_match(v, &so->match, err);
    } else if (strcmp(k, "any") == 0) {
        if ((rc = zc_http_parse_bool(k, v, &b, err)) == ZC_OK && b)
            so->match = ZC_MATCH_ANY;
    } else if (strcmp(k, "facets") == 0) {
        rc = zc_http_parse_bool(k, v, &so->facets, err);
    } else if (strcmp(k, "no-facets") == 0 || strcmp(k, "no_facets") == 0) {
        if ((rc = zc_http_parse_bool(k, v, &b, err)) == ZC_OK)
            so->facets = !b;
    } else if (strcmp(k, "synonyms") == 0) {
        rc = zc_http_parse_bool(k, v, &so->synonyms, err);
    } else if (strcmp(k, "no-synonyms") == 0 || strcmp(k, "no_synonyms") == 0) {
        if ((rc = zc_http_parse_bool(k, v, &b, err)) == ZC_OK)
            so->synonyms = !b;
    } else if (strcmp(k, "explain") == 0) {
        rc = zc_http_parse_bool(k, v, &so->explain, err);
    } else if (strcmp(k, "region") == 0) {
        so->region = v;
    } else if (strcmp(k, "source") == 0) {
        so->source = v;
    } else if (strcmp(k, "year") == 0) {
        if (zc_years_parse(v, &so->year_lo, &so->year_hi))
            rc = zc_err_set(err, ZC_ERR_INVALID,
                            "year needs a year or a range (2025, 2020..2025, 2020.., ..2025), "
                            "not '%.100s'",
                            v);
    }
    return rc;
}

int zc_http_search_parse(const zc_http_url *u, zc_http_search *out, zc_error *err)
{
    static const char *const names[] = {
        "q",      "limit",     "offset",    "sort",        "match",       "any",  "region", "year",
        "source", "facets",    "synonyms",  "explain",     "threads",     "type", "issuer", "docno",
        "date",   "no-facets", "no_facets", "no-synonyms", "no_synonyms", NULL};
    *out = (zc_http_search){0};
    zc_search_options_init(&out->so, ZC_SEARCH_OPTIONS_VERSION);
    int rc = zc_http_url_check(u, names, err);
    for (size_t i = 0; rc == ZC_OK && i < u->n; i++)
        rc = search_param(&u->params[i], out, err);
    const char *q = zc_http_url_get(u, "q");
    size_t len = 0;
    if (rc == ZC_OK && q && *q) {
        len = strlen(q);
        if (!(out->query = malloc(len + 1)))
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading a request");
        else
            memcpy(out->query, q, len + 1);
    }
    static const char *const filters[] = {"type", "issuer", "docno", "date"};
    for (size_t i = 0; rc == ZC_OK && i < sizeof filters / sizeof *filters; i++) {
        const char *v = zc_http_url_get(u, filters[i]);
        if (v)
            rc = add_filter(&out->query, &len, filters[i], v, err);
    }
    if (rc == ZC_OK && !out->query)
        rc = zc_err_set(err, ZC_ERR_INVALID, "no query given: /search?q=QUERY");
    if (rc)
        zc_http_search_free(out);
    return rc;
}

void zc_http_search_free(zc_http_search *s)
{
    free(s->query);
    s->query = NULL;
}
