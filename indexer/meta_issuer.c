/* Who issues a document (发文机关) and its number (发文字号), where the text
 * states them (docs/indexing.md). */
#include <glib.h>
#include <string.h>

#include "common/utf8.h"
#include "index/schema.h"
#include "meta.h"

/* What the name of an issuing body ends with. */
static const char *const organ_ends[] = {"人民政府办公厅",
                                         "人民政府办公室",
                                         "人民政府",
                                         "办公厅",
                                         "办公室",
                                         "国务院",
                                         "中共中央",
                                         "委员会",
                                         "常务委员会",
                                         "总局",
                                         "银行",
                                         "部",
                                         "局",
                                         "厅",
                                         "署",
                                         "委",
                                         "院",
                                         "会",
                                         NULL};

static int ends_with(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    return n >= l && memcmp(s + n - l, w, l) == 0;
}

static int is_organ(const char *s, size_t n)
{
    size_t chars = zc_utf8_count(s, n);
    if (chars < 2 || chars > 30)
        return 0;
    for (size_t k = 0; organ_ends[k]; k++)
        if (ends_with(s, n, organ_ends[k]))
            return 1;
    return 0;
}

/* Whether s[0..n) holds only Han characters, blanks and 、. */
static int han_name(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t m = zc_utf8_decode(s + i, n - i, &c);
        if (!m || !(zc_is_han(c) || c == ' ' || c == 0x3001))
            return 0;
        i += m;
    }
    return n > 0;
}

char *zc_meta_issuer(const char *text, size_t len, const char *title)
{
    /* 1. The title: "国务院关于…", "某省人民政府办公厅关于印发…的通知". */
    const char *g = title ? strstr(title, "关于") : NULL;
    if (g && g > title && han_name(title, (size_t)(g - title)) &&
        is_organ(title, (size_t)(g - title)))
        return g_strndup(title, (gsize)(g - title));
    /* 2. A red header: "某区卫生局文件" alone on one of the first lines. */
    size_t i = 0;
    for (int line = 0; i < len && line < 6; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len, n = end - i;
        if (ends_with(text + i, n, "文件") && han_name(text + i, n - 6) &&
            is_organ(text + i, n - 6))
            return g_strndup(text + i, n - 6);
        i = end + 1;
    }
    /* 3. The signature: an issuer's name alone just above the date of one
     * of the last lines. */
    size_t e = len;
    int dated = 0;
    for (int line = 0; e > 0 && line < 10; line++) {
        size_t a = e;
        while (a > 0 && text[a - 1] != '\n')
            a--;
        const char *s = text + a;
        size_t n = e - a;
        int m, d;
        if (n && n <= 40 && zc_meta_dated(s, n, NULL, &m, &d) && m)
            dated = 1;
        else if (dated && han_name(s, n) && is_organ(s, n))
            return g_strndup(s, n);
        else if (dated)
            dated = 0;
        e = a ? a - 1 : 0;
    }
    return NULL;
}

char *zc_meta_docno(const char *text, size_t len)
{
    /* A number in the first lines: "国发〔2025〕11号" alone or after a key. */
    size_t i = 0;
    for (int line = 0; i < len && line < 15; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        for (size_t p = i; end - i <= 120 && p < end; p++) {
            uint32_t c;
            size_t m = zc_utf8_decode(text + p, end - p, &c);
            if (!m || !zc_schema_docno_bracket(c))
                continue;
            /* back to the start of the Han code before the bracket */
            size_t q = p;
            int chars = 0;
            while (q > i && chars < 10) {
                size_t r = q - 1;
                while (r > i && ((unsigned char)text[r] & 0xC0) == 0x80)
                    r--;
                uint32_t b;
                if (!zc_utf8_decode(text + r, q - r, &b) || !zc_is_han(b))
                    break;
                q = r;
                chars++;
            }
            zc_schema_docno d;
            if (chars && zc_schema_docno_parse(text + q, end - q, &d) && d.number)
                return g_strdup_printf("%s〔%d〕%d号", d.prefix, d.year, d.number);
        }
        i = end + 1;
    }
    return NULL;
}
