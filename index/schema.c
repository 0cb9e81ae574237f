/* The index layout's codec: the one place where each composite term and
 * value of index/schema.h is made and taken apart. */
#include "index/schema.h"

#include "text/unit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

void zc_schema_id(const char *key, char out[ZC_SCHEMA_ID_LEN + 1])
{
    /* FNV-1a, 64 bits: stable across runs and machines. */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    snprintf(out, ZC_SCHEMA_ID_LEN + 1, "%016llx", (unsigned long long)h);
}

void zc_schema_term(char out[20], const char *prefix, const char *key)
{
    char id[ZC_SCHEMA_ID_LEN + 1];
    zc_schema_id(key, id);
    snprintf(out, 20, "%s%s", prefix, id);
}

size_t zc_schema_facet_key(int year, const char *const codes[3], const char *type,
                           const char *issuer, char *out, size_t cap)
{
    const char *c[3];
    for (int k = 0; k < 3; k++)
        c[k] = codes[k] ? codes[k] : "";
    if (!issuer || strlen(issuer) > ZC_FACET_ISSUER_MAX)
        issuer = "";
    int n =
        snprintf(out, cap, "%.0d%c%s%c%s%c%s%c%s%c%s", year, ZC_VALUE_SEP, c[0], ZC_VALUE_SEP, c[1],
                 ZC_VALUE_SEP, c[2], ZC_VALUE_SEP, type ? type : "", ZC_VALUE_SEP, issuer);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

void zc_schema_facet_parse(const char *v, size_t len, zc_schema_facets *out)
{
    memset(out, 0, sizeof *out);
    const char *end = v + len, *p = v;
    for (int field = 0; field < 6 && p <= end; field++) {
        const char *sep = memchr(p, ZC_VALUE_SEP, (size_t)(end - p));
        const char *stop = sep ? sep : end;
        if (field == 0) {
            int y = 0;
            for (const char *q = p; q < stop && *q >= '0' && *q <= '9' && y < 100000; q++)
                y = y * 10 + (*q - '0');
            out->year = y;
        } else if (field < 4) {
            out->code[field - 1] = p;
            out->code_len[field - 1] = (size_t)(stop - p);
        } else if (field == 4) {
            out->type = p;
            out->type_len = (size_t)(stop - p);
        } else {
            out->issuer = p;
            out->issuer_len = (size_t)(stop - p);
        }
        if (!sep)
            break;
        p = sep + 1;
    }
}

char *zc_schema_stamp(uint64_t size, int64_t mtime_ns, const char *hash)
{
    char s[64]; /* two 20-digit numbers and the hash */
    snprintf(s, sizeof s, "%" PRIu64 ":%" PRId64 ":%s", size, mtime_ns, hash);
    return strdup(s);
}

void zc_schema_source_value(zc_buf *out, const char *stamp, const char *digest,
                            const char *real_path)
{
    /* A manifest row's digest ends the stamp, so an edited row is seen. */
    zc_buf_printf(out, "%s%s%s\t%s", stamp ? stamp : "", digest ? ":" : "", digest ? digest : "",
                  real_path);
}

int zc_schema_source_split(const char *v, size_t len, size_t *stamp_len, const char **path,
                           size_t *path_len)
{
    const char *tab = memchr(v, '\t', len);
    if (!tab)
        return 0;
    *stamp_len = (size_t)(tab - v);
    *path = tab + 1;
    *path_len = len - *stamp_len - 1;
    return 1;
}

int zc_schema_stamp_parse(const char *stamp, zc_schema_stamp_fields *out)
{
    memset(out, 0, sizeof *out);
    out->digest = "";
    const char *p = stamp;
    for (int colons = 0; colons < 3; colons++) {
        p = strchr(p, ':');
        if (!p)
            break;
        p++;
    }
    if (p)
        out->digest = p;
    return sscanf(stamp, "%llu:%lld:%16[0-9a-f]", &out->size, &out->mtime_ns, out->hash) == 3;
}

void zc_schema_when_reversed(const char when[8], char out[8])
{
    for (int k = 0; k < 8; k++)
        out[k] = (char)('9' - (when[k] - '0'));
}

size_t zc_schema_run_term(char *out, const char *prefix, const char *term, size_t len,
                          unsigned edges)
{
    size_t n = strlen(prefix);
    memcpy(out, prefix, n);
    out[n++] = ZC_PREFIX_RUN[0];
    out[n++] = edges == (ZC_UNIT_RUN_START | ZC_UNIT_RUN_END) ? '='
               : edges & ZC_UNIT_RUN_START                    ? '<'
                                                              : '>';
    memcpy(out + n, term, len);
    n += len;
    out[n] = '\0';
    return n;
}

/* ---------------------------------------------------------- document numbers */

/* Brackets a document number's year is written in. */
int zc_schema_docno_bracket(uint32_t c)
{
    return c == 0x3014 || c == '[' || c == 0xFF3B || c == '(' || c == 0xFF08 || c == 0x3010 ||
           c == 0x3016;
}
static int close_bracket(uint32_t c)
{
    return c == 0x3015 || c == ']' || c == 0xFF3D || c == ')' || c == 0xFF09 || c == 0x3011 ||
           c == 0x3017;
}

int zc_schema_docno_parse(const char *s, size_t n, zc_schema_docno *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0, m;
    uint32_t c;
    /* the issuer's code: 1 to 10 Han characters */
    size_t chars = 0;
    while (i < n && (m = zc_utf8_decode(s + i, n - i, &c)) && zc_is_han(c) && c != 0x53F7) {
        i += m;
        chars++;
    }
    if (chars < 1 || chars > 10 || i >= sizeof out->prefix)
        return 0;
    memcpy(out->prefix, s, i);
    out->prefix[i] = '\0';
    while (i < n && s[i] == ' ')
        i++;
    int bracket = 0;
    if (i < n && (m = zc_utf8_decode(s + i, n - i, &c)) && zc_schema_docno_bracket(c)) {
        bracket = 1;
        i += m;
    }
    int y = 0, k = 0;
    while (i < n && k < 4 && s[i] >= '0' && s[i] <= '9')
        y = y * 10 + (s[i++] - '0'), k++;
    if (k != 4 || y < 1949 || y > 2100)
        return 0;
    out->year = y;
    if (bracket) {
        if (i < n && (m = zc_utf8_decode(s + i, n - i, &c)) && close_bracket(c))
            i += m;
        else
            return 0;
    }
    while (i < n && s[i] == ' ')
        i++;
    int num = 0;
    k = 0;
    while (i < n && k < 6 && s[i] >= '0' && s[i] <= '9')
        num = num * 10 + (s[i++] - '0'), k++;
    out->number = num;
    if (k && i + 3 <= n && memcmp(s + i, "号", 3) == 0)
        i += 3;

    while (i < n && s[i] == ' ')
        i++;
    return i == n || !bracket || num ? 1 : 0;
}

size_t zc_schema_docno_term(const zc_schema_docno *d, int with_number, char *out, size_t cap)
{
    int n = with_number
                ? snprintf(out, cap, "%s%s%d#%d", ZC_PREFIX_DOCNO, d->prefix, d->year, d->number)
                : snprintf(out, cap, "%s%s%d", ZC_PREFIX_DOCNO, d->prefix, d->year);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}
