/* Metadata of a report from its text. */
#include "meta.h"

#include <ctype.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "text/clean.h"

/* ------------------------------------------------------------------ years */

/* Reads 1-2 ASCII digits at *i. */
static int small_number(const char *s, size_t len, size_t *i)
{
    size_t k = *i;
    while (k < len && k < *i + 2 && s[k] >= '0' && s[k] <= '9')
        k++;
    if (k == *i)
        return 0;
    *i = k;
    return 1;
}

/* A character that may stand before the date of a dated header:
 * dashes, an opening bracket, a blank. */
static int header_lead(uint32_t cp)
{
    return cp == 0x2014 || cp == 0x2015 || cp == '-' || cp == 0xFF08 || cp == '(' || cp == ' ' ||
           cp == 0x2500;
}

/* The end of the run of header_lead characters that starts the line at
 * s[from..): where a dated header's year must begin. */
static size_t lead_end(const char *s, size_t len, size_t from)
{
    size_t k = from;
    while (k < len) {
        uint32_t cp;
        size_t n = zc_utf8_decode(s + k, len - k, &cp);
        if (!n || !header_lead(cp))
            break;
        k += n;
    }
    return k;
}

/* Whether the year at s[start..after) begins a line like "——2024年3月5日在":
 * only dashes, brackets or blanks before it on the line (the line's lead
 * ends at start), month and day after it, then 在. */
static int dated_header(const char *s, size_t len, size_t lead, size_t start, size_t after)
{
    if (lead != start)
        return 0;
    static const char yue[] = "月", ri[] = "日", zai[] = "在";
    size_t i = after;
    if (!small_number(s, len, &i) || i + 3 > len || memcmp(s + i, yue, 3) != 0)
        return 0;
    i += 3;
    if (!small_number(s, len, &i) || i + 3 > len || memcmp(s + i, ri, 3) != 0)
        return 0;
    i += 3;
    return i + 3 <= len && memcmp(s + i, zai, 3) == 0;
}

/* Reads from 1 to max ASCII digits at s[*i..len) as a number; -1 if none. */
static int digits(const char *s, size_t len, size_t *i, size_t max)
{
    int v = 0;
    size_t k = *i;
    while (k < len && k < *i + max && s[k] >= '0' && s[k] <= '9')
        v = v * 10 + (s[k++] - '0');
    if (k == *i)
        return -1;
    *i = k;
    return v;
}

/* Skips one separator of a date's parts at s[*i]: - / . or 年 / 月. */
static int date_sep(const char *s, size_t len, size_t *i, const char *word)
{
    if (*i < len && (s[*i] == '-' || s[*i] == '/' || s[*i] == '.')) {
        (*i)++;
        return 1;
    }
    if (len - *i >= 3 && memcmp(s + *i, word, 3) == 0) {
        *i += 3;
        return 1;
    }
    return 0;
}

size_t zc_meta_date_key(const char *date, int year, char out[9])
{
    int y = -1, m = 0, d = 0;
    size_t len = date ? strlen(date) : 0, i = 0;
    while (i < len && (date[i] == ' ' || date[i] == '\t'))
        i++;
    size_t start = i, run = 0;
    while (start + run < len && date[start + run] >= '0' && date[start + run] <= '9')
        run++;
    if (run == 8) { /* 20260202 */
        y = digits(date, len, &i, 4);
        m = digits(date, len, &i, 2);
        d = digits(date, len, &i, 2);
    } else if (run == 4) {
        y = digits(date, len, &i, 4);
        if (date_sep(date, len, &i, "年") && (m = digits(date, len, &i, 2)) > 0 &&
            date_sep(date, len, &i, "月") && (d = digits(date, len, &i, 2)) < 0)
            d = 0;
        if (m < 0)
            m = 0;
    }
    if (y < 1000 || m < 0 || m > 12 || d < 0 || d > 31 || (m == 0 && d))
        y = year, m = d = 0; /* not a date: the year */
    if (y < 1000 || y > 9999) {
        out[0] = '\0';
        return 0;
    }
    /* (the remainders only tell the compiler how wide each part is) */
    snprintf(out, 9, "%04u%02u%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return 8;
}

/* The next 年 in [p, end), or NULL. By its first byte with memchr, not
 * with memmem: AddressSanitizer's memmem checks the whole rest of the text
 * on every call, which made this loop quadratic in the sanitizer build. */
static const char *next_nian(const char *p, const char *end)
{
    while ((p = memchr(p, 0xE5, (size_t)(end - p)))) {
        if (end - p >= 3 && (unsigned char)p[1] == 0xB9 && (unsigned char)p[2] == 0xB4)
            return p;
        p++;
    }
    return NULL;
}

int zc_meta_years(const char *text, size_t len, int *years, size_t max, size_t *n)
{
    static const char nian[] = "年";
    const size_t nl = sizeof nian - 1;
    int counts[152] = {0}; /* 1949..2100 */
    int header = 0, theme = 0;
    /* From one 年 to the next; the lines before it are counted only while
     * a dated header can still come (the first 30 lines). Each line's lead
     * is measured once, when a year on it is first met: scanning back to
     * the line's start for every year made a long line quadratic. */
    size_t line = 0, counted = 0, line_start = 0, lead = 0;
    int lead_known = 0;
    for (const char *p = text; (p = next_nian(p, text + len)); p += nl) {
        size_t i = (size_t)(p - text);
        for (; line < 30 && counted < i; counted++) {
            if (text[counted] == '\n') {
                line++;
                line_start = counted + 1;
                lead_known = 0;
            }
        }
        size_t ystart;
        int y = zc_meta_year_before(text, i, &ystart);
        if (!y || y < 1949)
            continue;
        counts[y - 1949]++;
        /* "——2024年3月5日在…会议上" near the top: the date the report was
         * given, alone on its line but for dashes or brackets before it. */
        if (!header && line < 30) {
            if (!lead_known) {
                lead = lead_end(text, len, line_start);
                lead_known = 1;
            }
            if (dated_header(text, len, lead, ystart, i + nl))
                header = y;
        }
        /* "2025年是…之年": the year the text speaks from, within the same
         * clause (about 30 characters) and line. */
        static const char shi[] = "是", zhinian[] = "之年";
        if (y > theme && i + nl + 3 <= len && memcmp(text + i + nl, shi, 3) == 0) {
            size_t lim = len - i > 90 ? i + 90 : len;
            const char *stop = memchr(text + i, '\n', lim - i);
            if (stop)
                lim = (size_t)(stop - text);
            const char *z = g_strstr_len(text + i, (gssize)(lim - i), zhinian);
            if (z)
                theme = y;
        }
    }
    size_t k = 0;
    int best = 0, best_count = 0, second = 0;
    for (int y = 0; y < 152; y++) {
        if (!counts[y])
            continue;
        if (k < max)
            years[k++] = 1949 + y;
        if (counts[y] >= best_count) {
            second = best_count;
            best_count = counts[y];
            best = 1949 + y;
        } else if (counts[y] > second) {
            second = counts[y];
        }
    }
    *n = k;
    /* The most discussed year only when it clearly leads: a wrong year is
     * worse than none. */
    if (best_count < 3 || best_count < 2 * second)
        best = 0;
    return header ? header : theme ? theme : best;
}

/* ---------------------------------------------------------------- regions */

int zc_meta_region_named(const zc_dict *d, const char *name)
{
    if (!name || !*name)
        return -1;
    if (!strcmp(name, "全国") || !strcmp(name, "中国") || !strcmp(name, "national") ||
        !strcmp(name, "100000") || !strcmp(name, "中华人民共和国"))
        return ZC_META_NATIONAL;
    /* "江西省/新余市": the last part, whose ancestors must match the rest. */
    const char *slash = strrchr(name, '/');
    const char *last = slash ? slash + 1 : name;
    int parent = slash ? -2 : -1;
    if (slash) {
        char *head = g_strndup(name, (gsize)(slash - name));
        parent = zc_meta_region_named(d, head);
        g_free(head);
    }
    size_t count = zc_dict_region_count(d);
    for (size_t i = 0; i < count; i++) {
        zc_region r;
        if (zc_dict_region_get(d, i, &r) && strcmp(r.code, last) == 0)
            return (int)i;
    }
    uint32_t found[16];
    size_t n = zc_dict_region_find(d, last, strlen(last), found, 16);
    if (n > 16)
        n = 16;
    for (size_t k = 0; k < n; k++) {
        if (parent < 0)
            return (int)found[k]; /* the highest level first */
        for (int a = (int)found[k]; a >= 0;) {
            zc_region r;
            zc_dict_region_get(d, (size_t)a, &r);
            if (r.parent == parent)
                return (int)found[k];
            a = r.parent;
        }
    }
    return -1;
}

char *zc_meta_region_path(const zc_dict *d, int i)
{
    const char *codes[3];
    size_t n = zc_meta_region_codes(d, i, codes);
    (void)codes;
    zc_region chain[3];
    int at = i;
    for (size_t k = n; k-- > 0;) {
        zc_dict_region_get(d, (size_t)at, &chain[k]);
        at = chain[k].parent;
    }
    zc_buf b = ZC_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        if (k)
            zc_buf_putc(&b, '/');
        zc_buf_puts(&b, chain[k].name);
    }
    return zc_buf_detach(&b);
}

size_t zc_meta_region_codes(const zc_dict *d, int i, const char *codes[3])
{
    const char *rev[3];
    size_t n = 0;
    while (i >= 0 && n < 3) {
        zc_region r;
        if (!zc_dict_region_get(d, (size_t)i, &r))
            break;
        rev[n++] = r.code;
        i = r.parent;
    }
    for (size_t k = 0; k < n; k++)
        codes[k] = rev[n - 1 - k];
    return n;
}

/* Words after a place name that say the report speaks for that place. */
static int official_after(const char *s)
{
    static const char *const marks[] = {"人民政府", "政府工作报告", "省长", "市长",
                                        "县长",     "区长",         "州长", "主席"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strncmp(s, marks[i], strlen(marks[i])) == 0)
            return 1;
    return 0;
}

/* A region's scores. Only the regions a document's mentions name, and
 * their ancestors, score above 0: they are kept, not the whole gazetteer
 * (some 3,000 regions, every one of which a dense table would clear and
 * walk for each document). */
typedef struct scored {
    int id, parent;
    double own;  /* the mentions of the region itself */
    double sub;  /* own and its descendants' */
    double prov; /* a province: its unambiguous mentions */
    double evid; /* a province: evidence beyond counting */
} scored;

typedef struct scores {
    const zc_dict *d;
    scored *s;
    size_t n, cap;
    GHashTable *at; /* id + 1 -> index + 1 in s */
} scores;

static int parent_of(const zc_dict *d, int id)
{
    zc_region r;
    return zc_dict_region_get(d, (size_t)id, &r) ? r.parent : -1;
}

static int root_of(const zc_dict *d, int id)
{
    for (int p; (p = parent_of(d, id)) >= 0;)
        id = p;
    return id;
}

/* The scores of region id, NULL when it has none yet (all 0). */
static scored *score_find(scores *sc, int id)
{
    size_t k = GPOINTER_TO_SIZE(g_hash_table_lookup(sc->at, GSIZE_TO_POINTER((size_t)id + 1)));
    return k ? &sc->s[k - 1] : NULL;
}

static scored *score_at(scores *sc, int id)
{
    scored *x = score_find(sc, id);
    if (x)
        return x;
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? 2 * sc->cap : 32;
        sc->s = g_renew(scored, sc->s, sc->cap);
    }
    x = &sc->s[sc->n++];
    *x = (scored){id, parent_of(sc->d, id), 0, 0, 0, 0};
    g_hash_table_insert(sc->at, GSIZE_TO_POINTER((size_t)id + 1), GSIZE_TO_POINTER(sc->n));
    return x;
}

/* The unambiguous mentions of the province region id is in. */
static double prov_of(scores *sc, int id)
{
    const scored *x = score_find(sc, root_of(sc->d, id));
    return x ? x->prov : 0.0;
}

static int by_id(const void *a, const void *b)
{
    int x = ((const scored *)a)->id, y = ((const scored *)b)->id;
    return (x > y) - (x < y);
}

int zc_meta_region(const zc_dict *d, const zc_mention *m, size_t n, const char *title)
{
    if (zc_dict_region_count(d) == 0 || n == 0)
        return -1;
    scores sc = {d, NULL, 0, 0, g_hash_table_new(g_direct_hash, g_direct_equal)};
    double total = 0;
    /* The names that had their title weight: a set of names, not of
     * mentions, which would hold every mention of a name the title has. */
    GHashTable *titled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* Unambiguous names first: their provinces settle ambiguous ones.
     * Evidence beyond counting: the title names it, or it is followed by
     * 人民政府 / 省长 …, per province. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < n; k++) {
            uint32_t found[8];
            size_t c = zc_dict_region_find(d, m[k].s, m[k].len, found, 8);
            if (c == 0 || (pass == 0) != (c == 1))
                continue;
            if (c > 8)
                c = 8;
            double w = 1.0;
            /* m[k].s points into NUL-terminated text, so the look-ahead is safe. */
            if (official_after(m[k].s + m[k].len))
                w += 10.0;
            /* A place the title names weighs most (once per name). */
            if (title && *title) {
                char *name = g_strndup(m[k].s, m[k].len);
                if (!g_hash_table_contains(titled, name) && strstr(title, name)) {
                    w += 20.0;
                    g_hash_table_add(titled, name);
                    name = NULL;
                }
                g_free(name);
            }
            if (c > 1) {
                /* Keep the candidates in the provinces seen most. */
                double best = 0;
                for (size_t j = 0; j < c; j++) {
                    double p = prov_of(&sc, (int)found[j]);
                    if (p > best)
                        best = p;
                }
                size_t kept = 0;
                for (size_t j = 0; j < c; j++)
                    if (prov_of(&sc, (int)found[j]) == best)
                        found[kept++] = found[j];
                c = kept;
                w /= (double)c;
            }
            total += 1;
            for (size_t j = 0; j < c; j++) {
                score_at(&sc, (int)found[j])->own += w;
                scored *p = score_at(&sc, root_of(d, (int)found[j]));
                if (pass == 0)
                    p->prov += w;
                if (w > 1.0 / (double)c)
                    p->evid += w;
            }
        }
    }
    /* Every ancestor of a scored region is scored too (its subtree
     * total); then, children after their parents in the gazetteer, the
     * totals add up from the last region to the first. */
    for (size_t i = 0; i < sc.n; i++)
        if (sc.s[i].parent >= 0)
            score_at(&sc, sc.s[i].parent);
    qsort(sc.s, sc.n, sizeof *sc.s, by_id);
    g_hash_table_remove_all(sc.at);
    for (size_t i = 0; i < sc.n; i++)
        g_hash_table_insert(sc.at, GSIZE_TO_POINTER((size_t)sc.s[i].id + 1),
                            GSIZE_TO_POINTER(i + 1));
    for (size_t i = sc.n; i-- > 0;) {
        sc.s[i].sub += sc.s[i].own;
        if (sc.s[i].parent >= 0)
            score_find(&sc, sc.s[i].parent)->sub += sc.s[i].sub;
    }
    /* Descend from the best province while one child clearly dominates. */
    int at = -1;
    double best = 0;
    for (size_t i = 0; i < sc.n; i++)
        if (sc.s[i].parent < 0 && sc.s[i].sub > best)
            best = sc.s[i].sub, at = sc.s[i].id;
    while (at >= 0) {
        int child = -1;
        double c1 = 0, c2 = 0;
        for (size_t i = 0; i < sc.n; i++) {
            double v = sc.s[i].sub;
            if (sc.s[i].parent != at)
                continue;
            if (v > c1)
                c2 = c1, c1 = v, child = sc.s[i].id;
            else if (v > c2)
                c2 = v;
        }
        if (child < 0 || c1 < 3 || c1 < 0.6 * score_find(&sc, at)->own || c1 < 2 * c2)
            break;
        at = child;
    }
    int result = best >= 2 ? at : -1;
    /* Without evidence, mentions decide only when one province has most of
     * them: a passing mention decides nothing. */
    if (result >= 0) {
        const scored *p = score_find(&sc, root_of(d, result));
        if (p->evid <= 0 && !(p->sub >= 5 && p->sub >= 0.6 * total))
            result = -1;
    }
    g_free(sc.s);
    g_hash_table_destroy(sc.at);
    g_hash_table_destroy(titled);
    return result;
}
