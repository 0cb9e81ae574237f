/* Telling a damaged index (index_check.c). */
#ifndef ZC_INDEX_INDEX_CHECK_H
#define ZC_INDEX_INDEX_CHECK_H

#include "xapian-c/xapian_c.h"
#include "zhengce.h"

/* Checks that the glass database in dir has the tables its documents need:
 * ZC_ERR_CORRUPT, naming the index, the missing table and what to do, if
 * not. db, if not NULL, is dir opened already; else dir is opened here,
 * read-only (a database that does not open is left to the caller's own
 * open to report). A directory without a database passes. */
int zc_index_check_tables(const char *dir, zc_xdb *db, zc_error *err);

#endif
