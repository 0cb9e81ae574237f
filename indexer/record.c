/* Records' life, and the metadata a file name gives. */
#include <stdlib.h>
#include <string.h>

#include "record.h"

void zc_record_free(zc_record *r)
{
    if (!r)
        return;
    free(r->key);
    free(r->display);
    free(r->text);
    free(r->title);
    free(r->region);
    free(r->date);
    free(r->issuer);
    free(r->hint_title);
    free(r->hint_date);
    free(r);
}

/* A year 1949..2100 standing alone between separators: 2026, or the
 * date 20260711 (a month 01..12 and a day 01..31 after it). */
static int year_token(const char *s, size_t n)
{
    if (n != 4 && n != 8)
        return 0;
    int v[8] = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v[i] = s[i] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    if (n == 8) {
        int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
        if (m < 1 || m > 12 || d < 1 || d > 31)
            return 0;
    }
    return y >= 1949 && y <= 2100 ? y : 0;
}

void zc_src_name_meta(const char *path, int *year, char **region)
{
    *year = 0;
    *region = NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *end = strrchr(base, '.');
    if (!end)
        end = base + strlen(base);
    /* Parts separated by _ - or blanks: a year, and the first part that
     * ends like a region name (…省 …市 …区 …县 …自治区 …州 …盟 …旗). */
    const char *p = base;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '_' && *q != '-' && *q != ' ')
            q++;
        size_t n = (size_t)(q - p);
        int y = year_token(p, n);
        if (y && !*year)
            *year = y;
        static const char *suffixes[] = {"省", "市", "区", "县", "州", "盟", "旗"};
        for (size_t i = 0; !*region && !y && i < sizeof suffixes / sizeof *suffixes; i++) {
            size_t sl = strlen(suffixes[i]);
            if (n > sl + 3 && n < 64 && memcmp(q - sl, suffixes[i], sl) == 0)
                *region = strndup(p, n);
        }
        p = q < end ? q + 1 : q;
    }
}
