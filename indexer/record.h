/* Records: what a source file yields — one report per text/HTML file, one
 * per row of a CSV or JSONL collection — before analysis. */
#ifndef ZC_INDEXER_RECORD_H
#define ZC_INDEXER_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "zhengce.h"

typedef enum zc_kind {
    ZC_KIND_NONE = 0,
    ZC_KIND_TEXT,     /* .txt */
    ZC_KIND_MARKDOWN, /* .md, .markdown */
    ZC_KIND_HTML,     /* .html, .htm */
    ZC_KIND_CSV,      /* .csv: one report per row */
    ZC_KIND_JSONL,    /* .jsonl, .ndjson: one report per line */
    /* .pdf .docx .doc .wps .xlsx .xls .et .ofd: a document format, which the
     * content decides (extract/extract.h); a workbook is a collection */
    ZC_KIND_DOCUMENT
} zc_kind;

/* The kind of a file from its name (ZC_KIND_NONE: not indexed). */
zc_kind zc_kind_of(const char *name);

/* A file found by the walk, with what the incremental check needs. */
typedef struct zc_file {
    char *path; /* as named (directory argument joined with entries) */
    /* The key: the real path of the argument it was found under (links in
     * it resolved), then the names walked; a link followed below the
     * argument is not resolved, so the key is the path through it. */
    char *real_path;
    zc_kind kind;
    uint64_t size;
    int64_t mtime_ns;
} zc_file;

void zc_file_clear(zc_file *f);

typedef struct zc_record {
    char *key;     /* unique: the real path, or real path + "#" + row */
    char *display; /* path as named, + "#" + row for collections */
    char *text;    /* decoded UTF-8, not yet cleaned */
    size_t text_len;
    int text_lent; /* text is the caller's: zc_analyze leaves it alone */
    int markup;    /* text is HTML (1) or Markdown (2) to be converted */
    /* Metadata given by the source (NULL / 0 when absent). */
    char *title;
    char *region;
    char *date;
    int year;
    /* The file name's date (20240519.md), with year: weaker than the
     * text's own, which the metadata stage prefers. */
    int name_month, name_day;
    char *issuer; /* an issuer column (发文机关) */
    /* Weak evidence from a document file's own metadata (PDF, DOCX, OFD
     * properties), left for the metadata stage to weigh. */
    char *hint_title;
    char *hint_date;
} zc_record;

void zc_record_free(zc_record *r);

/* Reads the records of a file. fn takes ownership of each record and
 * returns nonzero to stop (its code is returned). A file that cannot be
 * read or decoded is ZC_ERR_IO / ZC_ERR_ENCODING with the file name and
 * the byte offset where that applies; one gone is ZC_ERR_NOT_FOUND, one
 * over max_bytes ZC_ERR_INVALID (nothing of it read), one that does not
 * fit in memory ZC_ERR_NOMEM (before any record). *stamp receives
 * "size:mtime:hash" of the bytes read (malloc'd). encoding: NULL to
 * detect. */
typedef int (*zc_record_fn)(void *ctx, zc_record *rec);

/* The hash part of a stamp: XXH3-64 of the bytes, 16 hex digits. It tells
 * a changed file from a touched one, which needs no cryptographic hash:
 * SHA-1 cost 1.5% of indexing, XXH3 a twentieth of that. */
#define ZC_SRC_HASH_LEN 16
void zc_src_hash(const char *data, size_t len, char out[ZC_SRC_HASH_LEN + 1]);

int zc_src_read(const zc_file *f, const zc_index_options *o, zc_record_fn fn, void *ctx,
                char **stamp, zc_error *err);

/* The records of a file in a document format (detected as fmt; raw the
 * whole file): one for a text document, a workbook's as a collection's
 * (indexer/workbook.c). Errors name the file. */
int zc_src_document(const zc_file *f, int fmt, const char *raw, size_t len,
                    const zc_index_options *o, zc_record_fn fn, void *ctx, zc_error *err);

/* The size limit of a run (o->max_file_bytes, or its default). */
uint64_t zc_src_max_bytes(const zc_index_options *o);
/* ZC_ERR_INVALID: "F: file too large (N MB > limit M MB; --max-file-mb
 * raises it)". */
int zc_src_too_large(const char *path, uint64_t size, uint64_t limit, zc_error *err);

/* Rows of a CSV or JSONL collection (decoded UTF-8 text). text_column:
 * a column name that holds the text besides the usual ones (NULL: none). */
int zc_src_csv(const zc_file *f, const char *text, size_t len, const char *text_column,
               zc_record_fn fn, void *ctx, zc_error *err);
int zc_src_jsonl(const zc_file *f, const char *text, size_t len, const char *text_column,
                 zc_record_fn fn, void *ctx, zc_error *err);

/* The columns of collections recognised by name (docs/indexing.md). */
enum {
    ZC_COL_NONE = 0,
    ZC_COL_TITLE,
    ZC_COL_TEXT,
    ZC_COL_REGION,
    ZC_COL_YEAR,
    ZC_COL_DATE,
    ZC_COL_ISSUER,
    ZC_NCOLS
};
/* The column a header names: compared without case, blanks, '_' and '-'
 * ("Policy Content" = "policy_content"); text_column as ZC_COL_TEXT. */
int zc_src_column(const char *name, const char *text_column);
/* Hands over the record of one row (vals[col], NULL when absent; the text
 * is taken, the others copied); row is what follows '#' in its key. A row
 * without text is no report (ZC_OK, nothing handed over). */
int zc_src_emit(const zc_file *f, const char *row, char *vals[ZC_NCOLS], zc_record_fn fn, void *ctx,
                zc_error *err);

/* Metadata from a file name such as 2026_上海市_政府工作报告.txt or
 * 20240519.md into r: the year (0 if none), the month and day when the
 * name is a date (name_month, name_day), and a region-like part (region,
 * malloc'd, or NULL), left to the gazetteer to confirm. */
void zc_src_name_meta(const char *path, zc_record *r);

#endif
