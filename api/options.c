/* The options structs' defaults, by version (include/zhengce.h). Each
 * _init copies a static template, so the struct's padding is zero too and
 * the result equals, byte for byte, a static object made with the
 * ZC_..._OPTIONS_INIT initializer. */
#include <stddef.h>
#include <string.h>

#include "zhengce.h"

int zc_index_options_init(zc_index_options *o, unsigned version)
{
    static const zc_index_options defaults = ZC_INDEX_OPTIONS_INIT;
    if (!o || (version != ZC_INDEX_OPTIONS_VERSION && version != 1))
        return ZC_ERR_INVALID;
    if (version == 1) { /* a struct that ends before text_column */
        memcpy(o, &defaults, offsetof(zc_index_options, text_column));
        o->version = 1;
        return ZC_OK;
    }
    memcpy(o, &defaults, sizeof *o);
    return ZC_OK;
}

int zc_search_options_init(zc_search_options *o, unsigned version)
{
    static const zc_search_options defaults = ZC_SEARCH_OPTIONS_INIT;
    if (!o || version < 1 || version > ZC_SEARCH_OPTIONS_VERSION)
        return ZC_ERR_INVALID;
    /* A version 1 struct ends before match. */
    memcpy(o, &defaults,
           version == 1 ? offsetof(zc_search_options, match) : sizeof(zc_search_options));
    o->version = version;
    return ZC_OK;
}

int zc_document_options_init(zc_document_options *o, unsigned version)
{
    static const zc_document_options defaults = ZC_DOCUMENT_OPTIONS_INIT;
    if (!o || version != ZC_DOCUMENT_OPTIONS_VERSION)
        return ZC_ERR_INVALID;
    memcpy(o, &defaults, sizeof *o);
    return ZC_OK;
}

/* One year of a range: 4 digits, 1000-9999 (len bytes at s). */
static int year_of(const char *s, size_t len, unsigned *out)
{
    if (len != 4 || s[0] < '1' || s[0] > '9')
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int zc_years_parse(const char *s, int *lo, int *hi)
{
    if (!s || !lo || !hi)
        return ZC_ERR_INVALID;
    const char *dots = strstr(s, "..");
    unsigned a = 0, b = 0;
    if (!dots) {
        if (year_of(s, strlen(s), &a))
            return ZC_ERR_INVALID;
        *lo = *hi = (int)a;
        return ZC_OK;
    }
    size_t al = (size_t)(dots - s), bl = strlen(dots + 2);
    if ((al == 0 && bl == 0) || (al && year_of(s, al, &a)) || (bl && year_of(dots + 2, bl, &b)) ||
        (a && b && a > b))
        return ZC_ERR_INVALID;
    *lo = (int)a;
    *hi = (int)b;
    return ZC_OK;
}
