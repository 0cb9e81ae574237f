/* Helpers shared by the tests: temporary directories and files, the data
 * directory, the command line. */
#ifndef ZC_TEST_UTIL_H
#define ZC_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Creates a fresh temporary directory; returns a malloc'd path. */
char *zc_test_tmpdir(void);
/* Removes a directory tree (best effort). */
void zc_test_rmtree(const char *path);
/* Writes len bytes to dir/name; returns the malloc'd full path. */
char *zc_test_write_file(const char *dir, const char *name, const void *data, size_t len);
/* Creates base/deep and 40 directories below it, one in another, with
 * Chinese names: a path of over 1,200 bytes, longer than a zc_error
 * message. Returns the deepest, malloc'd; fails the test on error. */
char *zc_test_deep_dir(const char *base);
/* Reads a whole file; returns malloc'd NUL-terminated contents or NULL. */
char *zc_test_read_file(const char *path, size_t *len);
/* Path under the source tree (ZC_SOURCE_DIR) as a malloc'd string. */
char *zc_test_source_path(const char *rel);

/* Path under the data directory as a malloc'd string: $ZC_DATA_DIR, else
 * ../shared/data beside the source tree. */
char *zc_test_data_path(const char *rel);

/* Reads each file of dir whose name starts with prefix and ends with
 * suffix (NULL: any), in directory order, and passes it to fn, which must
 * not keep data (NUL-terminated, freed after the call). Returns the number
 * of files read, or -1 if dir cannot be opened (the data is absent); fails
 * the test if a file cannot be read. */
typedef void zc_test_file_fn(void *ctx, const char *name, const char *path, char *data, size_t len);
long zc_test_each_file(const char *dir, const char *prefix, const char *suffix, zc_test_file_fn *fn,
                       void *ctx);

/* Splits the CSV record at s (RFC 4180 quoting) into at most max malloc'd
 * fields; returns their number. */
size_t zc_test_csv_record(const char *s, char **fields, size_t max);

/* The reference view of a text for substring scans, written independently
 * of the unit splitter: blank runs (ASCII blanks, U+3000, NBSP) as one
 * space, ASCII folded to lower case, zero-width space and BOM dropped, CR
 * as a line break. malloc'd. */
char *zc_test_scan_view(const char *s);
/* Whether text contains w as matching finds it (both in the scan view): a
 * substring whose Latin letters and digits at its edges are not continued
 * in the text by more of their kind (runs of ASCII letters, or of digits,
 * match whole). */
int zc_test_contains_whole(const char *text, const char *w);

/* Calls fn for each document of the index at db (read straight from the
 * Xapian database); fn must not keep doc. Fails the test if db cannot be
 * opened. */
typedef struct zc_xdoc zc_xdoc;
/* The cleaned text a document stores (malloc'd); fails the test if none. */
char *zc_test_doc_text(const zc_xdoc *doc, size_t *len);
/* A field of a document's record ("id", "path", "title", "region", "type",
 * "date", "issuer", "docno", or "year" in decimal, "0" when unknown),
 * malloc'd; fails the test when the record cannot be read. */
char *zc_test_doc_field(const zc_xdoc *doc, const char *name);

/* An index of layout version 1, holding one empty document, at path. */
void zc_test_make_old_index(const char *path);

void zc_test_each_doc(const char *db, void (*fn)(void *ctx, zc_xdoc *doc), void *ctx);

/* The exact total of query's matches in ix (default options); fails the
 * test, naming the query, when the search fails. */
typedef struct zc_index zc_index;
uint64_t zc_test_total(zc_index *ix, const char *query);

/* xapian-check (xapian-tools, scripts/deps.sh), Xapian's full consistency
 * check, on the database at path: its exit status, 0 when the database is
 * sound. Fails the test if xapian-check cannot be run. */
int zc_test_xapian_check(const char *path);

/* Monotonic seconds (common/clock.h), to time what a test prints. */
double zc_test_now(void);

/* The main() of a test binary with data tests: runs tests[0..ntests) or,
 * given the argument "data", data[0..ndata), which the ctest label "data"
 * runs; exits 77 (skipped) when the data directory is absent. */
struct CMUnitTest;
int zc_test_main(int argc, char **argv, const struct CMUnitTest *tests, size_t ntests,
                 const struct CMUnitTest *data, size_t ndata);

/* The output of one run of the zhengce command. */
typedef struct zc_test_run {
    int status; /* exit status, -1 if killed */
    char *out;  /* stdout */
    char *err;  /* stderr */
} zc_test_run;

/* Runs `$ZC_CLI ARGS` through the shell (ARGS already quoted), capturing
 * its output in files under tmpdir. */
zc_test_run zc_test_cli(const char *tmpdir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The run whose wait status is given, its output read from the files
 * outp and errp (empty strings when missing). */
zc_test_run zc_test_collect(int wait_status, const char *outp, const char *errp);
void zc_test_run_free(zc_test_run *r);

/* Indexes corpus/ into db with the command line (run in tmp) and opens it
 * for reading into *ix: 0, or -1 (what a cmocka setup returns). */
typedef struct zc_index zc_index;
int zc_test_open_corpus(const char *tmp, const char *db, zc_index **ix);

/* a (alen bytes) then b (blen bytes), NUL-terminated; fails the test when
 * out of memory. */
char *zc_test_concat(const char *a, size_t alen, const char *b, size_t blen);

/* A loopback TCP port nobody listens on now, and whether something accepts
 * connections on one. */
unsigned zc_test_free_port(void);
int zc_test_accepts(unsigned port);

#endif
