/* The index handle and the indexer's internal steps. */
#ifndef ZC_INDEXER_INTERNAL_H
#define ZC_INDEXER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

struct zc_index {
    char *path;
    zc_xdb *db;
    int writable;
    unsigned pending; /* documents added since the last commit */
    zc_report_fn report;
    void *report_ctx;
};

/* Commit after this many documents, so a killed run loses little. */
#define ZC_COMMIT_EVERY 1000

/* A file read and cleaned, ready to become a document. */
typedef struct zc_source {
    char *display_path; /* as the user named it */
    char *real_path;    /* absolute, symlinks resolved */
    char *text;         /* cleaned UTF-8 */
    size_t text_len;
    uint64_t size;
    int64_t mtime;
} zc_source;

void zc_source_free(zc_source *src);

/* Reads path (a regular file): checks it is text, decodes, cleans.
 * Errors name the file and the reason. */
int zc_idx_read_file(const char *path, zc_source *out, zc_error *err);

/* Cleans raw UTF-8 text in place: drops a BOM, zero-width characters and
 * NULs, turns CR LF and lone CR into LF. Returns the new length. */
size_t zc_clean_text(char *text, size_t len);

/* The first non-empty line of text, trimmed, at most max_chars characters
 * (malloc'd; "" if none). */
char *zc_idx_title(const char *text, size_t len, size_t max_chars);

/* A stable id for a source: hex of a 64-bit hash of its real path. */
void zc_idx_make_id(const char *real_path, char out[17]);

/* Builds the Xapian document for src. */
int zc_idx_build_doc(const zc_source *src, const char *id, zc_xdoc **out, zc_error *err);

/* Calls fn for each indexable file below path (or path itself), in sorted
 * order; directories reached twice (symlink loops) are not entered again.
 * fn returns nonzero to abort the walk with that code. Problems with single
 * entries go to skip(ctx, path, reason). */
typedef int (*zc_walk_fn)(void *ctx, const char *path);
typedef void (*zc_walk_skip_fn)(void *ctx, const char *path, const zc_error *why);
int zc_idx_walk(const char *path, zc_walk_fn fn, zc_walk_skip_fn skip, void *ctx,
                zc_error *err);

/* Whether a file name has an extension the indexer reads. */
int zc_idx_wanted(const char *name);

#endif
