/* A document's record (ZC_SLOT_RECORD): what a hit shows — its id, path,
 * title, region, type, date, issuer, document number and year — and its
 * stored text, in one value, so that a page of hits reads one value per
 * hit. (Each value Xapian reads by document walks its B-tree from the
 * root; nine fields in nine slots cost a page of ten hits some 170 block
 * reads, the record about 40.)
 *
 * The form: "R1", then the eight strings, each ended by a NUL, then the
 * year in decimal ended by a NUL (empty: unknown), then the stored text
 * (common/stored.h) to the end. */
#ifndef ZC_INDEX_DOCREC_H
#define ZC_INDEX_DOCREC_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

/* The record's strings, in the order they are written. */
#define ZC_DOCREC_FIELDS 8

typedef struct zc_docrec {
    /* NUL-terminated; "" when unknown. Parsed: pointers into the value.
     * By name, or as field[] in the order the record holds them (the
     * names in zc_docrec_names). */
    union {
        struct {
            const char *id, *path, *title, *region, *type, *date, *issuer, *docno;
        };
        const char *field[ZC_DOCREC_FIELDS];
    };
    int year;           /* 0: unknown */
    const char *stored; /* the stored text (common/stored.h) */
    size_t stored_len;
} zc_docrec;

/* The names of field[]: "id", "path", "title", "region", "type", "date",
 * "issuer", "docno". */
extern const char *const zc_docrec_names[ZC_DOCREC_FIELDS];

/* Copies of r's strings into *to[k] for each field[k] (to in the record's
 * order). ZC_ERR_NOMEM when one cannot be made; the copies made are the
 * caller's to free either way. */
int zc_docrec_copy(const zc_docrec *r, char **const to[ZC_DOCREC_FIELDS], zc_error *err);

/* The record of r into out (cleared first); NULL strings are written as
 * "". */
int zc_docrec_pack(const zc_docrec *r, zc_buf *out, zc_error *err);

/* Takes a record apart; out's strings point into data, which must outlive
 * them and hold a NUL past len or after each field (a value as read:
 * every field ends in one). ZC_ERR_CORRUPT when data is no record. */
int zc_docrec_parse(const char *data, size_t len, zc_docrec *out, zc_error *err);

#endif
