/* Garbage text layers and running heads of PDF pages (pdf_layout.h). */
#include "pdf_layout.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "plausible.h"

enum { EDGE = 2 };            /* lines looked at at each edge */
enum { NOISE_EVIDENCE = 40 }; /* visible characters needed to judge */
/* The share of noise characters (below) a text layer may have: text read
 * right has under 2 %, glyph numbers read as characters 15 % and more. */
#define NOISE_MAX 0.08

/* A character no text layer of a Chinese (or English) document has but
 * glyph numbers read as characters give: ASCII symbols that neither prose
 * nor web addresses use (# $ * + < = > @ \\ ^ ` { | } ~), and letters of the Latin-1 supplement
 * (À..ÿ, but × and ÷). */
static int noise(uint32_t c)
{
    if (c < 0x80)
        return c > ' ' && c < 0x7F &&
               !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 strchr(".,;:()%-/'\"!?[]_&", (int)c));
    return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7;
}

int zc_pdf_garbage(const char *text, size_t len, const char **why)
{
    static _Thread_local char msg[160];
    *why = NULL;
    zc_plaus p = {0};
    size_t i = 0, visible = 0, noisy = 0;
    while (i < len) {
        uint32_t c;
        size_t n = zc_utf8_decode(text + i, len - i, &c);
        if (!n) {
            i++;
            continue;
        }
        if (c > ' ' && c != 0x3000 && c != 0xA0) {
            visible++;
            noisy += (size_t)noise(c);
        }
        if (c >= 0x80)
            zc_plaus_add(&p, text + i, n);
        i += n;
    }
    int score = zc_plaus_score(&p);
    if (p.chars >= ZC_PLAUS_EVIDENCE && score < ZC_PLAUS_MIN) {
        snprintf(msg, sizeof msg, "characters implausible as text: score %d of 1000 over %zu",
                 score, p.chars);
        *why = msg;
        return 1;
    }
    if (visible >= NOISE_EVIDENCE && (double)noisy > NOISE_MAX * (double)visible) {
        snprintf(msg, sizeof msg, "%zu of %zu characters are symbols or accented letters", noisy,
                 visible);
        *why = msg;
        return 1;
    }
    return 0;
}

int zc_pdf_pages_init(zc_pdf_pages *p, size_t hint, zc_error *err)
{
    memset(p, 0, sizeof *p);
    p->cap = hint ? hint : 1;
    if (!(p->text = calloc(p->cap, sizeof *p->text)))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return ZC_OK;
}

int zc_pdf_pages_add(zc_pdf_pages *p, const char *text, zc_error *err)
{
    if (p->n == p->cap) {
        char **t = realloc(p->text, p->cap * 2 * sizeof *t);
        if (!t)
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        p->text = t;
        p->cap *= 2;
    }
    if (!(p->text[p->n] = strdup(text)))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    p->n++;
    return ZC_OK;
}

void zc_pdf_pages_free(zc_pdf_pages *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->text[i]);
    free(p->text);
    memset(p, 0, sizeof *p);
}

/* The key of a line for comparing across pages: blanks dropped, each run
 * of digits one '#'. NULL for a blank line. */
static char *line_key(const char *s, size_t n)
{
    char *k = malloc(n + 1);
    size_t m = 0;
    if (!k)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f')
            continue;
        if (c >= '0' && c <= '9') {
            if (!m || k[m - 1] != '#')
                k[m++] = '#';
            continue;
        }
        k[m++] = c;
    }
    k[m] = '\0';
    if (!m) {
        free(k);
        return NULL;
    }
    return k;
}

/* A page number alone: #, -#-, —#—, 第#页, 第#页共#页, #/#, ·#·, page # */
static int page_number(const char *key)
{
    static const char *forms[] = {"#",          "-#-",         "—#—",         "–#–",   "第#页",
                                  "第#页共#页", "第#页,共#页", "#/#",         "·#·",   "页#",
                                  "page#",      "Page#",       "-#",          "#-",    "[#]",
                                  "(#)",        "（#）",       "第#页/共#页", "-#/#-", "—#/#—"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strcmp(key, forms[i]) == 0)
            return 1;
    return 0;
}

typedef struct line {
    const char *s;
    size_t n;
    char *key;
    int edge; /* among the EDGE first or last non-blank lines of its page */
} line;

static GArray *split_page(const char *text)
{
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(line));
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        line l = {p, n, line_key(p, n), 0};
        g_array_append_val(lines, l);
        p += n + (p[n] == '\n');
    }
    size_t seen = 0;
    for (guint i = 0; i < lines->len && seen < EDGE; i++)
        if (g_array_index(lines, line, i).key) {
            g_array_index(lines, line, i).edge = 1;
            seen++;
        }
    seen = 0;
    for (guint i = lines->len; i > 0 && seen < EDGE; i--)
        if (g_array_index(lines, line, i - 1).key) {
            g_array_index(lines, line, i - 1).edge = 1;
            seen++;
        }
    return lines;
}

int zc_pdf_pages_join(zc_pdf_pages *p, char **out, size_t *len, zc_error *err)
{
    *out = NULL;
    *len = 0;
    GArray **pages = g_new0(GArray *, p->n ? p->n : 1);
    GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal); /* key → pages */
    for (size_t i = 0; i < p->n; i++) {
        pages[i] = split_page(p->text[i]);
        GHashTable *once = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint j = 0; j < pages[i]->len; j++) {
            line *l = &g_array_index(pages[i], line, j);
            if (!l->edge || g_hash_table_contains(once, l->key))
                continue;
            g_hash_table_add(once, l->key);
            g_hash_table_insert(
                count, l->key,
                GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(count, l->key)) + 1));
        }
        g_hash_table_destroy(once);
    }
    size_t need = p->n / 2 > 2 ? p->n / 2 : 2;
    zc_buf b = ZC_BUF_INIT;
    int rc = ZC_OK;
    for (size_t i = 0; i < p->n && rc == ZC_OK; i++) {
        for (guint j = 0; j < pages[i]->len && rc == ZC_OK; j++) {
            line *l = &g_array_index(pages[i], line, j);
            if (l->edge &&
                (page_number(l->key) ||
                 (p->n >= 2 && GPOINTER_TO_SIZE(g_hash_table_lookup(count, l->key)) >= need)))
                continue;
            if (zc_buf_append(&b, l->s, l->n) || zc_buf_putc(&b, '\n'))
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        }
        /* A page ends a paragraph only where its text does: the cleaner
         * joins a line cut at the page's end to the next page's first. */
    }
    g_hash_table_destroy(count);
    for (size_t i = 0; i < p->n; i++) {
        for (guint j = 0; j < pages[i]->len; j++)
            free(g_array_index(pages[i], line, j).key);
        g_array_free(pages[i], TRUE);
    }
    g_free(pages);
    if (rc) {
        zc_buf_free(&b);
        return rc;
    }
    *len = b.len;
    *out = zc_buf_detach(&b);
    if (!*out)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return ZC_OK;
}
