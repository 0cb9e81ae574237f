/*
 * SQLite FTS5 with the trigram tokenizer, through its C API, in one
 * process (bench/peers.sh).
 *
 *   zc-bench-peer-sqlite index DB JSONL
 *       one transaction of prepared inserts (title, content, and the date
 *       and year unindexed), json_extract doing the reading;
 *   zc-bench-peer-sqlite search DB QUERIES PASSES
 *       over content: exact count(*), then the top 10 by rank with the
 *       title and a snippet(). A trigram index cannot answer a string of
 *       fewer than 3 characters (FTS5 finds no row for one, even through
 *       LIKE, in SQLite 3.40): such queries are instr() over every row,
 *       their 10 hits in rowid order with the text around the match as
 *       snippet.
 */

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "peer_driver.h"

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    return 1;
}

static int do_index(sqlite3 *db, const char *jsonl)
{
    const char *setup = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                        "CREATE VIRTUAL TABLE docs USING fts5(title, content, publish_date "
                        "UNINDEXED, year UNINDEXED, tokenize='trigram'); BEGIN;";
    if (sqlite3_exec(db, setup, NULL, NULL, NULL))
        return fail(db, "schema");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO docs(title, content, publish_date, year) SELECT "
                           "json_extract(?1,'$.title'), json_extract(?1,'$.content'), "
                           "json_extract(?1,'$.publish_date'), json_extract(?1,'$.year')",
                           -1, &ins, NULL))
        return fail(db, "insert");
    FILE *f = fopen(jsonl, "r");
    if (!f)
        return fprintf(stderr, "%s: cannot open\n", jsonl), 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while (!rc && (got = getline(&line, &cap, f)) > 0) {
        sqlite3_bind_text(ins, 1, line, (int)got, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = fail(db, "insert");
        sqlite3_reset(ins);
    }
    free(line);
    fclose(f);
    sqlite3_finalize(ins);
    if (!rc && sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL))
        rc = fail(db, "commit");
    return rc;
}

typedef struct sctx {
    sqlite3 *db;
    sqlite3_stmt *count[2], *hits[2];           /* MATCH, by number of parts */
    sqlite3_stmt *like_count[2], *like_hits[2]; /* instr() */
} sctx;

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
    return sqlite3_prepare_v2(db, sql, -1, st, NULL) ? fail(db, sql) : 0;
}

/* An FTS5 string: "…" with " doubled. */
static void fts_string(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    out[o++] = '"';
    for (; *s && o + 3 < cap; s++) {
        if (*s == '"')
            out[o++] = '"';
        out[o++] = *s;
    }
    out[o++] = '"';
    out[o] = '\0';
}

static int run_one(void *vctx, const peer_query *q, uint64_t *total, size_t *sink)
{
    sctx *c = vctx;
    int k = (int)q->nparts - 1, like = 0;
    for (size_t i = 0; i < q->nparts; i++)
        like |= zc_utf8_count(q->parts[i], strlen(q->parts[i])) < 3;
    sqlite3_stmt *cs = like ? c->like_count[k] : c->count[k];
    sqlite3_stmt *hs = like ? c->like_hits[k] : c->hits[k];
    char m[512], a[200], b[200];
    if (like) {
        for (int i = 0; i <= k; i++) {
            sqlite3_bind_text(cs, i + 1, q->parts[i], -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(hs, i + 1, q->parts[i], -1, SQLITE_TRANSIENT);
        }
    } else {
        fts_string(a, sizeof a, q->parts[0]);
        if (k)
            fts_string(b, sizeof b, q->parts[1]);
        snprintf(m, sizeof m, k ? "content: (%s AND %s)" : "content: %s", a, b);
        sqlite3_bind_text(cs, 1, m, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(hs, 1, m, -1, SQLITE_TRANSIENT);
    }
    int rc = 0;
    if (sqlite3_step(cs) == SQLITE_ROW)
        *total = (uint64_t)sqlite3_column_int64(cs, 0);
    else
        rc = fail(c->db, q->text);
    int s;
    while (!rc && (s = sqlite3_step(hs)) == SQLITE_ROW)
        for (int col = 0; col < 3; col++)
            *sink += (size_t)sqlite3_column_bytes(hs, col);
    if (!rc && s != SQLITE_DONE)
        rc = fail(c->db, q->text);
    sqlite3_reset(cs);
    sqlite3_reset(hs);
    return rc;
}

static int do_search(sqlite3 *db, const char *queries, unsigned passes)
{
    sctx c = {.db = db};
    int rc = prep(db, "SELECT count(*) FROM docs WHERE docs MATCH ?1", &c.count[0]) ||
             prep(db, "SELECT count(*) FROM docs WHERE docs MATCH ?1", &c.count[1]) ||
             prep(db,
                  "SELECT rowid, title, snippet(docs, 1, '<b>', '</b>', '…', 40) FROM docs "
                  "WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
                  &c.hits[0]) ||
             prep(db,
                  "SELECT rowid, title, snippet(docs, 1, '<b>', '</b>', '…', 40) FROM docs "
                  "WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
                  &c.hits[1]) ||
             prep(db, "SELECT count(*) FROM docs WHERE instr(content, ?1)", &c.like_count[0]) ||
             prep(db, "SELECT count(*) FROM docs WHERE instr(content, ?1) AND instr(content, ?2)",
                  &c.like_count[1]) ||
             prep(db,
                  "SELECT rowid, title, substr(content, max(instr(content, ?1) - 40, 1), 120) "
                  "FROM docs WHERE instr(content, ?1) LIMIT 10",
                  &c.like_hits[0]) ||
             prep(db,
                  "SELECT rowid, title, substr(content, max(instr(content, ?1) - 40, 1), 120) "
                  "FROM docs WHERE instr(content, ?1) AND instr(content, ?2) LIMIT 10",
                  &c.like_hits[1]);
    if (!rc)
        rc = peer_drive(queries, passes, run_one, &c);
    for (int k = 0; k < 2; k++) {
        sqlite3_finalize(c.count[k]);
        sqlite3_finalize(c.hits[k]);
        sqlite3_finalize(c.like_count[k]);
        sqlite3_finalize(c.like_hits[k]);
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "index") && strcmp(argv[1], "search")) ||
        (!strcmp(argv[1], "search") && argc < 5)) {
        fprintf(stderr, "usage: zc-bench-peer-sqlite index DB JSONL | search DB QUERIES PASSES\n");
        return 2;
    }
    int indexing = !strcmp(argv[1], "index");
    sqlite3 *db;
    if (sqlite3_open_v2(
            argv[2], &db,
            indexing ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY, NULL)) {
        fprintf(stderr, "sqlite: %s: cannot open\n", argv[2]);
        return 2;
    }
    int rc = indexing ? do_index(db, argv[3]) : do_search(db, argv[3], (unsigned)atoi(argv[4]));
    sqlite3_close(db);
    return rc ? 2 : 0;
}
