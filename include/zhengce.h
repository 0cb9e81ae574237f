/*
 * zhengce — full-text search for Chinese policy reports.
 *
 * The public C API. Every handle is opaque and released with its own
 * `_free` function. Functions that can fail return a zc_code (ZC_OK == 0)
 * and, when given a non-NULL zc_error, fill it with the code and a message
 * that names the file, index or query at fault and the reason.
 *
 * There is no global mutable state: two indexes can be open in one process.
 *
 * Threads (docs/api.md):
 *   - An index opened read-only (ZC_OPEN_READ, zc_index_open_shards,
 *     zc_index_open_remote) may be shared by any number of threads calling
 *     zc_search and zc_index_get_info at once: each concurrent search runs
 *     on a database connection of its own, taken from a pool in the handle
 *     (opened on demand, reused, closed by zc_index_free).
 *   - An index opened for writing is used by one thread at a time (any
 *     function, zc_search included); zc_index_update runs its own workers.
 *   - A zc_results, a zc_segmenter: one thread at a time.
 *   - zc_index_free and zc_segmenter_free only when no other thread is
 *     using the handle. Using a handle after it was freed, or a NULL handle
 *     where one is required, is undefined.
 *
 * The compiled dictionary (share/zhengce/zhengce.dict) is found at
 * $ZHENGCE_DICT, else beside the library (<prefix>/lib/../share/zhengce/),
 * else in the build tree it was built in, else under the configured
 * install prefix. ZHENGCE_DICT is the only environment variable the
 * library reads: everything else is given in options.
 */
#ifndef ZHENGCE_H
#define ZHENGCE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZC_VERSION_MAJOR 1
#define ZC_VERSION_MINOR 0
#define ZC_VERSION_PATCH 0
#define ZC_VERSION "1.0.0"
#define ZC_VERSION_STRING ZC_VERSION

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
    ZC_ERR_BACKEND,   /* any other error reported by the index library */
    ZC_ERR_MODIFIED   /* the index kept changing while it was read: try again */
} zc_code;

/* An error: the code and a message with its context. Plain storage, so it
 * can live on the stack; zc_error_clear() resets it. A message too long for
 * it (deep paths) loses its middle, marked "…" and cut between UTF-8
 * characters, so the file's own name and the cause stay. */
typedef struct zc_error {
    int code;
    char message[1024];
} zc_error;

ZC_API void zc_error_clear(zc_error *err);
/* A short name of a code: "not found" for ZC_ERR_NOT_FOUND, ... */
ZC_API const char *zc_code_name(int code);
/* The library's version, "1.0.0" (ZC_VERSION is the header's). */
ZC_API const char *zc_version(void);

/* ------------------------------------------------------------------ index */

typedef struct zc_index zc_index;

enum zc_open_flags {
    ZC_OPEN_READ = 0,   /* searching only */
    ZC_OPEN_WRITE = 1,  /* indexing; takes the index lock */
    ZC_OPEN_CREATE = 2, /* with ZC_OPEN_WRITE: create the index if missing */
    /* zc_index_open_cluster: skip the shards that cannot be reached (at
     * open, or later during a search) and say so in warnings, rather than
     * fail. */
    ZC_OPEN_ALLOW_PARTIAL = 4,
    /* with ZC_OPEN_WRITE: open an index of another layout version too, to
     * rebuild it with zc_index_update and `full` set (which replaces all
     * of it); any other write on such a handle fails with ZC_ERR_VERSION.
     * A damaged index (a table missing) is replaced by an empty one. */
    ZC_OPEN_REBUILD = 8
};

/* Opens the index in directory path. Errors: ZC_ERR_INVALID (path NULL or
 * empty), ZC_ERR_NOT_FOUND (no index there, unless ZC_OPEN_CREATE),
 * ZC_ERR_LOCKED (another writer holds it), ZC_ERR_VERSION (an index of
 * another layout), ZC_ERR_CORRUPT (damaged: a table of the database
 * missing, named in the message), ZC_ERR_IO (with ZC_OPEN_WRITE also an
 * index that cannot be written: "cannot write index 'DIR': Read-only file
 * system", or "Permission denied"), ZC_ERR_NOMEM. */
ZC_API int zc_index_open(const char *path, int flags, zc_index **out, zc_error *err);

/* Opens n index directories read-only as one: a search covers them all,
 * as if they were one index (the shards of an archive). Errors as
 * zc_index_open; ZC_ERR_INVALID when n is 0. */
ZC_API int zc_index_open_shards(const char *const *paths, size_t n, zc_index **out, zc_error *err);

/* Opens, read-only, an index served by Xapian's `xapian-tcpsrv` on
 * host:port (timeout_ms 0: Xapian's default). Errors: ZC_ERR_INVALID
 * (host NULL or empty), ZC_ERR_NETWORK (not reachable), ZC_ERR_VERSION. */
ZC_API int zc_index_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                zc_index **out, zc_error *err);

/* Opens n shards read-only as one index (docs/scale-out.md): each spec is
 * an index directory or "tcp://host:port" (an index served by
 * `xapian-tcpsrv` / `zhengce serve`). A search covers them all, with the
 * hits, order, scores and facet counts one index of the same documents
 * gives. flags: ZC_OPEN_READ or ZC_OPEN_ALLOW_PARTIAL. Without
 * ZC_OPEN_ALLOW_PARTIAL the first shard that cannot be opened fails the
 * call (ZC_ERR_NETWORK for a server, else as zc_index_open), and a server
 * lost during a search fails that search with ZC_ERR_NETWORK; both
 * messages name the shard. With it, such shards are left out (a search
 * that loses one is run again, once, without it) and each is reported by
 * zc_index_warning and in the results' warnings; ZC_ERR_NETWORK (or the
 * open error) only when no shard is left. Errors also: ZC_ERR_INVALID (n
 * 0, an empty spec, a bad tcp:// address, other flags). */
ZC_API int zc_index_open_cluster(const char *const *specs, size_t n, int flags, zc_index **out,
                                 zc_error *err);

/* Warnings of a handle opened with ZC_OPEN_ALLOW_PARTIAL: one per shard
 * left out ("shard tcp://10.0.0.2:7000 skipped: ..."), owned by ix. */
ZC_API size_t zc_index_warning_count(const zc_index *ix);
ZC_API const char *zc_index_warning(const zc_index *ix, size_t i);

/* The shard, in [0, n), to which the document of unique_key belongs when
 * an archive is split over n shards: a stable hash (XXH64 of the key's
 * bytes, modulo n), the same on every machine and release. 0 when n is 0. */
ZC_API unsigned zc_shard_of(const char *unique_key, unsigned n);

ZC_API void zc_index_free(zc_index *ix);

/* What happened to one file while indexing. */
typedef enum zc_event {
    ZC_EVENT_INDEXED = 0, /* a new file was indexed */
    ZC_EVENT_UPDATED,     /* a changed file was indexed again */
    ZC_EVENT_REMOVED,     /* a file gone from an indexed directory was dropped */
    ZC_EVENT_SKIPPED,     /* not a kind of file the indexer reads; why says so */
    ZC_EVENT_FAILED       /* could not be read or decoded; why says where */
} zc_event;

/* Called for each file with something to say (from the calling thread). */
typedef void (*zc_report_fn)(void *ctx, zc_event ev, const char *path, const zc_error *why);

typedef struct zc_progress {
    uint64_t files_done, files_total;
    uint64_t bytes_done, bytes_total;
    double seconds;
    /* 1 once every file is read and the index is being written out (in
     * shard mode: the shards merged into it); the last report before the
     * call returns. */
    int finishing;
} zc_progress;
typedef void (*zc_progress_fn)(void *ctx, const zc_progress *p);

/* Receives one line of timing trace (no newline). */
typedef void (*zc_trace_fn)(void *ctx, const char *line);

typedef enum zc_index_mode {
    ZC_MODE_AUTO = 0,   /* shards for new indexes, large batches, rebuilds; else direct */
    ZC_MODE_DIRECT = 1, /* documents replaced in the index, committed in batches */
    ZC_MODE_SHARDS = 2  /* worker shards compacted with the index and swapped in */
} zc_index_mode;

/* Options structs are versioned, as libgit2's are. The first field,
 * version, says which revision of the struct the caller was built with;
 * the struct's _init function (zc_index_options_init(&o,
 * ZC_INDEX_OPTIONS_VERSION)) or its static initializer (zc_index_options o
 * = ZC_INDEX_OPTIONS_INIT;) sets it and every other field to its default,
 * and the caller then changes the fields it wants. A field is only ever
 * added at the end, together with a new version number, and the library
 * goes on accepting the versions it knew before (reading only the fields
 * they had; the others keep their defaults), so a program built against an
 * older header runs on unchanged. A version the library does not know (a
 * program built against a newer header, or a struct never initialized:
 * version 0) is refused with ZC_ERR_INVALID, naming the function and both
 * versions. NULL options mean the defaults. */
#define ZC_INDEX_OPTIONS_VERSION 2
typedef struct zc_index_options {
    unsigned version;        /* ZC_INDEX_OPTIONS_VERSION */
    unsigned jobs;           /* worker threads; 0 = one per core */
    int full;                /* rebuild everything from the given paths */
    const char *encoding;    /* force this encoding (iconv name); NULL = detect */
    zc_report_fn report;     /* may be NULL */
    zc_progress_fn progress; /* called about ten times a second; may be NULL */
    void *ctx;               /* passed to report and progress */
    /* Bytes of text after which the documents being written are flushed to
     * disk, bounding the memory the index writer holds: per worker in shard
     * mode; in direct mode a commit at the next file boundary (besides the
     * commit every 1000 documents). 0 = defaults: 256 KB per shard, no
     * byte bound in direct mode. */
    size_t batch_bytes;
    /* Index only the documents whose unique key (real path, + "#row" in a
     * collection) zc_shard_of() routes to shard shard_k of shard_n, so N
     * machines can index disjoint parts of one archive. shard_n 0 or 1:
     * every document. */
    unsigned shard_k, shard_n;
    /* Follow symbolic links met below the given paths (0, the default:
     * report them as skipped and pass over them, as ripgrep does). A path
     * given that is itself a link is followed either way. A file reached
     * through a link is indexed under the path through the link. */
    int follow;
    /* Files larger than this are not read: each is reported (ZC_EVENT_SKIPPED,
     * "file too large") and counted in stats->skipped and stats->oversize,
     * and keeps the documents it had. Indexing holds a few times the
     * largest file's size in memory (docs/reliability.md). 0 = default,
     * ZC_MAX_FILE_BYTES_DEFAULT; UINT64_MAX: no limit. */
    uint64_t max_file_bytes;
    /* How the run writes (docs/indexing.md): ZC_MODE_AUTO (default) picks
     * shard mode for a new index, a batch at least a quarter of the index's
     * size and rebuilds, direct mode for small updates; the others force
     * one. */
    zc_index_mode mode;
    /* Shard mode: text a worker's shard takes before it starts another
     * (0: the default, 16 MB; a small value makes many shards). */
    uint64_t shard_bytes;
    /* Called, from the calling thread at the end of the run, with a line
     * saying how long each phase took in which mode, and in shard mode how
     * many shards were merged (NULL: none). */
    zc_trace_fn trace;
    void *trace_ctx;
    /* Version 2. */
    /* The column (or JSON field) that holds the text of a collection's or
     * workbook's rows, besides the names recognised (docs/indexing.md);
     * compared without case. NULL: only those. */
    const char *text_column;
    /* PDF pages whose text layer is garbage (fonts without a usable
     * ToUnicode map) are read by OCR when tesseract is installed
     * (ZC_OCR_AUTO, the default); ZC_OCR_OFF reports such a file as failed
     * instead. Either way nothing garbled is indexed. */
    int ocr;
    /* The tesseract program (NULL: /usr/bin/tesseract). */
    const char *ocr_program;
} zc_index_options;

/* zc_index_options.ocr */
enum { ZC_OCR_AUTO = 0, ZC_OCR_OFF = 1 };

/* The defaults, as zc_index_options_init sets them: every field 0 or NULL
 * but the version. (C++ before C++20 has no designated initializers, so
 * there every field is given in order.) */
/* clang-format off */
#ifdef __cplusplus
#define ZC_INDEX_OPTIONS_INIT \
    {ZC_INDEX_OPTIONS_VERSION, 0, 0, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, ZC_MODE_AUTO, 0, \
     NULL, NULL, NULL, 0, NULL}
#else
#define ZC_INDEX_OPTIONS_INIT {.version = ZC_INDEX_OPTIONS_VERSION}
#endif
/* clang-format on */

/* The default of zc_index_options.max_file_bytes: 256 MB. */
#define ZC_MAX_FILE_BYTES_DEFAULT ((uint64_t)256 << 20)

/* Sets *o to the defaults of the given version (ZC_INDEX_OPTIONS_VERSION).
 * Errors: ZC_ERR_INVALID (o NULL, or a version this library does not
 * know; *o is left as it was). */
ZC_API int zc_index_options_init(zc_index_options *o, unsigned version);

typedef struct zc_index_stats {
    uint64_t indexed;   /* new files indexed */
    uint64_t updated;   /* changed files indexed again */
    uint64_t unchanged; /* files left as they were */
    uint64_t removed;   /* files dropped */
    uint64_t skipped;   /* files of kinds not indexed */
    uint64_t failed;    /* files that could not be read or decoded */
    uint64_t documents; /* documents written (a CSV row is a document) */
    uint64_t bytes;     /* bytes of the files indexed */
    double seconds;
    uint64_t oversize; /* files over max_file_bytes, not read (also in skipped) */
} zc_index_stats;

/* Brings the index up to date with paths (files and directories): new and
 * changed files are indexed (changed: size, mtime and content hash, or
 * the row of a zhengce-manifest.csv that describes them), unchanged ones
 * left alone, files gone from an indexed directory removed. A directory
 * or file that cannot be read is reported (ZC_EVENT_FAILED) and keeps its
 * documents. Problems with single files are reported and counted, not
 * returned; an error is returned only when the run cannot go on, and the
 * index then stays as it was before the last commit. *stats (stats may be
 * NULL) is set to what the run did; o NULL: the defaults. Errors:
 * ZC_ERR_INVALID (read-only index, no paths, an empty path, a symbolic
 * link beside the index where the indexer keeps its scratch directories,
 * an options version this library does not know, an unknown mode),
 * ZC_ERR_NOT_FOUND (a path
 * does not exist), ZC_ERR_IO, ZC_ERR_NOMEM, ZC_ERR_BACKEND. */
ZC_API int zc_index_update(zc_index *ix, const char *const *paths, size_t n,
                           const zc_index_options *o, zc_index_stats *stats, zc_error *err);

/* Drops the documents of the files at or below paths (which need not exist
 * any more; a link stands for its target and for the files reached through
 * it). stats->removed counts the files. Errors: ZC_ERR_INVALID (read-only,
 * an empty path, a path that is the root directory: a script's unset
 * variable must not empty the index), ZC_ERR_NOT_FOUND (nothing indexed at
 * or below a path). */
ZC_API int zc_index_remove(zc_index *ix, const char *const *paths, size_t n, zc_index_stats *stats,
                           zc_error *err);

/* A document given in memory: how other programs feed their own records.
 * Only key and text are required; the rest is metadata that, when given,
 * wins over what the analysis finds in the text (as a manifest does). */
typedef struct zc_doc {
    const char *key;    /* unique key: a document with the same key is replaced */
    const char *text;   /* UTF-8 (plain text) */
    size_t text_len;    /* bytes of text; 0: strlen(text) */
    const char *path;   /* shown as the hit's path; NULL: the key */
    const char *title;  /* NULL: the first meaningful line */
    const char *region; /* "新余市", "江西"…; NULL: found in the text */
    const char *date;   /* as the source gives it, stored; may be NULL */
    int year;           /* 0: found in the text */
} zc_doc;

/* Analyses doc like a file (normalization, cleaning, metadata, words) and
 * adds it, replacing the document of the same key. Visible to searches on
 * other handles after zc_index_commit. Errors: ZC_ERR_INVALID (ix read-only,
 * doc, key or text missing, an empty key), ZC_ERR_ENCODING (text is not
 * valid UTF-8; the message gives the byte offset), ZC_ERR_NOMEM,
 * ZC_ERR_BACKEND. */
ZC_API int zc_index_add_doc(zc_index *ix, const zc_doc *doc, zc_error *err);

/* Deletes the document of key (given to zc_index_add_doc). Errors:
 * ZC_ERR_INVALID (read-only, no key), ZC_ERR_NOT_FOUND (no such key). */
ZC_API int zc_index_delete_doc(zc_index *ix, const char *key, zc_error *err);

/* Makes everything indexed so far durable and visible to searches.
 * Errors: ZC_ERR_INVALID (read-only), ZC_ERR_IO, ZC_ERR_BACKEND. */
ZC_API int zc_index_commit(zc_index *ix, zc_error *err);

typedef struct zc_index_info {
    uint64_t documents;
    uint64_t terms;      /* distinct terms */
    uint64_t size_bytes; /* on disk */
} zc_index_info;
/* Errors: ZC_ERR_BACKEND, ZC_ERR_NETWORK. */
ZC_API int zc_index_get_info(zc_index *ix, zc_index_info *out, zc_error *err);

/* ----------------------------------------------------------------- search */

/* The date orders sort by the document's date when its source gives one
 * (a collection's date column, zc_doc.date), else by its year (a year
 * alone comes before that year's dates, as its first day would); documents
 * with neither come last in both orders; equal dates, best first. */
typedef enum zc_sort {
    ZC_SORT_RELEVANCE = 0,      /* best first */
    ZC_SORT_DATE = 1,           /* newest first, then best first */
    ZC_SORT_DATE_ASC = 2,       /* oldest first, then best first */
    ZC_SORT_YEAR = ZC_SORT_DATE /* the name ZC_SORT_DATE had */
} zc_sort;

/* How keywords match (docs/query.md). */
typedef enum zc_match {
    /* A keyword occurs as written: contiguously (a word of it that has
     * synonyms may be any of them, in its place); `~keyword` as WORDS. */
    ZC_MATCH_EXACT = 0,
    /* Each word of a keyword occurs, anywhere in the document. */
    ZC_MATCH_WORDS = 1,
    /* Any word of any keyword occurs (natural-language questions). */
    ZC_MATCH_ANY = 2
} zc_match;

/* Versioned as zc_index_options is (above). Version 2 added match. */
#define ZC_SEARCH_OPTIONS_VERSION 2
typedef struct zc_search_options {
    unsigned version;     /* ZC_SEARCH_OPTIONS_VERSION */
    unsigned limit;       /* hits to return (default 10) */
    unsigned offset;      /* hits to skip (default 0) */
    unsigned snippet_len; /* snippet length in characters (default 120) */
    zc_sort sort;         /* default ZC_SORT_RELEVANCE */
    int facets;           /* count region and year facets (default 1) */
    int synonyms;         /* expand keywords with synonyms (default 1) */
    int any;              /* any word of the keywords suffices: as match ZC_MATCH_ANY */
    const char *region;   /* only this region and below, as region: (NULL) */
    int year_lo, year_hi; /* only these years (0: open end; both 0: any) */
    int explain;          /* describe the parsed query and the Xapian queries */
    /* Threads one search may count its matches in: a large local index
     * (tens of thousands of documents) is split by document into that many
     * parts, unless the query's terms say it matches under a hundred
     * documents. 0 (default): as many as the machine has cores,
     * at most 4; 1: the calling thread alone. */
    unsigned threads;
    /* Only the documents indexed from this file, or from the files at any
     * depth below this directory, as source: (NULL: any). Named as the
     * indexer names files: relative to the current directory, its real
     * path when it exists, else made absolute as written. */
    const char *source;
    /* Called with a line saying how long each step took (NULL: none). */
    zc_trace_fn trace;
    void *trace_ctx;
    /* How keywords match (version 2; default ZC_MATCH_EXACT). any set
     * means ZC_MATCH_ANY whatever this says. */
    zc_match match;
} zc_search_options;

/* The defaults, as zc_search_options_init sets them. */
/* clang-format off */
#ifdef __cplusplus
#define ZC_SEARCH_OPTIONS_INIT \
    {ZC_SEARCH_OPTIONS_VERSION, 10, 0, 120, ZC_SORT_RELEVANCE, 1, 1, 0, NULL, 0, 0, 0, 0, NULL, \
     NULL, NULL, ZC_MATCH_EXACT}
#else
#define ZC_SEARCH_OPTIONS_INIT \
    {.version = ZC_SEARCH_OPTIONS_VERSION, .limit = 10, .snippet_len = 120, \
     .sort = ZC_SORT_RELEVANCE, .facets = 1, .synonyms = 1}
#endif
/* clang-format on */

/* Sets *opts to the defaults of the given version
 * (ZC_SEARCH_OPTIONS_VERSION). Errors: ZC_ERR_INVALID (opts NULL, or a
 * version this library does not know; *opts is left as it was). */
ZC_API int zc_search_options_init(zc_search_options *opts, unsigned version);
/* Parses a year or a range of years as the options' year_lo and year_hi
 * take them: "2025", "2020..2025", "2020.." or "..2025" (years 1000-9999,
 * the first not after the second; an open end is 0). Returns ZC_OK, or
 * ZC_ERR_INVALID (lo and hi untouched) for anything else. */
ZC_API int zc_years_parse(const char *s, int *lo, int *hi);

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
    /* Added in schema 7 (at the end: older fields keep their places). */
    const char *type; /* the kind, "政府工作报告", "意见", "通知" …; "" when unknown */
    const char *date; /* "2025-03-05" or "2025-03" as known; "" when unknown */
    const char *issuer; /* 发文机关, "国务院"; "" when the text does not state it */
    const char *docno;  /* 发文字号, "国发〔2025〕3号"; "" when none */
} zc_hit;

/* Runs query (the query language of docs/query.md); opts NULL: defaults.
 * Errors: ZC_ERR_QUERY (a malformed query, or a bad region/year option,
 * with a message pointing at the problem), ZC_ERR_INVALID (query NULL, an
 * unknown sort, an options version this library does not know),
 * ZC_ERR_NOT_FOUND / ZC_ERR_CORRUPT (the dictionary),
 * ZC_ERR_CORRUPT (a hit's stored text fails its checksum: the message
 * names the index and the document), ZC_ERR_NOMEM, ZC_ERR_BACKEND,
 * ZC_ERR_NETWORK, ZC_ERR_MODIFIED (a writer committed during each of 9
 * runs in a row: a search whose revision a writer discards runs again on
 * the latest commit). */
ZC_API int zc_search(zc_index *ix, const char *query, const zc_search_options *opts,
                     zc_results **out, zc_error *err);
ZC_API uint64_t zc_results_total(const zc_results *r);
ZC_API size_t zc_results_count(const zc_results *r);
ZC_API const zc_hit *zc_results_hit(const zc_results *r, size_t i);
ZC_API double zc_results_took_ms(const zc_results *r);
ZC_API void zc_results_free(zc_results *r);

/* Facets: document counts over the whole match set, exact. */
typedef enum zc_facet_kind {
    ZC_FACET_REGION = 0,
    ZC_FACET_YEAR = 1,
    ZC_FACET_TYPE = 2,  /* the kind of document: "意见", "通知", "政府工作报告" … */
    ZC_FACET_ISSUER = 3 /* 发文机关: "国务院" … */
} zc_facet_kind;

typedef struct zc_facet {
    const char *value; /* region name ("新余市"), year ("2025"), type or issuer */
    const char
        *level; /* "national" (全国, code 100000), "province", "city" or "county"; NULL for years */
    const char *parent; /* the parent region's name; NULL for provinces, years */
    const char *code;   /* GB/T 2260 code; NULL for years */
    int year;           /* the year; 0 for regions */
    uint64_t count;
} zc_facet;

/* Regions come province level first, then city, then county, each level
 * by count (descending); years newest first; types and issuers by count
 * (descending), then by value. Documents whose type or issuer is unknown
 * are not counted under those facets. */
ZC_API size_t zc_results_facet_count(const zc_results *r, zc_facet_kind kind);
ZC_API const zc_facet *zc_results_facet(const zc_results *r, zc_facet_kind kind, size_t i);

/* The region and year facets of every document in the index, as results
 * with no hits (zc_results_total: the documents counted). What `zhengce
 * info` lists. Errors as for zc_search, but for ZC_ERR_QUERY. */
ZC_API int zc_index_facets(zc_index *ix, zc_results **out, zc_error *err);

/* The info of an index and its facets (zc_index_facets) as one JSON object,
 * what `zhengce info --json` prints (docs/cli.md): name (the index as the
 * user named it, NULL for null) under "index", the info's counts, the
 * facets under "regions" and "years". malloc'd, UTF-8 (bytes of name that
 * are not become U+FFFD), without a trailing newline. Errors:
 * ZC_ERR_INVALID (info, facets or out NULL), ZC_ERR_NOMEM. */
ZC_API int zc_index_info_json(const char *name, const zc_index_info *info, const zc_results *facets,
                              char **out, zc_error *err);

/* When a query matched nothing, the number of documents the looser forms
 * match: words_total, with each keyword's words apart (`~keyword`,
 * ZC_MATCH_WORDS), counted when the query matched exactly; any_total, with
 * any word of any keyword (ZC_MATCH_ANY), counted when the words form
 * matched nothing either. 0 when not counted (or nothing matched). */
ZC_API uint64_t zc_results_words_total(const zc_results *r);
ZC_API uint64_t zc_results_any_total(const zc_results *r);

/* Shards left out of this search (a handle opened with
 * ZC_OPEN_ALLOW_PARTIAL): one message each, owned by r. */
ZC_API size_t zc_results_warning_count(const zc_results *r);
ZC_API const char *zc_results_warning(const zc_results *r, size_t i);

/* The parsed query and the Xapian queries that match and rank (opts->explain),
 * or NULL. */
ZC_API const char *zc_results_explain(const zc_results *r);

/* The results as one JSON object (docs/cli.md, `search --json`), malloc'd,
 * UTF-8, without a trailing newline. */
ZC_API int zc_results_json(const zc_results *r, char **out, zc_error *err);

/* -------------------------------------------------------------- segmenter */

/* The word segmenter the index uses (docs/segmenter.md), on its own. */
typedef struct zc_segmenter zc_segmenter;

enum zc_segment_flags {
    ZC_SEGMENT_SEARCH = 1, /* search mode: also the words inside long words */
    ZC_SEGMENT_NO_HMM = 2  /* leave characters no dictionary word covers single */
};

/* A word: byte offset and length in the text given to zc_segment. */
typedef struct zc_word {
    size_t offset;
    size_t length;
} zc_word;

/* dict_path NULL: the default dictionary (see the top of this file).
 * Errors: ZC_ERR_NOT_FOUND / ZC_ERR_IO (no dictionary there),
 * ZC_ERR_CORRUPT, ZC_ERR_VERSION, ZC_ERR_NOMEM. */
ZC_API int zc_segmenter_new(const char *dict_path, zc_segmenter **out, zc_error *err);
ZC_API void zc_segmenter_free(zc_segmenter *s);

/* Adds the words of a user dictionary file ("word [frequency] [tag]" per
 * line). Errors: ZC_ERR_NOT_FOUND / ZC_ERR_IO, ZC_ERR_INVALID (a bad
 * line, named), ZC_ERR_ENCODING. */
ZC_API int zc_segmenter_load_words(zc_segmenter *s, const char *path, zc_error *err);

/* Cuts text[0..len) into words (blanks are not words). *words holds *n
 * words, owned by s until its next call. Errors: ZC_ERR_ENCODING (invalid
 * UTF-8; zc_segmenter_bad_offset() gives the byte), ZC_ERR_INVALID (unknown
 * flags), ZC_ERR_NOMEM. */
ZC_API int zc_segment(zc_segmenter *s, const char *text, size_t len, int flags,
                      const zc_word **words, size_t *n, zc_error *err);
ZC_API size_t zc_segmenter_bad_offset(const zc_segmenter *s);

#ifdef __cplusplus
}
#endif

/* Documents whole and the HTTP server: the rest of the API, in a header of
 * its own (zhengce_http.h, installed beside this one). */
#include "zhengce_http.h"
/* The research tools: trend, kwic, similar, keywords. */
#include "zhengce_research.h"

#endif
