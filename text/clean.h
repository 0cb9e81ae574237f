/* Cleaning decoded report text of the layout artefacts of PDF and web
 * extraction, before it is normalized, segmented and stored.
 *
 * The output is one paragraph (or heading, caption, list item) per line,
 * lines separated by a single "\n", no blank lines, no trailing newline.
 * The searcher never matches across a line break, so every line break left
 * is a real paragraph boundary. The rules are in docs/cleaning.md. */
#ifndef ZC_TEXT_CLEAN_H
#define ZC_TEXT_CLEAN_H

#include <stddef.h>

#include "common/buf.h"
#include "zhengce.h"

/* Appends the cleaned form of in[0..len) (valid UTF-8) to out. Cleaning is
 * idempotent: cleaning cleaned text changes nothing. Errors: ZC_ERR_ENCODING
 * for invalid UTF-8 (with the byte offset), ZC_ERR_NOMEM; out is left as it
 * was on error. Linear time. */
int zc_clean(const char *in, size_t len, zc_buf *out, zc_error *err);

/* Applies the cleaner's rule for blanks to a query phrase, in place: a run
 * of blanks stays (as one space) only between two non-CJK characters, so a
 * phrase typed with a blank the cleaned text cannot have ("江西新余 做优")
 * still finds it. s is valid UTF-8; *len is updated. */
void zc_clean_blanks(char *s, size_t *len);

/* Whether a line is a photo caption or credit, e.g. "新余城区鸟瞰图 郭锋杰摄",
 * "（新华社记者 张三 摄）", "本报记者 韩卿立 摄": such lines stay in the text
 * but are poor titles. Works on raw or cleaned lines. */
int zc_clean_is_caption(const char *line, size_t len);

/* What zc_clean_is_boilerplate() returns. */
enum zc_boilerplate {
    ZC_BOILER_NONE = 0,
    /* web page furniture that is removed only before the first or after the
     * last paragraph of body text: 下载, 打印, 收藏, 分享到, 来源：…,
     * 责任编辑：…, 首页, a lone date and time … */
    ZC_BOILER_EDGE = 1,
    /* never text wherever it is: page numbers ("- 12 -", "第 3 页"),
     * 打印本页, 关闭窗口, 【字号：大 中 小】, 扫一扫在手机打开当前页 … */
    ZC_BOILER_ANY = 2
};

/* Classifies one whole line (raw or cleaned); only lines that are entirely
 * boilerplate are recognised. */
int zc_clean_is_boilerplate(const char *line, size_t len);

#endif
