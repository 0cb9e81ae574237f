/* Whether a document speaks for the whole country: who delivers or issues
 * it (docs/indexing.md). Mentions of provinces, Hong Kong or Taiwan never
 * count here. */
#include <string.h>

#include "meta.h"

#include "common/utf8.h"

/* Who speaks, in the first lines: the State Council, the central
 * government, the Party centre. */
static const char *const national_speakers[] = {
    "我代表国务院",       "代表国务院向大会", "我代表中央人民政府",
    "代表中央人民政府向", "代表中央委员会",   "届中央委员会委托",
    "届中央委员会向",     "届中央委员会，向", NULL};

/* Issuers whose name opens a national document's title, or stands alone
 * on its issuer or signature line. */
static const char *const national_issuers[] = {"国务院",
                                               "中共中央",
                                               "中华人民共和国",
                                               "全国人民代表大会",
                                               "全国人大",
                                               "最高人民法院",
                                               "最高人民检察院",
                                               "中央军委",
                                               "中国人民银行",
                                               "国家发展改革委",
                                               "国家发展和改革委员会",
                                               "财政部",
                                               "教育部",
                                               "科技部",
                                               "工业和信息化部",
                                               "民政部",
                                               "司法部",
                                               "人力资源社会保障部",
                                               "自然资源部",
                                               "生态环境部",
                                               "住房城乡建设部",
                                               "交通运输部",
                                               "水利部",
                                               "农业农村部",
                                               "商务部",
                                               "文化和旅游部",
                                               "国家卫生健康委",
                                               "应急管理部",
                                               "审计署",
                                               "海关总署",
                                               "国家市场监督管理总局",
                                               "国家统计局",
                                               "中国银保监会",
                                               "中国证监会",
                                               "国家金融监督管理总局",
                                               "公安部",
                                               "外交部",
                                               "国防部",
                                               "退役军人事务部",
                                               "国家税务总局",
                                               NULL};

static int starts(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    return n >= l && memcmp(s, w, l) == 0;
}

/* Whether a line names a national issuer as the whole line (a signature,
 * an issuer line: "国务院", "中共中央 国务院", "国务院办公厅") or opens
 * with one and what it issues ("国务院关于…的意见", "财政部令"). */
static int national_line(const char *s, size_t n)
{
    for (size_t k = 0; national_issuers[k]; k++) {
        size_t l = strlen(national_issuers[k]);
        if (!starts(s, n, national_issuers[k]))
            continue;
        const char *r = s + l;
        size_t rn = n - l;
        /* the name alone, with 办公厅 or a second national issuer */
        if (rn == 0 || (rn <= 12 && (starts(r, rn, "办公厅") || starts(r, rn, " ") ||
                                     starts(r, rn, "、") || starts(r, rn, "令"))))
            return 1;
        if (starts(r, rn, "关于") || starts(r, rn, "办公厅关于") || starts(r, rn, "印发"))
            return 1;
        /* 中华人民共和国…法: a national law */
        if (k == 2 && n >= 3 && (memcmp(s + n - 3, "法", 3) == 0 || zc_meta_has(s, n, "条例")))
            return 1;
    }
    /* A State Council or Party centre document number in its header. */
    return zc_meta_has(s, n, "国发〔") || zc_meta_has(s, n, "国办发〔") ||
           zc_meta_has(s, n, "国函〔") || zc_meta_has(s, n, "中发〔") ||
           zc_meta_has(s, n, "国发[") || zc_meta_has(s, n, "国办发[");
}

/* Whether a line opens, after dashes, brackets, a date and 在, with a
 * national congress: "中国共产党第N次全国代表大会", "第N届全国人民代表大会". */
static int opens_with_congress(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n) {
        unsigned char c = (unsigned char)s[k];
        if (c == ' ' || c == '(' || c == '-' || (c >= '0' && c <= '9')) {
            k++;
        } else if (starts(s + k, n - k, "—") || starts(s + k, n - k, "（") ||
                   starts(s + k, n - k, "年") || starts(s + k, n - k, "月") ||
                   starts(s + k, n - k, "日")) {
            k += 3;
        } else {
            break;
        }
    }
    if (starts(s + k, n - k, "在"))
        k += 3;
    const char *r = s + k;
    size_t rn = n - k;
    size_t head = rn < 60 ? rn : 60;
    if (starts(r, rn, "中国共产党第") && zc_meta_has(r, head, "次全国代表大会"))
        return 1;
    return starts(r, rn, "第") && zc_meta_has(r, head, "届全国人民代表大会");
}

/* A statistics bulletin of the whole country: a 统计公报 whose title names
 * no place (a province's, city's or county's always does:
 * "2023年周口市国民经济和社会发展统计公报") and whose opening counts the
 * country (全国…), not a province, city, county or district (全省, 全市,
 * 全县, 全区…): "2021年民政事业发展统计公报", "截至2021年底，全国民政部门…". */
static int national_bulletin(const char *text, size_t len, const char *title)
{
    static const char *const places[] = {"省", "市", "县", "区", "州", "盟", "旗", NULL};
    static const char *const local[] = {"全省", "全市", "全县", "全区", "全州",
                                        "全盟", "全旗", "本省", "本市", NULL};
    if (!title || !strstr(title, "统计公报"))
        return 0;
    size_t tl = strlen(title);
    for (size_t k = 0; places[k]; k++)
        if (zc_meta_has(title, tl, places[k]))
            return 0;
    /* the opening: its first ten lines, at most 3,000 bytes */
    size_t head = 0;
    for (int line = 0; head < len && head < 3000 && line < 10; line++) {
        const char *nl = memchr(text + head, '\n', len - head);
        head = nl ? (size_t)(nl - text) + 1 : len;
    }
    if (head > 3000)
        head = 3000;
    while (head > 0 && head < len && ((unsigned char)text[head] & 0xC0) == 0x80)
        head--; /* not inside a character */
    if (!zc_meta_has(text, head, "全国"))
        return 0;
    for (size_t k = 0; local[k]; k++)
        if (zc_meta_has(text, head, local[k]))
            return 0;
    return 1;
}

int zc_meta_national(const char *text, size_t len, const char *title)
{
    if (title && *title && national_line(title, strlen(title)))
        return 1;
    if (title && (zc_meta_has(title, strlen(title), "次全国代表大会") ||
                  zc_meta_has(title, strlen(title), "届全国人民代表大会")))
        return 1;
    /* (七大), (十九大): a congress of the Party */
    if (title) {
        const char *p = strstr(title, "大)");
        const char *q = strstr(title, "大）");
        if ((p && strchr(title, '(')) || (q && strstr(title, "（")))
            return 1;
    }
    size_t i = 0;
    for (int line = 0; i < len && line < 30; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + i;
        size_t n = end - i;
        if (n <= 240 && national_line(s, n))
            return 1;
        for (size_t k = 0; national_speakers[k]; k++)
            if (zc_meta_has(s, n, national_speakers[k]))
                return 1;
        /* "——2024年3月5日在第十四届全国人民代表大会第二次会议上",
         * "中国共产党第九次全国代表大会，…": the line opens with the
         * national congress it is given at. */
        if (n <= 600 && opens_with_congress(s, n))
            return 1;
        i = end + 1;
    }
    if (national_bulletin(text, len, title))
        return 1;
    /* The signature: an issuer alone on one of the last lines. */
    size_t e = len;
    for (int line = 0; e > 0 && line < 8; line++) {
        size_t a = e;
        while (a > 0 && text[a - 1] != '\n')
            a--;
        if (e - a <= 60 && national_line(text + a, e - a))
            return 1;
        e = a ? a - 1 : 0;
    }
    return 0;
}

int zc_meta_region_of_issuer(const zc_dict *d, const char *issuer)
{
    if (!issuer)
        return -1;
    /* The longest leading name of a region, at least two characters;
     * a name several regions share (朝阳区) decides nothing. */
    size_t n = strlen(issuer);
    for (size_t end = n; end > 0; end--) {
        if (((unsigned char)issuer[end] & 0xC0) == 0x80 && end < n)
            continue; /* inside a character */
        if (zc_utf8_count(issuer, end) < 2)
            break;
        uint32_t found[2];
        size_t k = zc_dict_region_find(d, issuer, end, found, 2);
        if (k == 1)
            return (int)found[0];
        if (k > 1)
            return -1;
    }
    return -1;
}
