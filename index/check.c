/* Telling a damaged index before it gives wrong answers. Xapian takes a
 * missing table for one never written (most of a glass database's tables
 * are created when first needed), so a deleted or lost file is not an
 * error to it:
 *
 * - position.glass: the phrase checks pass for want of positions, so
 *   every phrase and keyword query matches documents holding its
 *   characters anywhere: counts grow, silently;
 * - postlist.glass: a read fails, but a write with "create if missing"
 *   takes the database for absent and makes a new, empty one in its place;
 * - termlist.glass: searches work, a write fails to open it;
 * - iamglass: nothing opens.
 *
 * A zhengce index with documents has a postlist and a termlist table, and
 * one whose documents have text has positions (every character is a
 * positional term): so these are checked, by file and by Xapian's own
 * statistics, before an index is used. (Document data, docdata.glass, is
 * never written: its absence is no damage.) */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/err.h"
#include "index/check.h"

static int has_file(const char *dir, const char *name)
{
    zc_buf p = ZC_BUF_INIT;
    struct stat st;
    int yes = zc_buf_printf(&p, "%s/%s", dir, name) == 0 && stat(p.data, &st) == 0;
    zc_buf_free(&p);
    return yes;
}

/* Whether dir holds any table of a glass database. */
static int has_tables(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int yes = 0;
    while (!yes && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        yes = n > 6 && !strcmp(e->d_name + n - 6, ".glass");
    }
    closedir(d);
    return yes;
}

static int damaged(const char *dir, const char *what, zc_error *err)
{
    return zc_err_set(err, ZC_ERR_CORRUPT,
                      "index '%s' is damaged: %s; rebuild it with `zhengce index --full`", dir,
                      what);
}

int zc_index_check_tables(const char *dir, zc_xdb *db, zc_error *err)
{
    if (!has_file(dir, "iamglass"))
        return has_tables(dir) ? damaged(dir, "iamglass (the table of contents) is missing", err)
                               : ZC_OK; /* no index here: the open says so */
    if (!has_file(dir, "postlist.glass"))
        return damaged(dir, "postlist.glass is missing", err);
    zc_xdb *own = NULL;
    if (!db) {
        /* The caller opens it next and reports what fails to open. */
        if (zc_xdb_open(dir, &own, NULL) != ZC_OK)
            return ZC_OK;
        db = own;
    }
    zc_xdb_stats st;
    int rc = zc_xdb_stats_get(db, &st, err);
    if (rc == ZC_OK && st.doc_count && !has_file(dir, "termlist.glass"))
        rc = damaged(dir, "termlist.glass is missing", err);
    if (rc == ZC_OK && st.total_length && !st.has_positions)
        rc = damaged(dir,
                     "position.glass is missing or empty, but its documents have text (phrase "
                     "and keyword searches would match wrongly)",
                     err);
    zc_xdb_free(own);
    return rc;
}
