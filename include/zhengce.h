/*
 * zhengce — full-text search for Chinese policy reports.
 *
 * The public C API. Every handle is opaque and released with its own
 * `_free` function. Functions that can fail return a zc_code (ZC_OK == 0)
 * and, when given a non-NULL zc_error, fill it with the code and a message
 * that names the file, index or query at fault and the reason.
 *
 * There is no global mutable state: two indexes can be open in one process.
 */
#ifndef ZHENGCE_H
#define ZHENGCE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZC_VERSION_STRING "0.1.0"

#if defined(__GNUC__)
#define ZC_API __attribute__((visibility("default")))
#else
#define ZC_API
#endif

typedef enum zc_code {
    ZC_OK = 0,
    ZC_ERR_NOMEM,     /* out of memory */
    ZC_ERR_IO,        /* reading or writing a file failed */
    ZC_ERR_NOT_FOUND, /* no such index, file or document */
    ZC_ERR_LOCKED,    /* the index is locked by another writer */
    ZC_ERR_CORRUPT,   /* the index or a compiled file is damaged */
    ZC_ERR_INVALID,   /* a bad argument */
    ZC_ERR_QUERY,     /* a malformed query */
    ZC_ERR_ENCODING,  /* text that cannot be decoded */
    ZC_ERR_NETWORK,   /* a remote index could not be reached */
    ZC_ERR_VERSION,   /* an index or file of an unsupported version */
    ZC_ERR_BACKEND    /* any other error reported by the index library */
} zc_code;

/* An error: the code and a message with its context. Plain storage, so it
 * can live on the stack; zc_error_clear() resets it. */
typedef struct zc_error {
    int code;
    char message[1024];
} zc_error;

ZC_API void zc_error_clear(zc_error *err);
ZC_API const char *zc_code_name(int code);
ZC_API const char *zc_version(void);

/* ------------------------------------------------------------------ index */

typedef struct zc_index zc_index;

enum zc_open_flags {
    ZC_OPEN_READ = 0,   /* searching only */
    ZC_OPEN_WRITE = 1,  /* indexing; takes the index lock */
    ZC_OPEN_CREATE = 2  /* with ZC_OPEN_WRITE: create the index if missing */
};

/* Opens the index in directory path. A missing index is ZC_ERR_NOT_FOUND
 * (unless ZC_OPEN_CREATE); a second writer gets ZC_ERR_LOCKED. */
ZC_API int zc_index_open(const char *path, int flags, zc_index **out, zc_error *err);
ZC_API void zc_index_free(zc_index *ix);

/* What happened to one file while indexing. */
typedef enum zc_event {
    ZC_EVENT_INDEXED = 0, /* added or replaced */
    ZC_EVENT_SKIPPED      /* not indexed; the error says why */
} zc_event;

typedef void (*zc_report_fn)(void *ctx, zc_event ev, const char *path, const zc_error *why);
/* Called for every file the indexer meets (may be NULL). */
ZC_API void zc_index_set_reporter(zc_index *ix, zc_report_fn fn, void *ctx);

typedef struct zc_index_stats {
    uint64_t indexed; /* files added or replaced */
    uint64_t skipped; /* files not indexed (bad encoding, binary, unreadable) */
    uint64_t bytes;   /* bytes of the files indexed */
} zc_index_stats;

/* Indexes a file, or every .txt/.md file below a directory (recursively).
 * Problems with single files are reported and counted, not returned; an
 * error is returned only when nothing more can be done (missing path,
 * index failure). Adds to *stats (which may be NULL). */
ZC_API int zc_index_add_path(zc_index *ix, const char *path, zc_index_stats *stats,
                             zc_error *err);
/* Makes everything indexed so far durable and visible to searches. */
ZC_API int zc_index_commit(zc_index *ix, zc_error *err);

typedef struct zc_index_info {
    uint64_t documents;
    uint64_t terms;      /* distinct terms */
    uint64_t size_bytes; /* on disk */
} zc_index_info;
ZC_API int zc_index_get_info(zc_index *ix, zc_index_info *out, zc_error *err);

/* ----------------------------------------------------------------- search */

typedef struct zc_search_options {
    unsigned limit;       /* hits to return (default 10) */
    unsigned offset;      /* hits to skip (default 0) */
    unsigned snippet_len; /* snippet length in characters (default 120) */
} zc_search_options;

ZC_API void zc_search_options_init(zc_search_options *opts);

typedef struct zc_results zc_results;

/* One hit. Strings are UTF-8 and owned by the results. highlights holds
 * n_highlights pairs [start, end) of character offsets into snippet. */
typedef struct zc_hit {
    unsigned rank; /* 1-based, counting from the first result overall */
    const char *id;
    const char *path;
    const char *title;
    const char *region; /* "" when unknown */
    int year;           /* 0 when unknown */
    double score;
    const char *snippet;
    const size_t *highlights;
    size_t n_highlights;
} zc_hit;

/* Runs query (the query language of docs/query.md). A malformed query is
 * ZC_ERR_QUERY with a message pointing at the problem. */
ZC_API int zc_search(zc_index *ix, const char *query, const zc_search_options *opts,
                     zc_results **out, zc_error *err);
ZC_API uint64_t zc_results_total(const zc_results *r);
ZC_API size_t zc_results_count(const zc_results *r);
ZC_API const zc_hit *zc_results_hit(const zc_results *r, size_t i);
ZC_API double zc_results_took_ms(const zc_results *r);
ZC_API void zc_results_free(zc_results *r);

/* The results as one JSON object (docs/cli.md, `search --json`), malloc'd,
 * UTF-8, without a trailing newline. */
ZC_API int zc_results_json(const zc_results *r, char **out, zc_error *err);

#ifdef __cplusplus
}
#endif
#endif
