/*
 * zhengce — the public C API, continued (included by zhengce.h, which a
 * program includes): one document read whole (zhengce show) and the HTTP
 * server (zhengce serve --http). Conventions as in zhengce.h: opaque
 * handles freed by their own _free, zc_code results with a zc_error,
 * versioned options structs.
 */
#ifndef ZHENGCE_HTTP_H
#define ZHENGCE_HTTP_H

#include "zhengce.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --------------------------------------------------------------- document */

/* One document of an index, whole: its metadata and cleaned text, and,
 * given a query, every place in the text the query matches, exactly the
 * stretches a search's snippets highlight (`zhengce show`). */
typedef struct zc_document zc_document;

/* Versioned as zc_index_options is. */
#define ZC_DOCUMENT_OPTIONS_VERSION 1
typedef struct zc_document_options {
    unsigned version; /* ZC_DOCUMENT_OPTIONS_VERSION */
    int synonyms;     /* a query's keywords also mark their synonyms (default 1) */
    zc_match match;   /* how the query's keywords match (default ZC_MATCH_EXACT) */
} zc_document_options;

/* clang-format off */
#ifdef __cplusplus
#define ZC_DOCUMENT_OPTIONS_INIT {ZC_DOCUMENT_OPTIONS_VERSION, 1, ZC_MATCH_EXACT}
#else
#define ZC_DOCUMENT_OPTIONS_INIT {.version = ZC_DOCUMENT_OPTIONS_VERSION, .synonyms = 1}
#endif
/* clang-format on */

/* Errors: ZC_ERR_INVALID (o NULL, or a version this library does not know). */
ZC_API int zc_document_options_init(zc_document_options *o, unsigned version);

/* The document id_or_path names: its id (the 16 hex digits of a hit's
 * "id"), or the file it was indexed from, named as for source: (a
 * collection's file holds many documents: then its id, or PATH#ROW).
 * query (NULL: none) marks its matches. Errors: ZC_ERR_NOT_FOUND (no such
 * document: the message names it), ZC_ERR_INVALID (id_or_path NULL or
 * empty, a file of several documents, an unknown options version),
 * ZC_ERR_QUERY (a malformed query, as zc_search says), ZC_ERR_CORRUPT (its
 * stored text fails its checksum), ZC_ERR_NOMEM, ZC_ERR_BACKEND,
 * ZC_ERR_NETWORK. Threads: as zc_search. */
ZC_API int zc_document_get(zc_index *ix, const char *id_or_path, const char *query,
                           const zc_document_options *o, zc_document **out, zc_error *err);
/* Its fields, owned by d, UTF-8; "" (0 for the year) when unknown. region
 * is as a hit's ("江西省/新余市"), region_code the GB/T 2260 code of its
 * most precise part ("360500"). */
ZC_API const char *zc_document_id(const zc_document *d);
ZC_API const char *zc_document_path(const zc_document *d);
ZC_API const char *zc_document_title(const zc_document *d);
ZC_API const char *zc_document_region(const zc_document *d);
ZC_API const char *zc_document_region_code(const zc_document *d);
ZC_API const char *zc_document_date(const zc_document *d);
ZC_API int zc_document_year(const zc_document *d);
ZC_API const char *zc_document_type(const zc_document *d);
ZC_API const char *zc_document_issuer(const zc_document *d);
ZC_API const char *zc_document_docno(const zc_document *d);
/* The cleaned text, as indexed (line breaks kept), and its length in bytes. */
ZC_API const char *zc_document_text(const zc_document *d, size_t *len);
/* The query's matches: n pairs [start, end) of character offsets into the
 * text, in order, overlapping ones joined (as highlights are); none
 * without a query. */
ZC_API const size_t *zc_document_matches(const zc_document *d, size_t *n);
/* The document as one JSON object (docs/cli.md, `show --json`): the fields
 * of a search hit, "region_code", "query", "matches" and "text";
 * malloc'd, without a trailing newline. Errors: ZC_ERR_NOMEM. */
ZC_API int zc_document_json(const zc_document *d, char **out, zc_error *err);
ZC_API void zc_document_free(zc_document *d);

/* ------------------------------------------------------------------- http */

/* An HTTP server over a read-only index (docs/http.md): GET /search,
 * /documents/ID, /info, /healthz answer with the JSON of the command line
 * (`zhengce search --json`, `show --json`, `info --json`), / with the
 * search page. libmicrohttpd runs it in a pool of threads of its own,
 * which share ix (opened with ZC_OPEN_READ, zc_index_open_shards or
 * zc_index_open_cluster). */
typedef struct zc_http_server zc_http_server;

/* Versioned as zc_index_options is. */
#define ZC_HTTP_OPTIONS_VERSION 1
typedef struct zc_http_options {
    unsigned version;   /* ZC_HTTP_OPTIONS_VERSION */
    const char *listen; /* an IPv4 or IPv6 address (NULL: "127.0.0.1", this machine only) */
    unsigned port;      /* 0: any free port (zc_http_server_port tells which) */
    /* Send Access-Control-Allow-Origin: cors_origin (NULL: no CORS headers). */
    const char *cors_origin;
    unsigned threads;         /* threads answering requests (0: 4) */
    unsigned max_requests;    /* requests answered at once; more get 429 (0: 64) */
    size_t max_url_bytes;     /* a longer URL gets 413 (0: 65536) */
    unsigned timeout_seconds; /* an idle or stalled connection is closed (0: 30) */
    const char *name;         /* the index as /info names it (NULL: null) */
    /* Seconds between checks for an indexer's commits, which the next
     * search then reads (0: 1). */
    unsigned reopen_seconds;
} zc_http_options;

/* clang-format off */
#ifdef __cplusplus
#define ZC_HTTP_OPTIONS_INIT {ZC_HTTP_OPTIONS_VERSION, NULL, 0, NULL, 0, 0, 0, 0, NULL, 0}
#else
#define ZC_HTTP_OPTIONS_INIT {.version = ZC_HTTP_OPTIONS_VERSION}
#endif
/* clang-format on */

/* Errors: ZC_ERR_INVALID (o NULL, or a version this library does not know). */
ZC_API int zc_http_options_init(zc_http_options *o, unsigned version);

/* Starts serving ix (which must outlive the server) on o->listen:o->port;
 * requests are answered from then on. Errors: ZC_ERR_INVALID (a bad
 * address, an unknown options version), ZC_ERR_NETWORK (the port cannot be
 * bound: the message names the address and why), ZC_ERR_NOMEM. */
ZC_API int zc_http_server_new(zc_index *ix, const zc_http_options *o, zc_http_server **out,
                              zc_error *err);
/* The port the server listens on. */
ZC_API unsigned zc_http_server_port(const zc_http_server *s);
/* Blocks until zc_http_server_stop is called (from another thread or a
 * signal handler). */
ZC_API int zc_http_server_run(zc_http_server *s, zc_error *err);
/* Makes zc_http_server_run return; async-signal-safe. */
ZC_API void zc_http_server_stop(zc_http_server *s);
/* Stops answering (requests being answered are finished) and frees s. */
ZC_API void zc_http_server_free(zc_http_server *s);

#ifdef __cplusplus
}
#endif
#endif
