/*
 * A C interface to libxapian: the only place in zhengce that sees C++.
 *
 * Every function catches every exception (Xapian::Error, std::bad_alloc,
 * anything else) and reports it as a zc_code plus a message in the
 * zc_error; no exception crosses this header. Messages name the database
 * path (or host:port) they concern.
 *
 * Ownership: each `_new`/`_open`/constructor result is freed with the
 * matching `_free`. Query handles are values: combining queries copies the
 * subqueries, so the caller still frees its own handles. Strings returned
 * through `char **` are malloc'd and freed by the caller with free().
 * Pointers returned as `const char *` stay valid until the owning handle is
 * freed or changed.
 *
 * Threads: one handle must not be used from two threads at once; separate
 * handles (even on the same database) are independent.
 */
#ifndef ZC_XAPIAN_C_H
#define ZC_XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>

#include "zhengce.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned zc_xdocid; /* Xapian::docid; 0 means "none" */

typedef struct zc_xdb zc_xdb;           /* a database, read-only or writable */
typedef struct zc_xdoc zc_xdoc;         /* a document being built or read */
typedef struct zc_xquery zc_xquery;     /* an immutable query */
typedef struct zc_xenquire zc_xenquire; /* a search session on a database */
typedef struct zc_xmset zc_xmset;       /* a page of results */
typedef struct zc_xspy zc_xspy;         /* facet counts (owned by an enquire) */
typedef struct zc_xdocs zc_xdocs;       /* documents a count records */

/* ---------------------------------------------------------------- databases */

typedef enum zc_xdb_mode {
    ZC_XDB_OPEN = 0,       /* open an existing database; fail if missing */
    ZC_XDB_CREATE,         /* create a new database; fail if it exists */
    ZC_XDB_CREATE_OR_OPEN, /* open, or create if missing */
    ZC_XDB_OVERWRITE,      /* create, replacing any existing database */
    ZC_XDB_SCRATCH         /* as OVERWRITE, without fsync: for temporary
                            * databases a crash may lose */
} zc_xdb_mode;

/* Opens a database on disk for reading. */
int zc_xdb_open(const char *path, zc_xdb **out, zc_error *err);

/* Opens a database for writing (takes Xapian's write lock: a second writer
 * gets ZC_ERR_LOCKED). */
int zc_xdb_open_writable(const char *path, zc_xdb_mode mode, zc_xdb **out, zc_error *err);

/* Opens a read-only remote database served by `xapian-tcpsrv`.
 * timeout_ms: 0 for Xapian's default (10 s). */
int zc_xdb_open_remote(const char *host, unsigned port, unsigned timeout_ms, zc_xdb **out,
                       zc_error *err);

/* Creates an empty read-only database to which shards are added. */
int zc_xdb_new_combined(zc_xdb **out, zc_error *err);

/* Adds the shards of `shard` to the read-only database `db`, so that a search
 * on `db` covers both. `shard` stays owned by the caller (it may be freed at
 * once: Xapian keeps its own reference). */
int zc_xdb_add_shard(zc_xdb *db, const zc_xdb *shard, zc_error *err);

/* Number of shards (sub-databases) in db. */
size_t zc_xdb_shard_count(const zc_xdb *db);

/* Re-reads a read-only database to see the latest commit. */
int zc_xdb_reopen(zc_xdb *db, zc_error *err);

/* Closes (releasing the lock of a writable database without committing
 * pending changes beyond what Xapian commits on close) and frees. */
void zc_xdb_free(zc_xdb *db);

/* 1 if db is one local database (a directory), read-only. */
int zc_xdb_is_local(const zc_xdb *db);

/* 1 if a and b are one local database (a directory) read at the same
 * revision: they find the same documents under the same docids. */
int zc_xdb_same_revision(const zc_xdb *a, const zc_xdb *b);

/* Writes: the database must be writable (else ZC_ERR_INVALID). */
int zc_xdb_commit(zc_xdb *db, zc_error *err);
/* Drops every change since the last commit, so
 * that closing the database does not commit them. */
int zc_xdb_discard(zc_xdb *db, zc_error *err);

int zc_xdb_add_document(zc_xdb *db, const zc_xdoc *doc, zc_xdocid *docid_out, zc_error *err);
/* Replaces the document indexed by unique_term (or adds it if none). */
int zc_xdb_replace_document_by_term(zc_xdb *db, const char *unique_term, const zc_xdoc *doc,
                                    zc_xdocid *docid_out, zc_error *err);
/* Deletes every document indexed by unique_term (none is not an error). */
int zc_xdb_delete_document_by_term(zc_xdb *db, const char *unique_term, zc_error *err);
int zc_xdb_delete_document(zc_xdb *db, zc_xdocid docid, zc_error *err);

/* User metadata (key → value) stored in the database. A missing key gives
 * an empty string (*out non-NULL, *len 0). */
int zc_xdb_set_metadata(zc_xdb *db, const char *key, const char *value, size_t len, zc_error *err);
int zc_xdb_get_metadata(const zc_xdb *db, const char *key, char **out, size_t *len, zc_error *err);

/* Statistics. */
typedef struct zc_xdb_stats {
    uint64_t doc_count;
    uint64_t last_docid;
    uint64_t total_length; /* sum of document lengths (wdf totals) */
    double avg_length;
    int has_positions;
} zc_xdb_stats;
int zc_xdb_stats_get(const zc_xdb *db, zc_xdb_stats *out, zc_error *err);

/* Number of documents indexed by term (0 if none). */
int zc_xdb_term_freq(const zc_xdb *db, const char *term, uint64_t *out, zc_error *err);

/* Counts distinct terms beginning with prefix. */
int zc_xdb_count_terms(const zc_xdb *db, const char *prefix, uint64_t *out, zc_error *err);

/* Calls fn for each document indexed by term, in docid order. */
typedef int (*zc_xposting_fn)(void *ctx, zc_xdocid docid, unsigned wdf);
int zc_xdb_each_posting(const zc_xdb *db, const char *term, zc_xposting_fn fn, void *ctx,
                        zc_error *err);

/* Calls fn for each document that has a value in slot, in docid order
 * (Xapian's value streams: far cheaper than reading documents). */
typedef int (*zc_xvalue_fn)(void *ctx, zc_xdocid docid, const char *value, size_t len);
int zc_xdb_each_value(const zc_xdb *db, unsigned slot, zc_xvalue_fn fn, void *ctx, zc_error *err);

/* Merges the on-disk databases srcs[0..n) into a new database at dest
 * (Xapian::Database::compact). Fails if dest exists and is not empty. */
int zc_xdb_compact(const char *const *srcs, size_t n, const char *dest, zc_error *err);

/* ---------------------------------------------------------------- documents */

int zc_xdoc_new(zc_xdoc **out, zc_error *err);
void zc_xdoc_free(zc_xdoc *doc);

/* A term with wdf 0: for filters and unique ids, no effect on weights. */
int zc_xdoc_add_boolean_term(zc_xdoc *doc, const char *term, zc_error *err);
/* A non-positional term (term[0..len)); wdf_inc adds to its
 * within-document frequency. */
int zc_xdoc_add_term_n(zc_xdoc *doc, const char *term, size_t len, unsigned wdf_inc, zc_error *err);
/* A term at a position (positions start at 1 by convention). */
int zc_xdoc_add_posting_n(zc_xdoc *doc, const char *term, size_t len, unsigned pos,
                          unsigned wdf_inc, zc_error *err);
/* n positions of one term, each with wdf +1 (ascending positions are the
 * cheap case for Xapian). */
int zc_xdoc_add_positions(zc_xdoc *doc, const char *term, size_t len, const uint32_t *pos, size_t n,
                          zc_error *err);

int zc_xdoc_set_value(zc_xdoc *doc, unsigned slot, const char *data, size_t len, zc_error *err);
int zc_xdoc_set_data(zc_xdoc *doc, const char *data, size_t len, zc_error *err);

/* Xapian's sortable encoding of a double (Xapian::sortable_serialise), for
 * values used in sorting and ranges. buf must hold 18 bytes; returns the
 * length written. */
size_t zc_x_sortable_serialise(double v, char *buf);

/* ------------------------------------------------------------------ queries */

typedef enum zc_xop {
    ZC_XOP_AND = 0,
    ZC_XOP_OR,
    ZC_XOP_AND_NOT,
    ZC_XOP_XOR,
    ZC_XOP_AND_MAYBE,
    ZC_XOP_FILTER,
    ZC_XOP_NEAR,      /* param: window (0 = number of subqueries) */
    ZC_XOP_PHRASE,    /* param: window (0 = number of subqueries) */
    ZC_XOP_ELITE_SET, /* param: set size (0 = Xapian's default) */
    ZC_XOP_SYNONYM,
    ZC_XOP_MAX
} zc_xop;

/* A term; wqf (within-query frequency, usually 1) and pos (query position,
 * 0 if unused). */
int zc_xquery_term(const char *term, unsigned wqf, unsigned pos, zc_xquery **out, zc_error *err);
int zc_xquery_term_n(const char *term, size_t len, unsigned wqf, unsigned pos, zc_xquery **out,
                     zc_error *err);
/* Combines n subqueries with op; param as documented on zc_xop. NULL
 * entries are not allowed. n == 0 gives a query matching nothing. */
int zc_xquery_combine(zc_xop op, zc_xquery *const *subs, size_t n, unsigned param, zc_xquery **out,
                      zc_error *err);
/* Shorthand for two subqueries. */
int zc_xquery_pair(zc_xop op, const zc_xquery *a, const zc_xquery *b, zc_xquery **out,
                   zc_error *err);
/* Multiplies the weights of q by factor (>= 0; 0 makes q purely boolean). */
int zc_xquery_scale_weight(const zc_xquery *q, double factor, zc_xquery **out, zc_error *err);
/* Documents whose value in slot lies in [lo, hi] (byte order); lo or hi may
 * be NULL for an open end. */
int zc_xquery_value_range(unsigned slot, const char *lo, size_t lo_len, const char *hi,
                          size_t hi_len, zc_xquery **out, zc_error *err);
int zc_xquery_match_all(zc_xquery **out, zc_error *err);
/* The docids lo..hi (existing or not), weight 0: ANDed with a query, it
 * restricts the match to that range, skipping straight to lo. Local only. */
int zc_xquery_docid_range(zc_xdocid lo, zc_xdocid hi, zc_xquery **out, zc_error *err);
/* The documents q matches, each weighing exactly weight (a fixed boost,
 * whatever q's own weights). */
int zc_xquery_fixed_weight(const zc_xquery *q, double weight, zc_xquery **out, zc_error *err);
int zc_xquery_match_nothing(zc_xquery **out, zc_error *err);
/* Another handle on the same (immutable) query. */
int zc_xquery_copy(const zc_xquery *q, zc_xquery **out, zc_error *err);
/* Xapian's description of the query (for --explain). */
int zc_xquery_describe(const zc_xquery *q, char **out, zc_error *err);
void zc_xquery_free(zc_xquery *q);

/* ------------------------------------------------------------------ enquire */

int zc_xenquire_new(const zc_xdb *db, zc_xenquire **out, zc_error *err);
/* Frees the enquire and the spies it owns. */
void zc_xenquire_free(zc_xenquire *e);

/* qlen: query length for BM25 (0 = Xapian's default, the sum of wqfs). */
int zc_xenquire_set_query(zc_xenquire *e, const zc_xquery *q, unsigned qlen, zc_error *err);
/* Boolean ranking: every match weighs 0 (docid order). */
int zc_xenquire_set_bool_weight(zc_xenquire *e, zc_error *err);
/* BM25 ranking with these k1 (how fast a term's count saturates) and b
 * (how much a document's length discounts it); Xapian's other parameters
 * at their defaults. */
int zc_xenquire_set_bm25(zc_xenquire *e, double k1, double b, zc_error *err);

typedef enum zc_xsort {
    ZC_XSORT_RELEVANCE = 0,
    ZC_XSORT_VALUE, /* by value only */
    ZC_XSORT_VALUE_THEN_RELEVANCE,
    ZC_XSORT_RELEVANCE_THEN_VALUE
} zc_xsort;
/* reverse: 1 sorts values descending (newest first for a year slot). */
int zc_xenquire_set_sort(zc_xenquire *e, zc_xsort how, unsigned slot, int reverse, zc_error *err);

/* Facet counting over every document the match examines (with
 * check_at_least >= doc count, that is the whole match set).
 * multi == 0: one value per document (Xapian::ValueCountMatchSpy).
 * multi != 0: the value holds several entries separated by `sep`, each
 *   counted once per document (e.g. "江西省\x1f江西省/新余市").
 * The spy belongs to the enquire; read it after zc_xenquire_get_mset. */
int zc_xenquire_add_facet(zc_xenquire *e, unsigned slot, int multi, char sep, zc_xspy **out,
                          zc_error *err);

/* A set of documents that a count fills (zc_xenquire_record_docs) and that
 * queries made before the count refer to (zc_xdocs_query): a query can be
 * compiled once, before its matches are known, and then run only within
 * them. Local only: the set has no serialised form. */
int zc_xdocs_new(zc_xdocs **out, zc_error *err);
void zc_xdocs_free(zc_xdocs *d);
/* The documents d holds when the query runs, each weighing 0; described
 * as "DocSet(N documents)", N as d holds then. */
int zc_xdocs_query(const zc_xdocs *d, zc_xquery **out, zc_error *err);

/* Keeps in into the docids of the documents each later run of e examines
 * (with check_at_least >= doc count: the whole match set), in docid order;
 * each run replaces what the one before kept. Only a single local database
 * can: returns 1 when it will, 0 otherwise. */
int zc_xenquire_record_docs(zc_xenquire *e, zc_xdocs *into);

/* Runs the query: results [first, first+max), examining at least
 * check_at_least documents (for exact totals and facets). */
int zc_xenquire_get_mset(zc_xenquire *e, unsigned first, unsigned max, unsigned check_at_least,
                         zc_xmset **out, zc_error *err);

/* --------------------------------------------------------------------- mset */

size_t zc_xmset_size(const zc_xmset *m);
uint64_t zc_xmset_estimated(const zc_xmset *m);
uint64_t zc_xmset_lower_bound(const zc_xmset *m);
double zc_xmset_weight(const zc_xmset *m, size_t i);
int zc_xmset_get_data(const zc_xmset *m, size_t i, char **out, size_t *len, zc_error *err);
int zc_xmset_get_value(const zc_xmset *m, size_t i, unsigned slot, char **out, size_t *len,
                       zc_error *err);
/* Reads the documents of the whole set ahead (one exchange with remote
 * shards; nothing to do locally). */
int zc_xmset_fetch(zc_xmset *m, zc_error *err);
void zc_xmset_free(zc_xmset *m);

/* --------------------------------------------------------------------- spy */

/* Distinct values counted; valid after the mset was computed. */
size_t zc_xspy_count(const zc_xspy *s);
/* The i-th value in byte order, and its document count. */
int zc_xspy_get(const zc_xspy *s, size_t i, const char **value, size_t *len, uint64_t *count);

/* ------------------------------------------------- research (expand.cc) */

/* The docid of item i of m (0: no such item). */
zc_xdocid zc_xmset_docid(const zc_xmset *m, size_t i);
/* Reads values slots[0..n) of document docid at once into out[k] (malloc'd,
 * "" when missing) and lens[k]; nothing is left allocated on failure. */
int zc_xdb_doc_values(const zc_xdb *db, zc_xdocid docid, const unsigned *slots, size_t n,
                      char **out, size_t *lens, zc_error *err);
/* The documents term indexes and its occurrences over all of them (the
 * sum of its wdf: Xapian's collection frequency). */
int zc_xdb_term_stats(const zc_xdb *db, const char *term, uint64_t *docs, uint64_t *occurrences,
                      zc_error *err);
/* The length of document docid (the sum of the wdf of its terms). */
int zc_xdb_doc_length(const zc_xdb *db, zc_xdocid docid, uint64_t *out, zc_error *err);
/* Calls fn for each term of document docid that begins with prefix, in
 * byte order, with its wdf; a nonzero return stops. */
typedef int (*zc_xterm_fn)(void *ctx, const char *term, size_t len, unsigned wdf);
int zc_xdb_each_doc_term(const zc_xdb *db, zc_xdocid docid, const char *prefix, zc_xterm_fn fn,
                         void *ctx, zc_error *err);
/* The expansion set of the relevant documents rel[0..n) (Xapian's RSet and
 * ESet, the probabilistic "more like this"): the max best terms that begin
 * with prefix, best first, each with its expand weight. */
typedef int (*zc_xterm_weight_fn)(void *ctx, const char *term, size_t len, double weight);
int zc_xenquire_expand(zc_xenquire *e, const zc_xdocid *rel, size_t n, const char *prefix,
                       unsigned max, zc_xterm_weight_fn fn, void *ctx, zc_error *err);
/* The terms of e's query that item i of m (a result of e) holds. */
int zc_xenquire_matching_terms(zc_xenquire *e, const zc_xmset *m, size_t i, zc_xterm_fn fn,
                               void *ctx, zc_error *err);

/* ------------------------------------------------------------ for the tests */

/* Views the engine does not need, kept so that the tests can check what it
 * wrote, and write what it never would (a damaged stored text): a stored
 * document, its values, and a document's terms with their positions. */

/* The number a zc_x_sortable_serialise value encodes (the year value). */
double zc_x_sortable_unserialise(const char *data, size_t len);
/* Reads a document (ZC_ERR_NOT_FOUND if no such docid). */
int zc_xdb_get_document(const zc_xdb *db, zc_xdocid docid, zc_xdoc **out, zc_error *err);
int zc_xdb_replace_document(zc_xdb *db, zc_xdocid docid, const zc_xdoc *doc, zc_error *err);
/* Copies out a value (missing value: empty string). */
int zc_xdoc_get_value(const zc_xdoc *doc, unsigned slot, char **out, size_t *len, zc_error *err);
/* Calls fn for each term of the document (sorted) with its wdf and
 * positions; a nonzero return from fn stops and is returned. */
typedef int (*zc_xdoc_term_fn)(void *ctx, const char *term, size_t len, unsigned wdf,
                               const uint32_t *pos, size_t npos);
int zc_xdoc_each_term(const zc_xdoc *doc, zc_xdoc_term_fn fn, void *ctx, zc_error *err);
/* The documents a count recorded in d so far. */
size_t zc_xdocs_count(const zc_xdocs *d);

#ifdef __cplusplus
}
#endif
#endif
