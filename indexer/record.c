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

/* The value of s[0..n) when it is all digits (n <= 8), else -1. */
static int digits(const char *s, size_t n)
{
    if (n == 0 || n > 8)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Whether y-m-d is a day of the calendar. */
static int real_date(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

/* A year 1949..2100 standing alone between separators: 2026, or the
 * date 20260711 (a month 01..12 and a day 01..31 after it; *month and
 * *day are set when it is a day of the calendar). */
static int year_token(const char *s, size_t n, int *month, int *day)
{
    *month = *day = 0;
    int v = n == 4 || n == 8 ? digits(s, n) : -1;
    if (v < 0)
        return 0;
    int y = n == 8 ? v / 10000 : v;
    if (n == 8) {
        int m = v / 100 % 100, d = v % 100;
        if (m < 1 || m > 12 || d < 1 || d > 31)
            return 0;
        if (real_date(y, m, d))
            *month = m, *day = d;
    }
    return y >= 1949 && y <= 2100 ? y : 0;
}

/* The part of base[..end) after the separator at q: its start, and its
 * length in *n (0 when q is the end). */
static const char *next_part(const char *q, const char *end, size_t *n)
{
    const char *p = q < end ? q + 1 : q, *e = p;
    while (e < end && *e != '_' && *e != '-' && *e != ' ')
        e++;
    *n = (size_t)(e - p);
    return p;
}

void zc_src_name_meta(const char *path, zc_record *r)
{
    r->year = r->name_month = r->name_day = 0;
    r->region = NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *end = strrchr(base, '.');
    if (!end)
        end = base + strlen(base);
    /* Parts separated by _ - or blanks: a year or a date (20240519,
     * 2024-05-19, 2024_05_19), and the first part that ends like a region
     * name (…省 …市 …区 …县 …自治区 …州 …盟 …旗). */
    const char *p = base;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '_' && *q != '-' && *q != ' ')
            q++;
        size_t n = (size_t)(q - p);
        int m, d;
        int y = year_token(p, n, &m, &d);
        if (y && n == 4) {
            /* a month and a day as the next two parts */
            size_t mn, dn;
            const char *mp = next_part(q, end, &mn);
            const char *dp = next_part(mp + mn, end, &dn);
            int mv = mn == 2 ? digits(mp, mn) : -1, dv = dn == 2 ? digits(dp, dn) : -1;
            if (mp + mn < end && real_date(y, mv, dv))
                m = mv, d = dv;
        }
        if (y && !r->year) {
            r->year = y;
            r->name_month = m;
            r->name_day = d;
        }
        static const char *suffixes[] = {"省", "市", "区", "县", "州", "盟", "旗"};
        for (size_t i = 0; !r->region && !y && i < sizeof suffixes / sizeof *suffixes; i++) {
            size_t sl = strlen(suffixes[i]);
            if (n > sl + 3 && n < 64 && memcmp(q - sl, suffixes[i], sl) == 0)
                r->region = strndup(p, n);
        }
        p = q < end ? q + 1 : q;
    }
}
