/*
 * The index layout shared by the indexer and the searcher (docs/index.md):
 * what every term and value holds, and (index/schema.c) the one place each
 * composite value is written and read.
 *
 * Terms
 *   <unit>      positional: one per character (text/unit.h), case-folded
 *   U<x U>x U=x positional, beside the unit x, a letter or digit: x starts
 *               a run of ASCII letters or of digits (U<), ends one (U>), or
 *               is one alone (U=, beside U< and U>) (text/unit.h). A
 *               text's first unit, if a letter or digit, is asked for as
 *               U<x and its last as U>x (U=x when the text is that one
 *               unit), which keeps runs whole: `ai` is the phrase U<a U>i,
 *               not found in `domain`; `5%` is U<5 %, not in `15%`
 *   T<unit>     positional: the units of the title, and TU<x, TU>x, TU=x
 *               (none for a document without text, whose title is only
 *               the file's name)
 *   W<word>     segmented words and their sub-words, with wdf (ranking,
 *               and the words similar and keywords weigh: two-character
 *               words among them, though their B term holds the same
 *               documents, since a B term may straddle two words)
 *   B<unit><unit>  no positions, wdf: each two adjacent Han characters of
 *               the text (adjacent units within a line, as a phrase of
 *               the two is; the title's are not among them), so a B term
 *               is exactly the documents whose text holds those two
 *               characters: the match of a two-character text, a filter
 *               before a longer phrase's positions are read, and BM25
 *               over character bigrams ranks by them
 *   Q<id>       the document's unique id (hash of file path [+ "#" row])
 *   S<id>       the source file (hash of its real path): drops all its rows
 *   XD<id>      each directory above the source file (hash of its real
 *               path, "/" included): with S, what source:PATH selects
 *   XY<year>    the report's year (filter)
 *   XR<code>    the region and each of its ancestors (filter); a national
 *               document has XR100000 (ZC_REGION_NATIONAL_CODE) only
 *   XT<type>    the document's kind, "XT意见" (filter type:)
 *   XI<issuer>  the issuing body, "XI国务院" (filter issuer:)
 *   XN<code><year>, XN<code><year>#<number>
 *               the document number 国发〔2025〕3号 as "XN国发2025" and
 *               "XN国发2025#3", whatever brackets it was written with
 *               (filter docno:, zc_schema_docno_term)
 *   XFILLER     the filler: an empty document that is no document (below)
 *
 * Values: the slots below; a hit's fields and the cleaned text (snippets)
 * in one of them, the record (index/docrec.h). Document data: empty.
 *
 * The database metadata key ZC_META_SCHEMA records the layout version, so
 * an index written by an incompatible version is refused, not misread.
 */
#ifndef ZC_INDEX_SCHEMA_H
#define ZC_INDEX_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define ZC_SCHEMA_VERSION "12"
#define ZC_META_SCHEMA "zhengce.schema"

#define ZC_PREFIX_ID "Q"
#define ZC_PREFIX_SOURCE "S"
#define ZC_PREFIX_TITLE "T"
#define ZC_PREFIX_WORD "W"
#define ZC_PREFIX_BIGRAM "B"
#define ZC_PREFIX_YEAR "XY"
#define ZC_PREFIX_REGION "XR"
#define ZC_PREFIX_DIR "XD"
#define ZC_PREFIX_RUN "U"
#define ZC_PREFIX_TYPE "XT"
#define ZC_PREFIX_ISSUER "XI"
#define ZC_PREFIX_DOCNO "XN"

/* The whole country: national documents (State Council, ministries, NPC,
 * Party centre) have this region code and name, level "national", no
 * parent; the facet key has the code in the province's place. */
#define ZC_REGION_NATIONAL_CODE "100000"
#define ZC_REGION_NATIONAL_NAME "全国"

/* Every index holds one empty document with this term and no other, so
 * that no term ever indexes every document. libxapian 1.4 counts a term
 * that does, in a query that needs no word frequency (a count, the right
 * side of AND_NOT or FILTER), with its list of all documents under the
 * term's name; when the docids have gaps (after a removal or an update),
 * that list, read past its first chunk under the wrong name, fails with
 * "Unexpected end of posting list" (docs/xapian.md). It is there from the
 * first write, gaps or not, so that an updated index and a rebuild count
 * the same documents. The filler is not counted, listed or matched: see
 * zc_index_every_document. */
#define ZC_TERM_FILLER "XFILLER"

/* Longest word indexed as a term (bytes; Xapian allows 245 per term). */
#define ZC_MAX_WORD_TERM 120

/* Separates the entries of multi-valued slots. */
#define ZC_VALUE_SEP '\x1f'

enum {
    /* Slots 0, 1, 3, 8, 12, 13 and 14 held the path, title, region, date,
     * type, issuer and document number before the record took them; slot 7
     * the years a text discusses, which nothing read. */
    ZC_SLOT_YEAR = 2, /* sortable_serialise(year): the year filter */
    ZC_SLOT_ID = 4,   /* hex id, as in the Q term: relevance ties, by id */
    /* "size:mtime_ns:xxh3-64 (hex)[:manifest row digest] \t key" of the
     * file; the key is its real path (indexer/walk.c); zc_schema_source_* */
    ZC_SLOT_SOURCE = 5,
    /* The record: id, path ("+#row" for collections), title, region
     * ("江西省/新余市"), type (政府工作报告, 意见 …), date as the source
     * gives it else as the text does ("2025-03-05", "2025-03"), issuer
     * (发文机关 as the text states it), document number ("国发〔2025〕3号"),
     * year, and the cleaned text zstd-compressed (index/docrec.h). */
    ZC_SLOT_RECORD = 6,
    /* What facets count, in one value so that one stock Xapian value
     * counter reads one value per match (and also runs on remote shards):
     * "year\x1fprovince code\x1fcity code\x1fcounty code", empty fields for
     * what is unknown (zc_schema_facet_key). */
    ZC_SLOT_FACETS = 9,
    /* When the report is from, for sorting (zc_meta_date_key): "YYYYMMDD"
     * from the date, else the year as "YYYY0000"; absent when neither is
     * known. Sorted descending it gives the newest first and the undated
     * last. */
    ZC_SLOT_WHEN = 10,
    /* The same key with each digit d written 9 - d: sorted descending it
     * gives the oldest first and still the undated last, which no order of
     * one value does, and Xapian's remote protocol sorts by values only
     * (a KeyMaker with a default for missing values cannot be sent). */
    ZC_SLOT_WHEN_REV = 11
};

/* The codec: each composite term or value is made and taken apart here
 * and nowhere else. */

/* Hex digits of a document or source id. */
#define ZC_SCHEMA_ID_LEN 16

/* The id of a record key or a real path: FNV-1a, 64 bits, in hex; stable
 * across runs and machines. */
void zc_schema_id(const char *key, char out[ZC_SCHEMA_ID_LEN + 1]);
/* prefix followed by the id of key: the Q, S and XD terms. */
void zc_schema_term(char out[20], const char *prefix, const char *key);

/* The facet key of a document (ZC_SLOT_FACETS) of year (0: unknown), the
 * codes of its province, city and county, its type and its issuer (NULL or
 * "": unknown), into out: "year␟province␟city␟county␟type␟issuer"; its
 * length, 0 when it does not fit in cap. An issuer longer than
 * ZC_FACET_ISSUER_MAX bytes is left out (no body's name is that long). */
#define ZC_FACET_ISSUER_MAX 240
size_t zc_schema_facet_key(int year, const char *const codes[3], const char *type,
                           const char *issuer, char *out, size_t cap);
/* A facet key taken apart: the year (0: none), the three codes, the type
 * and the issuer, each a stretch of the value (len 0: none). */
typedef struct zc_schema_facets {
    int year;
    const char *code[3];
    size_t code_len[3];
    const char *type, *issuer;
    size_t type_len, issuer_len;
} zc_schema_facets;
void zc_schema_facet_parse(const char *v, size_t len, zc_schema_facets *out);

/* The stamp of a source file's content: "size:mtime_ns:hash", hash the
 * ZC_SCHEMA_ID_LEN hex digits of its content hash; malloc'd (NULL: out of
 * memory). */
char *zc_schema_stamp(uint64_t size, int64_t mtime_ns, const char *hash);
/* ZC_SLOT_SOURCE of a document: the stamp, the digest of the manifest row
 * that described the file (NULL: none), and the file's real path, appended
 * to out. */
void zc_schema_source_value(zc_buf *out, const char *stamp, const char *digest,
                            const char *real_path);
/* A ZC_SLOT_SOURCE value taken apart: its stamp (with the digest, as
 * zc_schema_stamp_parse reads it) and the real path, as stretches of v;
 * 0 when v is not such a value. */
int zc_schema_source_split(const char *v, size_t len, size_t *stamp_len, const char **path,
                           size_t *path_len);
/* A stamp (and digest) taken apart; 0 when it is not one. digest points
 * into stamp ("" when none). */
typedef struct zc_schema_stamp_fields {
    unsigned long long size;
    long long mtime_ns;
    char hash[ZC_SCHEMA_ID_LEN + 1];
    const char *digest;
} zc_schema_stamp_fields;
int zc_schema_stamp_parse(const char *stamp, zc_schema_stamp_fields *out);

/* The term of a unit (term, len bytes) that edges (ZC_UNIT_RUN_START,
 * ZC_UNIT_RUN_END or both: text/unit.h) say starts, ends or is a whole run
 * of letters or digits, after prefix ("" for the body, ZC_PREFIX_TITLE),
 * into out (at least strlen(prefix) + len + 3 bytes), NUL-terminated; its
 * length. */
size_t zc_schema_run_term(char *out, const char *prefix, const char *term, size_t len,
                          unsigned edges);
/* A document number (发文字号) taken apart: the issuer's code, the year
 * and the number (0: none), from "国发〔2025〕3号", "国发[2025]3号",
 * "国发(2025)3号", "国发［2025］3号", "国发【2025】3号", "国发2025" (a
 * query for all of that code and year), at s[0..n) whole; 0 when it is no
 * such number. */
typedef struct zc_schema_docno {
    char prefix[64];
    int year;
    int number;
} zc_schema_docno;
int zc_schema_docno_parse(const char *s, size_t n, zc_schema_docno *out);
/* Whether c opens the bracket of a number's year: 〔 [ ［ ( （ 【 〖. */
int zc_schema_docno_bracket(uint32_t c);
/* The term of d: its code and year, or (with_number) also its number;
 * the length written into out, 0 when it does not fit. */
size_t zc_schema_docno_term(const zc_schema_docno *d, int with_number, char *out, size_t cap);

/* ZC_SLOT_WHEN_REV from ZC_SLOT_WHEN: each digit d written 9 - d. */
void zc_schema_when_reversed(const char when[8], char out[8]);

#endif
