/*
 * The compiled dictionary: words with probabilities and tags, the HMM
 * parameters of the segmenter, idf weights, stop words, synonym groups
 * and the gazetteer of administrative regions.
 *
 * A zc_dict maps the file built by zhengce-dictc (docs/segmenter.md) and
 * reads it in place: opening costs a header check, not a parse. It is
 * immutable, so one zc_dict may be shared by any number of threads.
 *
 * Strings passed in are UTF-8 with an explicit length; lookups fold ASCII
 * letters to lower case and full-width ASCII to ASCII, as the segmenter
 * does. Strings handed out point into the mapping and live as long as the
 * zc_dict.
 */
#ifndef ZC_DICT_DICT_H
#define ZC_DICT_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "zhengce.h"

typedef struct zc_dict zc_dict;

/* Opens a compiled dictionary. path NULL (or "") means $ZHENGCE_DICT, else
 * share/zhengce/zhengce.dict beside the library, else the dictionary of the
 * build (ZC_DEFAULT_DICT), else the installed one. A missing file is
 * ZC_ERR_NOT_FOUND, a truncated or foreign one ZC_ERR_CORRUPT, another
 * format version ZC_ERR_VERSION; messages name the path. */
int zc_dict_open(const char *path, zc_dict **out, zc_error *err);
void zc_dict_free(zc_dict *d);

/* The path the dictionary was opened from. */
const char *zc_dict_path(const zc_dict *d);

/* Checks the hash of the whole file (a few ms for the default
 * dictionary): ZC_ERR_CORRUPT if any byte changed since it was written. */
int zc_dict_verify(const zc_dict *d, zc_error *err);

typedef struct zc_dict_info {
    uint32_t words;   /* segmentation words */
    uint32_t entries; /* words plus lookup-only entries (stop words, synonyms, idf) */
    uint32_t chars;   /* distinct characters in keys */
    uint32_t nodes;   /* trie slots */
    uint32_t regions;
    uint32_t synonym_groups;
    uint64_t file_size;
    double log_total; /* log of the total word frequency */
    float idf_default;
} zc_dict_info;
void zc_dict_get_info(const zc_dict *d, zc_dict_info *out);

/* What the dictionary knows about one string. */
typedef struct zc_dict_word {
    int is_word;     /* a segmentation word (else only a lookup entry) */
    int is_stop;     /* a stop word */
    int is_region;   /* a region name or short form */
    double logp;     /* log(freq / total) of a segmentation word, else 0 */
    double freq;     /* the frequency that logp stands for, else 0 */
    const char *tag; /* part of speech ("n", "ns", ...), "" if none */
    float idf;       /* its idf, else the default (median) idf */
    uint32_t entry;  /* entry index, for zc_dict_syn_groups() */
} zc_dict_word;

/* Returns 1 and fills *out (which may be NULL) if word is an entry, else 0. */
int zc_dict_lookup(const zc_dict *d, const char *word, size_t len, zc_dict_word *out);
int zc_dict_is_stop(const zc_dict *d, const char *word, size_t len);
/* What the indexer asks of every word it meets, without the rest of
 * zc_dict_lookup (a logarithm turned into a frequency, the tag, the idf):
 * ZC_WORD_STOP and ZC_WORD_REGION bits, 0 for a word that is no entry. */
enum { ZC_WORD_STOP = 1, ZC_WORD_REGION = 2 };
unsigned zc_dict_word_flags(const zc_dict *d, const char *word, size_t len);
/* The same flags from an entry index (zc_token.entry); 0 for an index out
 * of range (ZC_TOK_NO_ENTRY). */
unsigned zc_dict_entry_word_flags(const zc_dict *d, uint32_t entry);
/* Asks for an entry's record ahead of zc_dict_entry_word_flags: the
 * records of a text's words lie far apart, and fetches asked for a few
 * words ahead overlap instead of each waiting for the last. */
void zc_dict_entry_prefetch(const zc_dict *d, uint32_t entry);
/* The word's idf, or the default idf when it has none. */
float zc_dict_idf(const zc_dict *d, const char *word, size_t len);

/* Synonym groups (dict/lexicon/synonyms.txt): the first word of a group is
 * its canonical form. zc_dict_synonyms() stores up to max group indexes of
 * the groups containing word and returns how many there are. */
size_t zc_dict_synonyms(const zc_dict *d, const char *word, size_t len, uint32_t *groups,
                        size_t max);
uint32_t zc_dict_syn_group_size(const zc_dict *d, uint32_t group);
/* The i-th word of a group (0: canonical); NULL when out of range. */
const char *zc_dict_syn_group_word(const zc_dict *d, uint32_t group, uint32_t i);

/* The gazetteer (dict/lexicon/regions.tsv), provinces before their cities
 * before their counties. */
typedef enum zc_region_level {
    ZC_REGION_PROVINCE = 1,
    ZC_REGION_CITY = 2,
    ZC_REGION_COUNTY = 3
} zc_region_level;

typedef struct zc_region {
    const char *code; /* GB/T 2260 code */
    const char *name; /* full name, e.g. 新余市 */
    zc_region_level level;
    int32_t parent;   /* index of the parent region, -1 for a province */
    uint32_t n_short; /* short forms, read with zc_dict_region_short() */
} zc_region;

size_t zc_dict_region_count(const zc_dict *d);
/* Fills *out for region i; returns 0 if i is out of range. */
int zc_dict_region_get(const zc_dict *d, size_t i, zc_region *out);
const char *zc_dict_region_short(const zc_dict *d, size_t i, uint32_t k);
const char *zc_region_level_name(zc_region_level level);
/* The index of the region with this GB/T 2260 code, or -1. */
long zc_dict_region_by_code(const zc_dict *d, const char *code);
/* Stores up to max indexes of the regions whose name or a short form
 * equals name (in index order, each once); returns how many match. */
size_t zc_dict_region_find(const zc_dict *d, const char *name, size_t len, uint32_t *out,
                           size_t max);

#endif
