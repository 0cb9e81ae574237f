/* Cleaning decoded text: characters, blanks, boilerplate lines, captions
 * and hard-wrapped lines (docs/cleaning.md explains every rule). */
#include "clean.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/utf8.h"

/* ------------------------------------------------------------ characters */

/* Characters that make a blank next to them meaningless: Han, kana, CJK
 * punctuation and full-width forms, and the quotes, dashes and ellipsis
 * Chinese text shares with Western text. Hangul is not here: Korean
 * separates words with spaces. */
static int is_cjk(uint32_t c)
{
    if (c < 0x2000)
        return c == 0xB7;
    return zc_is_han(c) || (c >= 0x2018 && c <= 0x201F) || c == 0x2014 || c == 0x2015 ||
           c == 0x2026 || (c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3000 && c <= 0x33FF) ||
           (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF);
}

/* Display columns, to measure the width a line was wrapped at. */
static unsigned width_of(uint32_t c)
{
    return (is_cjk(c) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x115F)) ? 2 : 1;
}

/* Invisible characters that only get in the way of matching. */
static int is_dropped(uint32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || zc_is_zero_width(c) ||
           c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2061 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0x180E;
}

/* Marks that end a sentence. */
static int is_final(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x2026 || c == '!' ||
           c == '?' || c == ';' || c == 0xFF0E;
}

/* Closing quotes and brackets: "。”" ends a sentence like "。". */
static int is_closer(uint32_t c)
{
    return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 || c == ')' ||
           c == 0x3011 || c == 0x300B || c == 0x3015 || c == 0x3009 || c == '"' || c == '\'' ||
           c == 0xFF3D || c == ']' || c == 0x3017;
}

/* A line ending in these is in mid-sentence whatever its length. */
static int is_open_end(uint32_t c)
{
    return c == 0xFF0C || c == 0x3001 || c == ',' || c == 0x201C || c == 0x2018 || c == 0x300A ||
           c == 0xFF08 || c == '(' || c == 0x300C || c == 0x300E || c == 0x3008 || c == 0x3010 ||
           c == 0x3014 || c == 0xFF3B;
}

/* Punctuation a heading does not contain. */
static int is_sentence_punct(uint32_t c)
{
    return c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F || c == 0x3001 ||
           c == 0xFF1A || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

static int is_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static uint32_t cp_at(const char *s, size_t len, size_t *n)
{
    uint32_t c;
    *n = zc_utf8_decode(s, len, &c);
    if (!*n)
        *n = 1;
    return c;
}

/* ------------------------------------------------------------ predicates */

/* The line trimmed of blanks and zero-width characters, in at most cap
 * bytes; returns 0 if it does not fit (then it is no short line). With
 * squeeze, inner blanks go too. */
static size_t compact(const char *s, size_t len, char *dst, size_t cap, int squeeze)
{
    size_t w = 0, i = 0, last_solid = 0;
    while (i < len) {
        size_t n;
        uint32_t c = cp_at(s + i, len - i, &n);
        int blank = zc_is_space(c) || c == '\n' || c == '\r';
        if (!(blank && (squeeze || w == 0)) && !is_dropped(c)) {
            if (w + n >= cap)
                return 0;
            memcpy(dst + w, s + i, n);
            w += n;
            if (!blank)
                last_solid = w;
        }
        i += n;
    }
    dst[last_solid] = '\0';
    return last_solid;
}

static int starts(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

static int ends(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && !memcmp(s + len - n, p, n);
}

static int in_list(const char *s, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == len && !memcmp(*list, s, len))
            return 1;
    return 0;
}

/* Strips one pair of enclosing brackets: （…）, (…), 【…】, […]. */
static void unwrap(const char **s, size_t *len)
{
    static const char *const pairs[][2] = {
        {"\xEF\xBC\x88", "\xEF\xBC\x89"}, {"(", ")"}, {"\xE3\x80\x90", "\xE3\x80\x91"}, {"[", "]"}};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        size_t a = strlen(pairs[k][0]), b = strlen(pairs[k][1]);
        if (*len > a + b && starts(*s, pairs[k][0]) && ends(*s, *len, pairs[k][1])) {
            *s += a;
            *len -= a + b;
            return;
        }
    }
}

/* Han characters at the end of s[0..len) (blanks skipped), at most max. */
static size_t han_tail(const char *s, size_t len, size_t max, size_t *start)
{
    size_t count = 0, end = len;
    while (end > 0 && count < max) {
        size_t b = end - 1;
        while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        size_t n;
        uint32_t c = cp_at(s + b, end - b, &n);
        if (zc_is_han(c))
            count++;
        else if (!zc_is_space(c))
            break;
        end = b;
    }
    *start = end;
    return count;
}

int zc_clean_is_caption(const char *line, size_t len)
{
    char buf[512];
    /* Every rule below needs one of these. */
    if (len > 4 * 120 || !line ||
        !(memmem(line, len, "摄", 3) || memmem(line, len, "图", 3) ||
          memmem(line, len, "记者", 6) || memmem(line, len, "社发", 6)))
        return 0;
    size_t n = compact(line, len, buf, sizeof buf, 0);
    if (n == 0 || zc_utf8_count(buf, n) > 120)
        return 0;
    const char *s = buf;
    unwrap(&s, &n);
    if (starts(s, "图为") || starts(s, "图片来源") || starts(s, "图源") || ends(s, n, "供图") ||
        ends(s, n, "资料图") || ends(s, n, "资料图片") || ends(s, n, "新华社发") ||
        (ends(s, n, "提供") && strstr(s, "图片由")))
        return 1;
    /* "…鸟瞰图": a picture title, short and without sentence punctuation. */
    if ((ends(s, n, "鸟瞰图") || ends(s, n, "效果图") || ends(s, n, "示意图") ||
         ends(s, n, "全景图") || ends(s, n, "外景图") || ends(s, n, "实景图") ||
         ends(s, n, "航拍图")) &&
        zc_utf8_count(s, n) <= 40 && !strstr(s, "，") && !strstr(s, "。"))
        return 1;
    size_t at;
    /* "… 郭锋杰摄", "记者 林 君摄", "（张三 摄）": a name and 摄 (photo by). */
    if (ends(s, n, "摄")) {
        size_t m = n - 3;
        if (han_tail(s, m, 1, &at) == 1 && !ends(s, m, "拍") && !ends(s, m, "航拍"))
            return 1;
    }
    /* "…日报记者 盛学卿": a credit without 摄, the name last. */
    const char *p = NULL;
    for (const char *q = s; (q = strstr(q, "记者")) != NULL; q += 6)
        p = q;
    if (p) {
        size_t names = 0, i = (size_t)(p - s) + 6;
        while (i < n) {
            size_t w;
            uint32_t c = cp_at(s + i, n - i, &w);
            if (zc_is_han(c))
                names++;
            else if (!zc_is_space(c))
                return 0;
            i += w;
        }
        return names >= 2 && names <= 4;
    }
    return 0;
}

/* Lone widget words of web pages. */
static const char *const edge_words[] = {
    "下载",     "打印",     "全屏",     "收藏",     "分享",
    "分享到",   "微信",     "微博",     "QQ空间",   "首页",
    "返回",     "关闭",     "评论",     "纠错",     "我要纠错",
    "点赞",     "相关报道", "相关文档", "相关链接", "相关附件",
    "相关新闻", "相关阅读", "您的位置", "当前位置", "点击图片进入专题",
    "字号",     "字体",     "加大",     "还原",     "减小",
    "默认",     "放大",     "缩小",     "大",       "中",
    "小",       "A",        "A+",       "A-",       NULL};
static const char *const any_words[] = {"打印本页",
                                        "关闭窗口",
                                        "关闭本页",
                                        "打印此页",
                                        "关闭此页",
                                        "返回顶部",
                                        "扫一扫在手机打开当前页",
                                        "扫一扫在手机上打开当前页",
                                        "分享到微信",
                                        "分享到微博",
                                        "分享到QQ空间",
                                        NULL};
static const char *const size_words[] = {"大",   "中",   "小",   "加大", "还原",
                                         "减小", "默认", "放大", "缩小", "标准",
                                         "超大", "A",    "A+",   "A-",   NULL};
/* Keys of "key：value" metadata lines. */
static const char *const meta_keys[] = {"来源",     "信息来源", "文章来源", "稿件来源", "时间",
                                        "发布时间", "发表时间", "发布日期", "更新时间", "阅读量",
                                        "阅读次数", "浏览次数", "点击数",   "访问量",   "编审",
                                        "校对",     "审核",     NULL};

/* Separators between widget words ("【打印本页】【关闭窗口】", "首页 > 要闻"). */
static int is_sep(uint32_t c)
{
    return zc_is_space(c) || c == 0x3010 || c == 0x3011 || c == '[' || c == ']' || c == '|' ||
           c == 0xFF1A || c == ':' || c == 0xFF5C || c == '/' || c == 0xFF0F || c == '>' ||
           c == 0xFF1E || c == 0x203A || c == 0xBB || c == 0xAB || c == 0x300A || c == 0x300B ||
           c == 0xD7 || c == 0x2022;
}

/* "- 12 -", "—3—", "第 3 页", "第3页 共12页", "Page 3 of 12" (blanks removed). */
static int is_page_number(const char *s, size_t n)
{
    size_t i = 0, d;
    static const char *const dashes[] = {"-", "\xE2\x80\x94", "\xE2\x80\x93", "\xEF\xBC\x8D", NULL};
#define SKIP_DIGITS() for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
    if (starts(s, "第") || starts(s, "共")) {
        for (int part = 0; part < 2 && i < n; part++) {
            if (!starts(s + i, "第") && !starts(s + i, "共"))
                return 0;
            i += 3;
            SKIP_DIGITS();
            if (!d || d > 4 || !starts(s + i, "页"))
                return 0;
            i += 3;
            while (i < n &&
                   (s[i] == ',' || s[i] == '/' || starts(s + i, "，") || starts(s + i, "／")))
                i += s[i] == ',' || s[i] == '/' ? 1 : 3;
        }
        return i == n;
    }
    if (!strncasecmp(s, "page", 4)) {
        i = 4;
        SKIP_DIGITS();
        if (i < n && !strncasecmp(s + i, "of", 2)) {
            i += 2;
            SKIP_DIGITS();
        }
        return d && d <= 4 && i == n;
    }
    size_t lead = 0, trail = 0;
    for (int moved = 1; moved;) {
        moved = 0;
        for (int k = 0; dashes[k]; k++)
            if (starts(s + i, dashes[k])) {
                i += strlen(dashes[k]);
                lead = moved = 1;
            }
    }
    SKIP_DIGITS();
    if (!d || d > 4)
        return 0;
    while (i < n) {
        int k;
        for (k = 0; dashes[k] && !starts(s + i, dashes[k]); k++)
            ;
        if (!dashes[k])
            return 0;
        i += strlen(dashes[k]);
        trail = 1;
    }
#undef SKIP_DIGITS
    return lead && trail;
}

/* A date with a time, alone: "2026-02-03 09:02:33", "2026年02月10日 07时41分". */
static int is_timestamp(const char *s, size_t n)
{
    size_t digits = 0, other = 0;
    int clock = 0, date = 0;
    for (size_t i = 0; i < n;) {
        size_t m;
        uint32_t c = cp_at(s + i, n - i, &m);
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == ':' || c == 0x65F6 /* 时 */ || c == 0x5206 /* 分 */ || c == 0x79D2)
            clock = 1;
        else if (c == '-' || c == '/' || c == '.' || c == 0x5E74 || c == 0x6708 || c == 0x65E5)
            date = 1;
        else
            other++;
        i += m;
    }
    return !other && digits >= 8 && (clock || (date && digits == 8 && n == 10));
}

int zc_clean_is_boilerplate(const char *line, size_t len)
{
    char buf[256];
    size_t n = compact(line, len, buf, sizeof buf, 1);
    if (n == 0)
        return ZC_BOILER_NONE;
    if (is_page_number(buf, n))
        return ZC_BOILER_ANY;
    if (is_timestamp(buf, n))
        return ZC_BOILER_EDGE;
    /* "来源：解放日报", "（来源：青海日报）", "责任编辑：李莎莎", "时间：". */
    const char *s = buf;
    size_t m = n;
    unwrap(&s, &m);
    const char *colon = strstr(s, "：");
    size_t klen = colon ? (size_t)(colon - s) : 0;
    if (!colon && (colon = memchr(s, ':', m)))
        klen = (size_t)(colon - s);
    if (colon && (in_list(s, klen, meta_keys) || ends(s, klen, "编辑")) &&
        zc_utf8_count(s, m) <= 60)
        return ZC_BOILER_EDGE;

    /* Widget words between separators: every word must be one. */
    n = compact(line, len, buf, sizeof buf, 0);
    if (n == 0)
        return ZC_BOILER_NONE;
    int words = 0, all_any = 1, size_widget = 0, ok = 1;
    for (size_t i = 0; i < n && ok;) {
        size_t w;
        if (is_sep(cp_at(buf + i, n - i, &w))) {
            i += w;
            continue;
        }
        size_t start = i;
        while (i < n && !is_sep(cp_at(buf + i, n - i, &w)))
            i += w;
        size_t wl = i - start;
        const char *word = buf + start;
        if (ends(word, wl, "："))
            wl -= 3;
        else if (ends(word, wl, ":"))
            wl -= 1;
        words++;
        if (in_list(word, wl, any_words))
            continue;
        if ((wl == 6 && (starts(word, "字号") || starts(word, "字体")))) {
            size_widget = 1;
            continue;
        }
        if (size_widget && in_list(word, wl, size_words))
            continue;
        all_any = 0;
        ok = in_list(word, wl, edge_words);
    }
    if (!ok)
        return ZC_BOILER_NONE;
    return words && all_any ? ZC_BOILER_ANY : ZC_BOILER_EDGE;
}

/* ------------------------------------------------------------ lines */

enum {
    L_FINAL_IN = 1, /* contains 。！？； */
    L_PUNCT = 2,    /* contains sentence punctuation (headings do not) */
    L_DROP = 4,     /* boilerplate to remove */
    L_CAPTION = 8,  /* photo caption: never joined */
    L_MARKER = 16,  /* starts like a heading or list item: nothing joins into it */
    L_MARKUP = 32,  /* Markdown heading or table row: never joined */
    L_PROSE = 64,   /* contains ，。！？；、 (boilerplate does not) */
    L_CAPHINT = 128 /* contains 摄, 图, 记者 or 社发 (every caption does) */
};

/* One non-empty line of the first pass, its text in the output buffer. */
typedef struct line {
    size_t off, len;
    /* Display columns of the characters kept (blanks do not count: the
     * decisions on a line must not change when it is cleaned again). */
    uint32_t width;
    uint32_t first, last;
    uint32_t core, pre; /* last character that is not a closer, the one before */
    unsigned flags;
    int boiler;
} line;

typedef struct lines {
    line *v;
    size_t n, cap;
} lines;

static int push_line(lines *ls, const line *l)
{
    if (ls->n == ls->cap) {
        size_t ncap = ls->cap ? ls->cap * 2 : 256;
        line *nv = realloc(ls->v, ncap * sizeof *nv);
        if (!nv)
            return ZC_ERR_NOMEM;
        ls->v = nv;
        ls->cap = ncap;
    }
    ls->v[ls->n++] = *l;
    return ZC_OK;
}

/* Whether a line ends a sentence: "。", "！”", "." after a word ("3." is a
 * list number). */
static int is_final_line(const line *l)
{
    if (is_final(l->core))
        return 1;
    return l->core == '.' && l->pre && !(l->pre >= '0' && l->pre <= '9');
}

static int is_numeral(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == 0x4E00 || c == 0x4E8C ||
           c == 0x4E09 || c == 0x56DB || c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B ||
           c == 0x4E5D || c == 0x5341 || c == 0x767E || c == 0x96F6 || c == 0x3007;
}

/* Heading and list openings: "一、", "（二）", "3.", "1、", "第五章", "一是",
 * bullets, circled numbers, "【…】", "——", Markdown and HTML. */
static unsigned marker_flags(const char *s, size_t len)
{
    size_t i = 0, n, digits = 0;
    uint32_t c = cp_at(s, len, &n);
    if (c == '#' || c == '|')
        return L_MARKER | L_MARKUP;
    if ((c && c < 0x80 && strchr("*->+[<!`", (int)c)) || (c >= 0x2022 && c <= 0x2023) ||
        c == 0x2014 || c == 0x3010 || c == 0x203B || (c >= 0x2190 && c <= 0x21FF) ||
        (c >= 0x2460 && c <= 0x24FF) || (c >= 0x25A0 && c <= 0x25FF) || c == 0x2605 ||
        c == 0x2606 || c == 0x221A || (c >= 0x2776 && c <= 0x2793) || (c >= 0x3251 && c <= 0x325F))
        return L_MARKER;
    int paren = c == 0xFF08 || c == '(', di = c == 0x7B2C; /* （, 第 */
    if (paren || di)
        i += n;
    while (i < len && digits < 4 && is_numeral(c = cp_at(s + i, len - i, &n))) {
        digits++;
        i += n;
    }
    if (!digits || i >= len)
        return 0;
    c = cp_at(s + i, len - i, &n);
    uint32_t next = i + n < len ? cp_at(s + i + n, len - i - n, &n) : 0;
    if (paren)
        return c == 0xFF09 || c == ')' ? L_MARKER : 0;
    if (di) /* 第…章节条部篇编款 */
        return c == 0x7AE0 || c == 0x8282 || c == 0x6761 || c == 0x90E8 || c == 0x7BC7 ||
                       c == 0x7F16 || c == 0x6B3E
                   ? L_MARKER
                   : 0;
    if (c == 0x3001 || c == 0xFF0E || c == 0xFF09 || c == ')' ||
        (c == '.' && !(next >= '0' && next <= '9')))
        return L_MARKER;
    if (c == 0x662F && !(s[0] >= '0' && s[0] <= '9')) /* 一是, 二是 */
        return L_MARKER;
    return 0;
}

/* Pass 1 state: the line being written. */
typedef struct scanner {
    char *o;
    size_t w;
    line cur;
    int pending, prev_cjk;
} scanner;

/* Appends character c (bytes[0..n)) to the current line. Inlined: it runs
 * for nearly every character. */
static inline __attribute__((always_inline)) void put(scanner *sc, uint32_t c, const char *bytes,
                                                      size_t n, int cjk)
{
    line *cur = &sc->cur;
    if (sc->w > cur->off) {
        /* A blank stays only between two non-CJK characters. */
        if (sc->pending && !cjk && !sc->prev_cjk)
            sc->o[sc->w++] = ' ';
    } else {
        cur->first = c;
    }
    sc->pending = 0;
    for (size_t k = 0; k < n; k++)
        sc->o[sc->w++] = bytes[k];
    sc->prev_cjk = cjk;
    cur->last = c;
    if (cjk && c >= 0x4E00 && c <= 0x9FFF) { /* the common case: a Han character */
        cur->width += 2;
        /* 摄, 图, 记者, 社发: one of them is in every caption */
        if (c == 0x6444 || c == 0x56FE || (c == 0x8005 && cur->core == 0x8BB0) ||
            (c == 0x53D1 && cur->core == 0x793E))
            cur->flags |= L_CAPHINT;
        cur->pre = cur->core;
        cur->core = c;
        return;
    }
    if (c < 0x80) {
        cur->width++;
        if (c != ')' && c != ']' && c != '"' && c != '\'') {
            cur->pre = cur->core;
            cur->core = c;
        }
        if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
            cur->flags |= L_PUNCT;
        return;
    }
    cur->width += width_of(c);
    if (!is_closer(c)) {
        cur->pre = cur->core;
        cur->core = c;
    }
    if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B)
        cur->flags |= L_FINAL_IN;
    if (is_sentence_punct(c))
        cur->flags |= L_PUNCT;
    if (c == 0xFF0C || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x3001)
        cur->flags |= L_PROSE;
}

static int end_line(scanner *sc, lines *ls)
{
    if (sc->w > sc->cur.off) {
        sc->o[sc->w++] = '\n';
        sc->cur.len = sc->w - 1 - sc->cur.off;
        if (push_line(ls, &sc->cur))
            return ZC_ERR_NOMEM;
    }
    memset(&sc->cur, 0, sizeof sc->cur);
    sc->cur.off = sc->w;
    sc->pending = 0;
    return ZC_OK;
}

/* Pass 1: characters and blanks. Writes each non-empty line, cleaned and
 * followed by "\n", to out (so the final text, never longer, can be written
 * over it in place) and records it. */
static int scan(const char *in, size_t len, zc_buf *out, lines *ls, zc_error *err)
{
    scanner sc;
    memset(&sc, 0, sizeof sc);
    sc.o = out->data;
    sc.w = sc.cur.off = out->len;
    const unsigned char *u = (const unsigned char *)in;
    for (size_t i = 0; i < len;) {
        uint32_t c = u[i];
        size_t n = 1;
        if (c >= 0x21 && c < 0x7F) { /* printable ASCII */
            put(&sc, c, in + i, 1, 0);
            i++;
            continue;
        }
        if (c >= 0xE0 && c <= 0xEF && len - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            c = (c & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
            n = 3;
            if (c >= 0x4E00 && c <= 0x9FFF) {
                put(&sc, c, in + i, 3, 1);
                i += 3;
                /* Most text is runs of Han characters: copy them here. */
                line *cur = &sc.cur;
                while (len - i >= 3 && u[i] >= 0xE4 && u[i] <= 0xE9 && (u[i + 1] & 0xC0) == 0x80 &&
                       (u[i + 2] & 0xC0) == 0x80) {
                    c = (u[i] & 0x0Fu) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
                    if (c < 0x4E00)
                        break;
                    sc.o[sc.w] = (char)u[i];
                    sc.o[sc.w + 1] = (char)u[i + 1];
                    sc.o[sc.w + 2] = (char)u[i + 2];
                    sc.w += 3;
                    i += 3;
                    cur->width += 2;
                    cur->last = c;
                    if (c == 0x6444 || c == 0x56FE || (c == 0x8005 && cur->core == 0x8BB0) ||
                        (c == 0x53D1 && cur->core == 0x793E))
                        cur->flags |= L_CAPHINT;
                    cur->pre = cur->core;
                    cur->core = c;
                }
                continue;
            }
            if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
                n = 0;
            /* CJK and general punctuation: neither blank, break nor dropped. */
            else if ((c > 0x3000 && c <= 0x33FF) || (c >= 0xFF01 && c <= 0xFFEF) ||
                     (c >= 0x2010 && c <= 0x2027)) {
                put(&sc, c, in + i, 3, is_cjk(c));
                i += 3;
                continue;
            }
        } else if (c >= 0x80) {
            n = zc_utf8_decode(in + i, len - i, &c);
        }
        if (!n)
            return zc_err_set(err, ZC_ERR_ENCODING, "not valid UTF-8 at byte offset %zu", i);
        if (c == '\r' && i + 1 < len && in[i + 1] == '\n')
            n = 2;
        i += n;
        if (zc_is_newline(c)) {
            if (end_line(&sc, ls))
                return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        } else if (zc_is_space(c)) {
            sc.pending = 1;
        } else if (!is_dropped(c)) {
            put(&sc, c, in + i - n, n, is_cjk(c));
        }
    }
    if (end_line(&sc, ls))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    out->len = sc.w;
    return ZC_OK;
}

/* A line of body text: long, with a finished sentence in it. */
static int is_body(const line *l)
{
    return l->width >= 40 && (l->flags & L_FINAL_IN) && !(l->flags & L_CAPTION);
}

/* A metadata key alone on its line ("来源：", "责任编辑："), its value on
 * the next line. */
static int is_bare_key(const char *s, size_t len)
{
    size_t k = ends(s, len, "：") ? len - 3 : ends(s, len, ":") ? len - 1 : len;
    return k < len && (in_list(s, k, meta_keys) || ends(s, k, "编辑"));
}

/* A breadcrumb separator line: ">", "＞", "›", "»". */
static int is_crumb_sep(const char *s, size_t len)
{
    return (len == 1 && s[0] == '>') || (len == 2 && !memcmp(s, "\xC2\xBB", 2)) ||
           (len == 3 && (!memcmp(s, "\xEF\xBC\x9E", 3) || !memcmp(s, "\xE2\x80\xBA", 3)));
}

/* Whether a line can start like a ZC_BOILER_ANY line: page numbers,
 * 打印本页, 关闭窗口, 返回顶部, 扫一扫…, 分享到微信, 【字号：…】, [打印本页]. */
static int may_be_any(const char *s, size_t len)
{
    size_t n;
    uint32_t c = cp_at(s, len, &n);
    if (c == 0x3010 || c == '[') /* 【, [: look at what is inside */
        c = n < len ? cp_at(s + n, len - n, &n) : 0;
    return c == '-' || c == 0x2014 || c == 0x2013 || c == 0xFF0D || c == 0x7B2C || c == 0x5171 ||
           c == 'P' || c == 'p' || c == 0x6253 || c == 0x5173 || c == 0x8FD4 || c == 0x626B ||
           c == 0x5206 || c == 0x5B57;
}

/* Pass 2: captions, markers, boilerplate. Edge boilerplate goes only
 * before the first and after the last line of body text. */
static void classify(const char *text, lines *ls)
{
    size_t first = ls->n, last = 0;
    for (size_t k = 0; k < ls->n; k++) {
        line *l = &ls->v[k];
        const char *s = text + l->off;
        l->flags |= marker_flags(s, l->len);
        if ((l->flags & L_CAPHINT) && l->len <= 480 && zc_clean_is_caption(s, l->len))
            l->flags |= L_CAPTION;
        if (is_body(l)) {
            if (first == ls->n)
                first = k;
            last = k;
        }
    }
    for (size_t k = 0; k < ls->n; k++) {
        line *l = &ls->v[k];
        int edge = k < first || k > last || first == ls->n;
        /* Between body lines only page numbers and a few widgets go: test
         * only lines that can start like them. */
        if (l->len <= 240 && !(l->flags & L_PROSE) && (edge || may_be_any(text + l->off, l->len)))
            l->boiler = zc_clean_is_boilerplate(text + l->off, l->len);
    }
    int widget = 0, value_next = 0;
    for (size_t k = 0; k < ls->n; k++) {
        line *l = &ls->v[k];
        const char *s = text + l->off;
        int edge = k < first || k > last || first == ls->n;
        /* "【字号：" "大" "中" "小" "】" on lines of their own. */
        int closing = l->len == 3 && !memcmp(s, "】", 3);
        if (widget && (closing || in_list(s, l->len, size_words))) {
            l->flags |= L_DROP;
            widget = !closing;
            continue;
        }
        widget = l->boiler && l->len <= 12 &&
                 (starts(s, "【字") || starts(s, "字号") || starts(s, "字体"));
        if (edge && value_next && l->len <= 60 && !l->boiler && !(l->flags & L_FINAL_IN)) {
            l->flags |= L_DROP; /* the value of a bare key */
            value_next = 0;
            continue;
        }
        /* "首页" ">" "要闻" ">" "…": a short line after a separator. */
        if (edge && k > 0 && is_crumb_sep(text + ls->v[k - 1].off, ls->v[k - 1].len) &&
            zc_utf8_count(s, l->len) <= 10 && !(l->flags & L_PUNCT)) {
            l->flags |= L_DROP;
            continue;
        }
        value_next = edge && is_bare_key(s, l->len);
        if (l->boiler == ZC_BOILER_ANY || (l->boiler == ZC_BOILER_EDGE && edge))
            l->flags |= L_DROP;
    }
}

/* Pass 3: the width a document was hard-wrapped at, or 0. Wrapped text
 * has most lines within 15% of one width, with punctuation inside and no
 * sentence end at the end (a list of similar items has neither). */
static unsigned wrap_width(const lines *ls)
{
    enum { MAXW = 1024 };
    static const unsigned minw = 16;
    unsigned *hist = calloc(MAXW + 1, sizeof *hist);
    if (!hist)
        return 0;
    size_t total = 0;
    for (size_t k = 0; k < ls->n; k++) {
        const line *l = &ls->v[k];
        if ((l->flags & (L_DROP | L_CAPTION)) || l->width < minw)
            continue;
        hist[l->width < MAXW ? l->width : MAXW]++;
        total++;
    }
    for (unsigned w = 1; w <= MAXW; w++) /* prefix sums */
        hist[w] += hist[w - 1];
    unsigned best = 0, best_w = 0;
    for (unsigned w = minw; w < MAXW * 100 / 115; w++) {
        unsigned lo = w * 85 / 100, hi = w * 115 / 100;
        unsigned count = hist[hi] - hist[lo - 1];
        if (count > best) {
            best = count;
            best_w = w;
        }
    }
    free(hist);
    if (best < 8 || best * 10 < total * 6 || best_w > 400)
        return 0;
    size_t band = 0, punct = 0, open = 0;
    for (size_t k = 0; k < ls->n; k++) {
        const line *l = &ls->v[k];
        if ((l->flags & (L_DROP | L_CAPTION)) || l->width < best_w * 85 / 100 ||
            l->width > best_w * 115 / 100)
            continue;
        band++;
        punct += (l->flags & L_PUNCT) != 0;
        open += !is_final_line(l);
    }
    if (punct * 10 < band * 3 || open * 2 < band)
        return 0;
    return best_w;
}

/* State of the paragraph being written (the A side of a join). */
typedef struct para {
    const line *last; /* its last line */
    int final_in;     /* a sentence ended somewhere in it */
} para;

/* Whether line b continues the paragraph p (a hard wrap, not a break). */
static int continues(const para *p, const line *b, unsigned wrapw)
{
    const line *a = p->last;
    if ((a->flags & (L_CAPTION | L_MARKUP)) || (b->flags & (L_CAPTION | L_MARKER)))
        return 0;
    if (is_final_line(a) || (a->last && a->last < 0x80 && strchr(">]}|*#`~=_/\\<[", (int)a->last)))
        return 0; /* a sentence end, or markup */
    int wide = wrapw && a->width >= wrapw * 85 / 100;
    uint32_t e = a->core;
    if (e == 0xFF1A || e == ':' || e == 0x2014) /* ：, ——: a paragraph may end */
        return wide;
    if (is_open_end(a->last))
        return 1;
    /* A short line without punctuation is a heading, unless it is wide
     * in wrapped text or ends open (then it joins what follows, so to keep
     * cleaning idempotent it must not stop what precedes). */
    int heading = !(b->flags & L_PUNCT) && b->width <= 80 &&
                  !(wrapw && b->width >= wrapw * 85 / 100) && !is_open_end(b->last);
    if (heading)
        return 0;
    return p->final_in || wide;
}

/* Pass 4: writes the kept lines over the first pass's output, joining
 * wrapped lines. Returns the new end; *changed counts dropped and joined
 * lines. */
static size_t emit(char *text, size_t base, const lines *ls, unsigned wrapw, size_t *changed)
{
    size_t w = base;
    para p = {NULL, 0};
    for (size_t k = 0; k < ls->n; k++) {
        const line *l = &ls->v[k];
        if (l->flags & L_DROP) {
            ++*changed;
            continue;
        }
        if (p.last && continues(&p, l, wrapw)) {
            ++*changed;
            if (is_ascii_alnum(p.last->last) && is_ascii_alnum(l->first))
                text[w++] = ' ';
        } else {
            if (p.last)
                text[w++] = '\n';
            p.final_in = 0;
        }
        memmove(text + w, text + l->off, l->len);
        w += l->len;
        p.last = l;
        p.final_in |= (l->flags & L_FINAL_IN) != 0;
    }
    return w;
}

/* One round of cleaning, appending to out. */
static int clean_round(const char *in, size_t len, zc_buf *out, size_t *changed, zc_error *err)
{
    size_t base = out->len;
    if (len > SIZE_MAX - 2 || zc_buf_reserve(out, len + 2))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory cleaning %zu bytes", len);
    lines ls = {NULL, 0, 0};
    int rc = scan(in, len, out, &ls, err);
    if (rc) {
        out->len = base;
        out->data[base] = '\0';
        free(ls.v);
        return rc;
    }
    classify(out->data, &ls);
    unsigned wrapw = wrap_width(&ls);
    *changed = 0;
    out->len = emit(out->data, base, &ls, wrapw, changed);
    out->data[out->len] = '\0';
    free(ls.v);
    return ZC_OK;
}

/* Rounds after the first, until one changes nothing: dropping and joining
 * lines makes new neighbours and new lines (a joined line may read as
 * boilerplate, a heading may lose its neighbour), and the result must be
 * stable so that cleaning cleaned text changes nothing. A round that drops
 * and joins nothing leaves clean text as it is, since every decision on a
 * line depends on its cleaned characters only. Most texts need one round,
 * texts with wrapped lines or boilerplate two. */
#define MAX_ROUNDS 8

int zc_clean(const char *in, size_t len, zc_buf *out, zc_error *err)
{
    size_t base = out->len, changed = 0;
    int rc = clean_round(in, len, out, &changed, err);
    zc_buf tmp = ZC_BUF_INIT;
    for (int round = 1; rc == ZC_OK && changed && round < MAX_ROUNDS; round++) {
        zc_buf_clear(&tmp);
        if (zc_buf_append(&tmp, out->data + base, out->len - base)) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory cleaning %zu bytes", len);
            break;
        }
        out->len = base;
        rc = clean_round(tmp.data, tmp.len, out, &changed, err);
    }
    zc_buf_free(&tmp);
    if (rc && out->data) {
        out->len = base;
        out->data[base] = '\0';
    }
    return rc;
}
