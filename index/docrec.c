/* A document's record: the fields of a hit and its stored text, in one
 * value (docrec.h). */
#include "docrec.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZC_DOCREC_MAGIC "R1"

/* The last named string is the last of field[]: each name has its place. */
_Static_assert(offsetof(zc_docrec, docno) == (ZC_DOCREC_FIELDS - 1) * sizeof(const char *),
               "the named strings and field[] differ");

const char *const zc_docrec_names[ZC_DOCREC_FIELDS] = {"id",   "path", "title",  "region",
                                                       "type", "date", "issuer", "docno"};

int zc_docrec_copy(const zc_docrec *r, char **const to[ZC_DOCREC_FIELDS], zc_error *err)
{
    for (size_t k = 0; k < ZC_DOCREC_FIELDS; k++)
        if (!(*to[k] = strdup(r->field[k] ? r->field[k] : "")))
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return ZC_OK;
}

static int put_field(zc_buf *out, const char *s)
{
    return zc_buf_append(out, s ? s : "", s ? strlen(s) + 1 : 1);
}

int zc_docrec_pack(const zc_docrec *r, zc_buf *out, zc_error *err)
{
    zc_buf_clear(out);
    int rc = zc_buf_append(out, ZC_DOCREC_MAGIC, 2);
    for (size_t k = 0; rc == ZC_OK && k < ZC_DOCREC_FIELDS; k++)
        rc = put_field(out, r->field[k]);
    char year[16] = "";
    if (r->year)
        snprintf(year, sizeof year, "%d", r->year);
    if (rc == ZC_OK)
        rc = put_field(out, year);
    if (rc == ZC_OK && r->stored_len)
        rc = zc_buf_append(out, r->stored, r->stored_len);
    return rc ? zc_err_set(err, ZC_ERR_NOMEM, "out of memory") : ZC_OK;
}

/* The field starting at *at, which ends at the next NUL before end;
 * advances *at past it. NULL when there is none. */
static const char *take_field(const char **at, const char *end)
{
    const char *s = *at;
    const char *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
    if (!nul)
        return NULL;
    *at = nul + 1;
    return s;
}

int zc_docrec_parse(const char *data, size_t len, zc_docrec *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    if (!data || len < 2 || memcmp(data, ZC_DOCREC_MAGIC, 2) != 0)
        return zc_err_set(err, ZC_ERR_CORRUPT, "document record is damaged (no record header)");
    const char *at = data + 2, *end = data + len;
    for (size_t k = 0; k < ZC_DOCREC_FIELDS; k++)
        if (!(out->field[k] = take_field(&at, end)))
            return zc_err_set(err, ZC_ERR_CORRUPT, "document record is damaged (field %zu cut)",
                              k + 1);
    const char *year = take_field(&at, end);
    if (!year)
        return zc_err_set(err, ZC_ERR_CORRUPT, "document record is damaged (year cut)");
    if (*year) {
        char *stop = NULL;
        long y = strtol(year, &stop, 10);
        if (*stop || y < -99999 || y > 99999)
            return zc_err_set(err, ZC_ERR_CORRUPT, "document record is damaged (year '%.16s')",
                              year);
        out->year = (int)y;
    }
    out->stored = at;
    out->stored_len = (size_t)(end - at);
    return ZC_OK;
}
