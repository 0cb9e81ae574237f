/* The fixture of the indexer's crash-safety tests (test_crash.c,
 * test_disk_full.c). */
#ifndef ZC_TESTS_CRASH_FIXTURE_H
#define ZC_TESTS_CRASH_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* cmocka's state: a temporary directory, removed by teardown. */
typedef struct env {
    char *tmp;
} env;

int setup(void **state);
int teardown(void **state);

/* a "/" b, malloc'd. */
char *join(const char *a, const char *b);

#define FNV0 0xcbf29ce484222325ULL
uint64_t fnv(uint64_t h, const void *data, size_t len);

/* One stored document: its id, path and a digest of its stored text. */
typedef struct entry {
    char id[17];
    char *path;
    uint64_t text; /* digest of the stored (cleaned) text */
    size_t len;
} entry;

typedef struct snapshot {
    entry *e;
    size_t n, cap;
    uint64_t digest; /* over all entries, sorted by id */
} snapshot;

/* Reads every document of the index at db. */
void snapshot_take(const char *db, snapshot *s);
void snapshot_free(snapshot *s);
const entry *snapshot_find(const snapshot *s, const char *id);
/* Same path and stored text; 0 when either is NULL. */
int same_entry(const entry *a, const entry *b);

/* The index passes the library's check, and xapian-check when installed. */
void check_db(const char *db, const char *when);
/* rm -rf to && cp -a from to. */
void copy_tree(const char *from, const char *to);

/* Starts `zhengce index --db db --mode mode dir` (with extra 1 when extra
 * is given), output to /dev/null. */
pid_t start_index(const char *mode, const char *db, const char *dir, const char *extra);
/* Runs it to the end; returns its exit status. *secs: wall time. */
int run_index(const char *mode, const char *db, const char *dir, double *secs);

/* File i of version v: a start marker, numbered lines, an end marker. A
 * document found without its end marker would be a half-added one. */
void write_report(const char *dir, int i, int v);

enum { NFILES = 240 };
/* Version A: files 0..NFILES-1. Version B: every 4th changed, every 8th
 * (odd multiples of 4 plus 1) removed, NFILES/8 new ones. */
void write_version_a(const char *dir);
void make_version_b(const char *dir);

#endif
