/* A report's metadata from its text: title, year, years discussed and the
 * region it is about (docs/indexing.md explains the rules). */
#ifndef ZC_INDEXER_META_H
#define ZC_INDEXER_META_H

#include <stddef.h>
#include <string.h>

#include "dict/dict.h"

/* The title line among the first lines before the body (malloc'd; ""
 * when there is none): the first that ends with a kind's word (意见, 通知,
 * 政府工作报告 …), else the first that is not boilerplate, a caption, a
 * section heading ("一、…"), a subtitle ("——…"), a sentence, nor shorter
 * than 4 or longer than 80 characters; a title cut before its last
 * characters is joined again, a main title on two lines before its
 * subtitle is one. max_chars is unused. */
char *zc_meta_title(const char *text, size_t len, size_t max_chars);

/* Whether w occurs in s[0..n) (short texts: lines and titles). Inline: the
 * rules of every metadata file use it. */
static inline int zc_meta_has(const char *s, size_t n, const char *w)
{
    /* not a loop on the first byte: a Han character's first byte is one
     * of a few, so in Chinese text it matches every few bytes */
    return memmem(s, n, w, strlen(w)) != NULL;
}

/* Years (1949..2100) the text writes as "2025年", each once, ascending, at
 * most max of them in years[]; *n receives how many. Returns the report's
 * year by the text's evidence (a dated header "——2024年3月5日在…", else
 * "2025年是…之年", else the most discussed year, the later on a tie), or 0. */
int zc_meta_years(const char *text, size_t len, int *years, size_t max, size_t *n);

/* The year of the four digits (ASCII, "2024", also spaced "2 0 2 4", or
 * Chinese, "一九八六", "二〇二五", "二○二五", "二零二五") ending just before
 * s[at], 1900..2100, or 0; *start (may be NULL) receives where they
 * begin. */
int zc_meta_year_before(const char *s, size_t at, size_t *start);

/* The year (0: none) a document is from by the evidence of its text
 * (indexer/meta_year.c, docs/indexing.md), with its month and day where
 * the evidence gives them (0 otherwise): in this order, a dated line near
 * the top ("——2024年3月5日在…", "（2017年10月18日）", "成文日期：…"), a
 * signature's date alone on one of the last lines, the year in a work
 * report's title, the congress or NPC session the report is given at, the
 * year a report reviews plus one ("一、2024年工作回顾": 2025). Licence
 * footers are gone before (text/boilerplate.c). */
int zc_meta_dated(const char *text, size_t len, const char *title, int *month, int *day);

/* The kind of a document (政府工作报告, 意见, 通知, 决定, 规划, 办法, 规定,
 * 条例, 方案, 公报, 公告, 批复, 讲话, 报告 …) by the word its title ends
 * with (a bracketed note after it aside), or NULL (indexer/meta_title.c). */
const char *zc_meta_type_of_title(const char *title);
/* The same, else by the first lines ("我代表国务院，向大会报告政府工作",
 * "——在…上的报告"), or NULL. */
const char *zc_meta_type(const char *text, size_t len, const char *title);
/* Whether a line is a section heading ("一、…", "（二）…", "3.…",
 * "第一章…", "第二部分…"): never a title. */
int zc_meta_is_heading(const char *s, size_t n);

/* The issuing body (发文机关) where the text states it (malloc'd, or
 * NULL; indexer/meta_issuer.c): the name before 关于 in the title
 * ("国务院办公厅关于…"), a red header "…文件", or the name alone above the
 * signature's date. */
char *zc_meta_issuer(const char *text, size_t len, const char *title);
/* The document number (发文字号) on one of the first lines, written
 * "国发〔2025〕3号" whatever its brackets (malloc'd, or NULL). */
char *zc_meta_docno(const char *text, size_t len);

/* The key a report sorts by in time, "YYYYMMDD" (8 bytes and a NUL in
 * out): the date as its source gives it when it reads as one ("2026-02-02",
 * "2026/2/2", "2026.02", "2026年2月2日", "20260202", a time after it),
 * an unknown month or day as 00; else the year, as "YYYY0000"; else ""
 * (no date, no year). Returns the key's length, 8 or 0. */
size_t zc_meta_date_key(const char *date, int year, char out[9]);

/* A place named in the text: the name as written (pointing into the text). */
typedef struct zc_mention {
    const char *s;
    size_t len;
} zc_mention;

/* The region a report is about, as a gazetteer index, or -1: the title's
 * mentions, "<region>人民政府", "<region>省长/市长…", and mention counts
 * decide, descending from province to city to county while the text is
 * clearly about the lower level. */
int zc_meta_region(const zc_dict *d, const zc_mention *m, size_t n, const char *title);

/* Whether the document speaks for the whole country, by who delivers or
 * issues it (indexer/meta_region.c): a national issuer opening the title
 * or an issuer line or signing it ("国务院关于…的意见", "国务院办公厅",
 * "财政部令", a 国发〔…〕 number), the speaker of the first lines
 * ("我代表国务院", "代表第十九届中央委员会"), the national congress or NPC
 * session it is given at. Mentions of places never count. */
int zc_meta_national(const char *text, size_t len, const char *title);
/* The region an issuer (发文机关) names at its start ("浙江省人民政府办公厅":
 * 浙江省), when exactly one region has that name; else -1. */
int zc_meta_region_of_issuer(const zc_dict *d, const char *issuer);

/* What zc_meta_region_named returns for "全国" (also "中国", "national",
 * "100000"): the whole country, no gazetteer entry. */
#define ZC_META_NATIONAL (-2)

/* A region given by name ("新余", "江西省/新余市", "360500"), or -1. */
int zc_meta_region_named(const zc_dict *d, const char *name);

/* "江西省/新余市" for region i (malloc'd), and the codes of it and its
 * ancestors, province first (codes[] has room for 3); returns their count. */
char *zc_meta_region_path(const zc_dict *d, int i);
size_t zc_meta_region_codes(const zc_dict *d, int i, const char *codes[3]);

#endif
