/*
 * The index layout shared by the indexer and the searcher (docs/index.md).
 *
 * Terms
 *   <unit>      positional: one per character (dict/unit.h), case-folded
 *   Q<id>       the document's unique id (hex hash of its source)
 *
 * Values
 *   slots below; the document data is the cleaned text (for snippets).
 *
 * The database metadata key ZC_META_SCHEMA records the layout version, so
 * an index written by an incompatible version is refused, not misread.
 */
#ifndef ZC_INDEXER_SCHEMA_H
#define ZC_INDEXER_SCHEMA_H

#define ZC_SCHEMA_VERSION "1"
#define ZC_META_SCHEMA "zhengce.schema"

#define ZC_PREFIX_ID "Q"

enum {
    ZC_SLOT_PATH = 0,   /* path as given when indexed */
    ZC_SLOT_TITLE = 1,
    ZC_SLOT_YEAR = 2,   /* sortable_serialise(year) */
    ZC_SLOT_REGION = 3, /* "江西省/新余市" */
    ZC_SLOT_ID = 4,     /* hex id, as in the Q term */
    ZC_SLOT_SOURCE = 5, /* absolute path of the source file */
    ZC_SLOT_STAMP = 6   /* "size:mtime" of the source when indexed */
};

#endif
