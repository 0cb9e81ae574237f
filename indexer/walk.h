/* Walking the files to index. */
#ifndef ZC_INDEXER_WALK_H
#define ZC_INDEXER_WALK_H

#include "indexer/record.h"
#include "zhengce.h"

/* Walks path (a file, or a directory recursively, in sorted order): calls
 * file for each file of a kind indexed, skip for each entry not indexed
 * (why->code ZC_ERR_INVALID for entries passed over: kinds not indexed,
 * links not followed; other codes for errors). A symbolic link named as
 * path is followed; one below it only with follow. keep, given to skip,
 * is the key at and below which indexed documents must stay because what
 * is there could not be read (NULL when nothing is there any more).
 * Directories reached twice (symlink loops) are not entered again. file
 * returns nonzero to abort the walk with that code. */
typedef int (*zc_walk_fn)(void *ctx, zc_file *f);
typedef void (*zc_walk_skip_fn)(void *ctx, const char *path, const char *keep, const zc_error *why);
typedef struct zc_walk {
    int follow; /* follow symbolic links below path */
    zc_walk_fn file;
    zc_walk_skip_fn skip;
    void *ctx;
} zc_walk;
/* *dir_key: when path is a directory, its key (malloc'd): the real path
 * below which the files walked have their keys; NULL otherwise. */
int zc_idx_walk(const zc_walk *w, const char *path, char **dir_key, zc_error *err);

/* The manifest beside reports overrides their metadata; it is no report. */
#define ZC_MANIFEST_NAME "zhengce-manifest.csv"

/* Commit (direct mode) after this many documents, at a file boundary. */
#define ZC_COMMIT_EVERY 1000

#endif
