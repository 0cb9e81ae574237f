/* The index layout's codec: the one place where each composite term and
 * value of index/schema.h is made and taken apart. */
#include "index/schema.h"

#include "text/unit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

size_t zc_schema_facet_key(int year, const char *const codes[3], char *out, size_t cap)
{
    const char *c[3];
    for (int k = 0; k < 3; k++)
        c[k] = codes[k] ? codes[k] : "";
    int n = snprintf(out, cap, "%.0d%c%s%c%s%c%s", year, ZC_VALUE_SEP, c[0], ZC_VALUE_SEP, c[1],
                     ZC_VALUE_SEP, c[2]);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

void zc_schema_facet_parse(const char *v, size_t len, zc_schema_facets *out)
{
    memset(out, 0, sizeof *out);
    const char *end = v + len, *p = v;
    for (int field = 0; field < 4 && p <= end; field++) {
        const char *sep = memchr(p, ZC_VALUE_SEP, (size_t)(end - p));
        const char *stop = sep ? sep : end;
        if (field == 0) {
            int y = 0;
            for (const char *q = p; q < stop && *q >= '0' && *q <= '9' && y < 100000; q++)
                y = y * 10 + (*q - '0');
            out->year = y;
        } else {
            out->code[field - 1] = p;
            out->code_len[field - 1] = (size_t)(stop - p);
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
