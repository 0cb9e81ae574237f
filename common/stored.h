/* The cleaned text a document keeps for snippets and tests: compressed with
 * zstd and kept in a value (the document's record, index/docrec.h), not in
 * Xapian's document data. Xapian deflates document data with zlib at its default level,
 * which cost a tenth of the indexer's time; zstd at level 3 compresses
 * these texts several times faster, to within a few per cent of the size,
 * and a value slot is stored as given. */
#ifndef ZC_COMMON_STORED_H
#define ZC_COMMON_STORED_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

/* A compression context, reused from text to text (zstd's are large to
 * set up): one per thread that packs. */
typedef struct zc_stored_packer zc_stored_packer;
int zc_stored_packer_new(zc_stored_packer **out, zc_error *err);
void zc_stored_packer_free(zc_stored_packer *p);

/* Puts the stored form of text[0..len) in out (cleared first), with a
 * checksum of the text. */
int zc_stored_pack(zc_stored_packer *p, const char *text, size_t len, zc_buf *out, zc_error *err);

/* A decompression context, reused likewise (setting one up costs ten
 * times decompressing a short text): one per thread that unpacks. */
typedef struct zc_stored_unpacker zc_stored_unpacker;
int zc_stored_unpacker_new(zc_stored_unpacker **out, zc_error *err);
void zc_stored_unpacker_free(zc_stored_unpacker *u);

/* The text of a stored form, NUL-terminated (malloc'd), with u (NULL: a
 * context of its own). ZC_ERR_CORRUPT for anything that is not one, or
 * whose checksum does not match ("stored text is damaged (zstd: ...)";
 * the caller names the index and the document). */
int zc_stored_unpack(zc_stored_unpacker *u, const char *data, size_t len, char **text,
                     size_t *text_len, zc_error *err);

#endif
