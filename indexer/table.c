/* Collections: CSV and JSONL files whose rows are reports. Columns (or
 * fields) are recognised by name; see docs/indexing.md. */
#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/err.h"
#include "record.h"

/* Header names, compared as zc_src_column says. */
static const struct {
    const char *name;
    int col;
} names[] = {
    {"title", ZC_COL_TITLE},        {"标题", ZC_COL_TITLE},
    {"policytitle", ZC_COL_TITLE},  {"名称", ZC_COL_TITLE},
    {"文件名称", ZC_COL_TITLE},     {"政策名称", ZC_COL_TITLE},
    {"文件标题", ZC_COL_TITLE},     {"题名", ZC_COL_TITLE},
    {"fulltext", ZC_COL_TEXT},      {"content", ZC_COL_TEXT},
    {"text", ZC_COL_TEXT},          {"body", ZC_COL_TEXT},
    {"policycontent", ZC_COL_TEXT}, {"policytext", ZC_COL_TEXT},
    {"正文", ZC_COL_TEXT},          {"内容", ZC_COL_TEXT},
    {"全文", ZC_COL_TEXT},          {"正文内容", ZC_COL_TEXT},
    {"政策内容", ZC_COL_TEXT},      {"政策原文", ZC_COL_TEXT},
    {"region", ZC_COL_REGION},      {"province", ZC_COL_REGION},
    {"city", ZC_COL_REGION},        {"地区", ZC_COL_REGION},
    {"省份", ZC_COL_REGION},        {"区域", ZC_COL_REGION},
    {"地域", ZC_COL_REGION},        {"所属地区", ZC_COL_REGION},
    {"行政区划", ZC_COL_REGION},    {"year", ZC_COL_YEAR},
    {"年份", ZC_COL_YEAR},          {"年度", ZC_COL_YEAR},
    {"publishdate", ZC_COL_DATE},   {"pubdate", ZC_COL_DATE},
    {"date", ZC_COL_DATE},          {"发布日期", ZC_COL_DATE},
    {"releasedate", ZC_COL_DATE},   {"issuedate", ZC_COL_DATE},
    {"dateissued", ZC_COL_DATE},    {"publicationdate", ZC_COL_DATE},
    {"policydate", ZC_COL_DATE},    {"发布时间", ZC_COL_DATE},
    {"发文日期", ZC_COL_DATE},      {"成文日期", ZC_COL_DATE},
    {"印发日期", ZC_COL_DATE},      {"日期", ZC_COL_DATE},
    {"issuer", ZC_COL_ISSUER},      {"issuingauthority", ZC_COL_ISSUER},
    {"authority", ZC_COL_ISSUER},   {"issuingagency", ZC_COL_ISSUER},
    {"agency", ZC_COL_ISSUER},      {"department", ZC_COL_ISSUER},
    {"issuedby", ZC_COL_ISSUER},    {"发文机关", ZC_COL_ISSUER},
    {"发布机关", ZC_COL_ISSUER},    {"发布机构", ZC_COL_ISSUER},
    {"发文单位", ZC_COL_ISSUER},    {"发文机构", ZC_COL_ISSUER},
    {"制定机关", ZC_COL_ISSUER},    {"发布单位", ZC_COL_ISSUER},
    {"发文部门", ZC_COL_ISSUER},    {"发布部门", ZC_COL_ISSUER},
    {"颁布机关", ZC_COL_ISSUER},    {"政策标题", ZC_COL_TITLE},
    {"文件名", ZC_COL_TITLE},       {"公文标题", ZC_COL_TITLE},
    {"政策全文", ZC_COL_TEXT},      {"文件内容", ZC_COL_TEXT},
    {"详细内容", ZC_COL_TEXT},      {"原文", ZC_COL_TEXT},
    {"颁布日期", ZC_COL_DATE},      {"publishtime", ZC_COL_DATE},
    {"releasetime", ZC_COL_DATE},   {"所在地区", ZC_COL_REGION},
    {"城市", ZC_COL_REGION},
};

/* name without blanks, '_' and '-', ASCII lowercased, into k (size n). */
static void header_key(const char *name, char *k, size_t n)
{
    size_t m = 0;
    for (const char *p = name; *p && m + 1 < n; p++) {
        char c = *p;
        if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\r' || c == '\n')
            continue;
        k[m++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    k[m] = '\0';
}

int zc_src_column(const char *name, const char *text_column)
{
    char k[128], want[128];
    header_key(name, k, sizeof k);
    if (text_column && *text_column) {
        header_key(text_column, want, sizeof want);
        if (strcmp(k, want) == 0)
            return ZC_COL_TEXT;
    }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(k, names[i].name) == 0)
            return names[i].col;
    return ZC_COL_NONE;
}

/* A year from a year column or the start of a date ("2026-02-05"). */
static int parse_year(const char *s)
{
    while (*s == ' ')
        s++;
    int y = 0, n = 0;
    while (n < 4 && s[n] >= '0' && s[n] <= '9')
        y = y * 10 + (s[n++] - '0');
    if (n != 4 || (s[4] >= '0' && s[4] <= '9'))
        return 0;
    return y >= 1949 && y <= 2100 ? y : 0;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

int zc_src_emit(const zc_file *f, const char *row, char *vals[ZC_NCOLS], zc_record_fn fn, void *ctx,
                zc_error *err)
{
    if (!vals[ZC_COL_TEXT] || !vals[ZC_COL_TEXT][0])
        return ZC_OK; /* a row without text is no report */
    zc_record *r = calloc(1, sizeof *r);
    zc_buf key = ZC_BUF_INIT, disp = ZC_BUF_INIT;
    if (!r || zc_buf_printf(&key, "%s#%s", f->real_path, row) ||
        zc_buf_printf(&disp, "%s#%s", f->path, row)) {
        free(r);
        zc_buf_free(&key);
        zc_buf_free(&disp);
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
    }
    r->key = zc_buf_detach(&key);
    r->display = zc_buf_detach(&disp);
    r->text = vals[ZC_COL_TEXT];
    r->text_len = strlen(r->text);
    vals[ZC_COL_TEXT] = NULL;
    r->title = dup_or_null(vals[ZC_COL_TITLE]);
    r->region = dup_or_null(vals[ZC_COL_REGION]);
    r->date = dup_or_null(vals[ZC_COL_DATE]);
    r->issuer = dup_or_null(vals[ZC_COL_ISSUER]);
    r->year = vals[ZC_COL_YEAR] ? parse_year(vals[ZC_COL_YEAR]) : 0;
    if (!r->year && vals[ZC_COL_DATE])
        r->year = parse_year(vals[ZC_COL_DATE]);
    return fn(ctx, r);
}

static int emit(const zc_file *f, unsigned long row, char *vals[ZC_NCOLS], zc_record_fn fn,
                void *ctx, zc_error *err)
{
    char id[24];
    snprintf(id, sizeof id, "%lu", row);
    return zc_src_emit(f, id, vals, fn, ctx, err);
}

/* ------------------------------------------------------------------ CSV */

typedef struct csv_state {
    const zc_file *f;
    zc_record_fn fn;
    void *ctx;
    zc_error *err;
    const char *text_column;
    int rc;
    unsigned long row; /* 0 while reading the header */
    size_t field;      /* index of the field within the row */
    int *cols;         /* column kind of each header field */
    size_t ncols;
    char *vals[ZC_NCOLS];
} csv_state;

static void csv_field(void *data, size_t len, void *p)
{
    csv_state *s = p;
    if (s->rc)
        return;
    size_t i = s->field++;
    if (s->row == 0) {
        int *c = realloc(s->cols, (s->ncols + 1) * sizeof *c);
        char *name = strndup(data ? data : "", len);
        if (!c || !name) {
            free(name);
            if (c)
                s->cols = c;
            s->rc = zc_err_set(s->err, ZC_ERR_NOMEM, "%s: out of memory", s->f->path);
            return;
        }
        s->cols = c;
        s->cols[s->ncols++] = zc_src_column(name, s->text_column);
        free(name);
        return;
    }
    if (i >= s->ncols || s->cols[i] == ZC_COL_NONE || s->vals[s->cols[i]])
        return;
    if (!(s->vals[s->cols[i]] = strndup(data ? data : "", len)))
        s->rc = zc_err_set(s->err, ZC_ERR_NOMEM, "%s: out of memory", s->f->path);
}

static void csv_row(int c, void *p)
{
    (void)c;
    csv_state *s = p;
    if (s->rc == ZC_OK && s->row > 0)
        s->rc = emit(s->f, s->row, s->vals, s->fn, s->ctx, s->err);
    if (s->row == 0 && s->rc == ZC_OK) {
        int has_text = 0;
        for (size_t i = 0; i < s->ncols; i++)
            has_text |= s->cols[i] == ZC_COL_TEXT;
        if (!has_text)
            s->rc = zc_err_set(s->err, ZC_ERR_INVALID,
                               "%s: no text column in the header (expected full_text, content, "
                               "text, body, 正文... or the --text-column given)",
                               s->f->path);
    }
    for (int k = 0; k < ZC_NCOLS; k++) {
        free(s->vals[k]);
        s->vals[k] = NULL;
    }
    s->row++;
    s->field = 0;
}

int zc_src_csv(const zc_file *f, const char *text, size_t len, const char *text_column,
               zc_record_fn fn, void *ctx, zc_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
    csv_state s = {f, fn, ctx, err, text_column, ZC_OK, 0, 0, NULL, 0, {0}};
    if (csv_parse(&p, text, len, csv_field, csv_row, &s) != len && s.rc == ZC_OK)
        s.rc = zc_err_set(err, ZC_ERR_INVALID, "%s: malformed CSV: %s", f->path,
                          csv_strerror(csv_error(&p)));
    if (s.rc == ZC_OK)
        csv_fini(&p, csv_field, csv_row, &s);
    csv_free(&p);
    for (int k = 0; k < ZC_NCOLS; k++)
        free(s.vals[k]);
    free(s.cols);
    if (s.rc == ZC_OK && s.row == 0)
        s.rc = zc_err_set(err, ZC_ERR_INVALID, "%s: empty CSV (no header)", f->path);
    return s.rc;
}

/* ---------------------------------------------------------------- JSONL */

int zc_src_jsonl(const zc_file *f, const char *text, size_t len, const char *text_column,
                 zc_record_fn fn, void *ctx, zc_error *err)
{
    unsigned long line = 0, bad_line = 0;
    char bad_msg[200] = "";
    size_t i = 0;
    int rc = ZC_OK;
    while (rc == ZC_OK && i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        size_t a = i;
        while (a < end && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
            a++;
        if (a < end) {
            json_error_t jerr;
            json_t *o = json_loadb(text + a, end - a, 0, &jerr);
            if (!json_is_object(o)) {
                /* Keep the good rows; report the first bad one at the end. */
                if (!bad_line) {
                    bad_line = line;
                    snprintf(bad_msg, sizeof bad_msg, "%s", o ? "not a JSON object" : jerr.text);
                }
            } else {
                char *vals[ZC_NCOLS] = {0};
                const char *k;
                json_t *v;
                json_object_foreach(o, k, v)
                {
                    int col = zc_src_column(k, text_column);
                    if (col == ZC_COL_NONE || vals[col])
                        continue;
                    if (json_is_string(v))
                        vals[col] = strdup(json_string_value(v));
                    else if (json_is_integer(v)) {
                        char num[32];
                        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
                        vals[col] = strdup(num);
                    }
                }
                rc = emit(f, line, vals, fn, ctx, err);
                for (int c = 0; c < ZC_NCOLS; c++)
                    free(vals[c]);
            }
            json_decref(o);
        }
        i = end + 1;
    }
    if (rc == ZC_OK && bad_line)
        rc = zc_err_set(err, ZC_ERR_INVALID, "%s: line %lu: invalid JSON (%s); other lines indexed",
                        f->path, bad_line, bad_msg);
    return rc;
}
