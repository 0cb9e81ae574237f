/* The manifest: a CSV file named zhengce-manifest.csv beside reports, whose
 * rows give metadata that overrides what the text suggests:
 *
 *   file,title,region,year
 *   000_c7aa4d322e244bff.txt,新余在聚力打造新型工业强市中勇担当大作为,江西省/新余市,2026
 *
 * `file` is relative to the manifest's directory; empty cells are ignored.
 * Manifests are read once per directory and cached for the run. A
 * manifest that is a symbolic link is not followed unless links are. */
#ifndef ZC_INDEXER_MANIFEST_H
#define ZC_INDEXER_MANIFEST_H

#include "record.h"
#include "zhengce.h"

typedef struct zc_manifest_entry {
    char *title;  /* NULL when not given */
    char *region; /* NULL when not given */
    int year;     /* 0 when not given */
    /* A hash of what the row gives (ZC_SRC_HASH_LEN hex digits), kept in
     * the source stamp of its file's documents: an edited row makes the
     * next incremental run index the file again. */
    char digest[ZC_SRC_HASH_LEN + 1];
} zc_manifest_entry;

typedef struct zc_manifests zc_manifests;

/* follow: read a manifest that is a symbolic link. */
int zc_manifests_new(zc_manifests **out, int follow, zc_error *err);
void zc_manifests_free(zc_manifests *m);

/* The entry for the file at path (as named), or NULL. A malformed manifest
 * is an error naming it and the line. */
int zc_manifests_find(zc_manifests *m, const char *path, const zc_manifest_entry **out,
                      zc_error *err);

#endif
