/* Classifying single lines: photo captions and web page boilerplate
 * (docs/cleaning.md, "Boilerplate" and "Captions"). */
#include "text/clean.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"
#include "text/clean_internal.h"

/* ------------------------------------------------------------ predicates */

/* The line trimmed of blanks and zero-width characters, in at most cap
 * bytes; returns 0 if it does not fit (then it is no short line). With
 * squeeze, inner blanks go too. */
static size_t compact(const char *s, size_t len, char *dst, size_t cap, int squeeze)
{
    size_t w = 0, i = 0, last_solid = 0;
    while (i < len) {
        size_t n;
        uint32_t c = zc_clean_cp_at(s + i, len - i, &n);
        int blank = zc_is_space(c) || c == '\n' || c == '\r';
        if (!(blank && (squeeze || w == 0)) && !zc_clean_is_dropped(c)) {
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
        if (*len > a + b && zc_clean_starts(*s, pairs[k][0]) && ends(*s, *len, pairs[k][1])) {
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
        uint32_t c = zc_clean_cp_at(s + b, end - b, &n);
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
    if (zc_clean_starts(s, "图为") || zc_clean_starts(s, "图片来源") ||
        zc_clean_starts(s, "图源") || ends(s, n, "供图") || ends(s, n, "资料图") ||
        ends(s, n, "资料图片") || ends(s, n, "新华社发") ||
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
            uint32_t c = zc_clean_cp_at(s + i, n - i, &w);
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
    if (zc_clean_starts(s, "第") || zc_clean_starts(s, "共")) {
        for (int part = 0; part < 2 && i < n; part++) {
            if (!zc_clean_starts(s + i, "第") && !zc_clean_starts(s + i, "共"))
                return 0;
            i += 3;
            SKIP_DIGITS();
            if (!d || d > 4 || !zc_clean_starts(s + i, "页"))
                return 0;
            i += 3;
            while (i < n && (s[i] == ',' || s[i] == '/' || zc_clean_starts(s + i, "，") ||
                             zc_clean_starts(s + i, "／")))
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
            if (zc_clean_starts(s + i, dashes[k])) {
                i += strlen(dashes[k]);
                lead = moved = 1;
            }
    }
    SKIP_DIGITS();
    if (!d || d > 4)
        return 0;
    while (i < n) {
        int k;
        for (k = 0; dashes[k] && !zc_clean_starts(s + i, dashes[k]); k++)
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
        uint32_t c = zc_clean_cp_at(s + i, n - i, &m);
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
        if (is_sep(zc_clean_cp_at(buf + i, n - i, &w))) {
            i += w;
            continue;
        }
        size_t start = i;
        while (i < n && !is_sep(zc_clean_cp_at(buf + i, n - i, &w)))
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
        if ((wl == 6 && (zc_clean_starts(word, "字号") || zc_clean_starts(word, "字体")))) {
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

int zc_clean_is_size_word(const char *s, size_t len)
{
    return in_list(s, len, size_words);
}

int zc_clean_is_bare_key(const char *s, size_t len)
{
    size_t k = ends(s, len, "：") ? len - 3 : ends(s, len, ":") ? len - 1 : len;
    return k < len && (in_list(s, k, meta_keys) || ends(s, k, "编辑"));
}
