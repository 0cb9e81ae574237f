/*
 * The compiled dictionary file (zhengce.dict): layout shared by the
 * compiler (dict/compile/) and the reader (dict/dict.c).
 *
 * The file is mapped into memory and used in place, so everything is
 * fixed-width little-endian (integers, IEEE-754 floats) and every section
 * starts on a ZC_DICT_ALIGN boundary. Layout:
 *
 *   header (zc_dict_header, ZC_DICT_HEADER_SIZE bytes)
 *   sections, in any order, located by header.sections[]
 *
 * The header carries two XXH3-64 hashes: one of the header itself (checked
 * at every open, cheap) and one of everything after it (checked by
 * zc_dict_verify(): the compiler and the tests run it; opening does not,
 * to stay within a few milliseconds).
 *
 * Words are keys of a double-array trie over *character ids*: the compiler
 * numbers every character that occurs in a key (1..n_chars, the most
 * frequent first so that hot nodes sit together) and the char map turns a
 * code point into its id, folding ASCII letters to lower case and
 * full-width ASCII (U+FF01..U+FF5E) to ASCII on the way, so lookups are
 * case- and width-insensitive without touching the text.
 */
#ifndef ZC_DICT_FORMAT_H
#define ZC_DICT_FORMAT_H

#include <stdint.h>

#define ZC_DICT_MAGIC "ZCDICT\r\n" /* 8 bytes; \r\n catches text-mode mangling */
#define ZC_DICT_VERSION 2u
#define ZC_DICT_ALIGN 64u
#define ZC_DICT_NONE 0xFFFFFFFFu /* "no entry" / free trie slot */

/* A logp above 0 means "not a word": a prefix, or an entry kept only for
 * lookups (stop word, synonym, idf). */
#define ZC_DICT_NOT_WORD 1.0f

/* Emission log-probability stored for a character the HMM never saw in a
 * state (jieba uses -3.14e100, which a float cannot hold; sums are done in
 * double, so this still dominates every real path). */
#define ZC_DICT_EMIT_MIN (-3.0e38f)

/* HMM states, in the order of every [4] array below. */
enum { ZC_HMM_B = 0, ZC_HMM_M = 1, ZC_HMM_E = 2, ZC_HMM_S = 3 };

enum zc_dict_section_id {
    ZC_SEC_CMAP_BMP = 0,  /* uint16[65536]: folded code point -> char id (0: none) */
    ZC_SEC_CMAP_SUPP,     /* zc_dict_cpair[n_supp], sorted by cp: the same above U+FFFF */
    ZC_SEC_NODES,         /* zc_dict_node[n_nodes]; node 0 is the root */
    ZC_SEC_NODE_ENTRY,    /* uint32[n_nodes]: entry index of a key's last node, or NONE */
    ZC_SEC_ENTRIES,       /* zc_dict_entry[n_entries] */
    ZC_SEC_EMIT,          /* float[n_chars + 1][4]: HMM emission log-probabilities */
    ZC_SEC_TAGS,          /* char[n_tags][8]: part-of-speech tags, NUL-padded; tag 0 is "" */
    ZC_SEC_SYN_LISTS,     /* uint32[]: at an entry's syn offset: count, then group indexes */
    ZC_SEC_SYN_GROUPS,    /* zc_dict_span[n_groups]: members in SYN_MEMBERS */
    ZC_SEC_SYN_MEMBERS,   /* uint32[]: string offsets; a group's first word is canonical */
    ZC_SEC_REGIONS,       /* zc_dict_region_rec[n_regions], parents before children */
    ZC_SEC_REGION_SHORTS, /* uint32[]: string offsets of short forms */
    ZC_SEC_REGION_INDEX,  /* zc_dict_name_ref[n_region_names], sorted by name bytes */
    ZC_SEC_STRINGS,       /* NUL-terminated UTF-8; offset 0 is "" */
    ZC_SEC_PAIRS,         /* uint64[1 << (PAIR_BITS - 6)]: filter of the keys' first two ids */
    ZC_SEC_COUNT
};

typedef struct zc_dict_section_ref {
    uint64_t off;
    uint64_t size;
} zc_dict_section_ref;

typedef struct zc_dict_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t file_size;
    uint64_t payload_hash; /* XXH3-64 of bytes [header_size, file_size) */
    uint32_t n_nodes;
    uint32_t n_entries;
    uint32_t n_chars;
    uint32_t n_tags;
    uint32_t n_supp;
    uint32_t n_groups;
    uint32_t n_regions;
    uint32_t n_region_names;
    uint32_t n_words;  /* entries that are segmentation words */
    float idf_default; /* median idf of jieba's idf.txt */
    double log_total;  /* log of the sum of all word frequencies */
    double hmm_start[4];
    double hmm_trans[4][4]; /* [from][to] */
    zc_dict_section_ref sections[ZC_SEC_COUNT];
    uint64_t header_hash; /* XXH3-64 of the header with this field zeroed */
} zc_dict_header;

#define ZC_DICT_HEADER_SIZE ((uint32_t)sizeof(zc_dict_header))

/* A trie node in 64 bits (a third less memory than three words, and a
 * node never straddles a cache line):
 *   bits  0..21  base: the child by char id c is node base + c
 *   bits 22..43  check: the parent's index (ZC_DICT_IDX_MASK: a free slot)
 *   bits 44..63  q: a word ends here with log(freq / total) = -q / 2^14,
 *                or ZC_DICT_Q_NONE (no word). */
typedef uint64_t zc_dict_node;
#define ZC_DICT_IDX_BITS 22
#define ZC_DICT_IDX_MASK ((1u << ZC_DICT_IDX_BITS) - 1)
#define ZC_DICT_LOGP_SCALE 16384.0f
#define ZC_DICT_Q_NONE 0xFFFFFu

static inline uint32_t zc_dict_node_base(zc_dict_node n)
{
    return (uint32_t)n & ZC_DICT_IDX_MASK;
}
static inline uint32_t zc_dict_node_check(zc_dict_node n)
{
    return (uint32_t)(n >> ZC_DICT_IDX_BITS) & ZC_DICT_IDX_MASK;
}
/* log(freq / total) of the word ending at the node, or ZC_DICT_NOT_WORD. */
static inline float zc_dict_node_logp(zc_dict_node n)
{
    uint32_t q = (uint32_t)(n >> 44);
    return q == ZC_DICT_Q_NONE ? ZC_DICT_NOT_WORD : -(float)q / ZC_DICT_LOGP_SCALE;
}

enum zc_dict_entry_flags {
    ZC_ENTRY_WORD = 1,    /* a segmentation word */
    ZC_ENTRY_STOP = 2,    /* listed in stopwords.txt */
    ZC_ENTRY_REGION = 4,  /* a region name or short form */
    ZC_ENTRY_LEXICON = 8, /* from the project's lexicons (policy.txt) */
    ZC_ENTRY_IDF = 16     /* has its own idf (else the default) */
};

typedef struct zc_dict_entry {
    float idf;
    uint32_t syn;  /* offset into SYN_LISTS (a count of 0 there: no synonyms) */
    uint8_t tag;   /* index into TAGS */
    uint8_t flags; /* zc_dict_entry_flags */
    uint16_t reserved;
} zc_dict_entry;

typedef struct zc_dict_cpair {
    uint32_t cp;
    uint32_t id;
} zc_dict_cpair;

typedef struct zc_dict_span {
    uint32_t first;
    uint32_t count;
} zc_dict_span;

typedef struct zc_dict_region_rec {
    uint32_t code;   /* string offset */
    uint32_t name;   /* string offset */
    int32_t parent;  /* region index, -1 for a province */
    uint32_t shorts; /* first index in REGION_SHORTS */
    uint16_t n_shorts;
    uint8_t level; /* zc_region_level */
    uint8_t reserved;
} zc_dict_region_rec;

typedef struct zc_dict_name_ref {
    uint32_t str;    /* string offset of a name or short form */
    uint32_t region; /* region index */
} zc_dict_name_ref;

/* The pair filter: bit zc_dict_pair_hash(a, b) is set when some key
 * starts with char ids a, b. Most pairs of neighbouring characters in a
 * text start no word; the filter (256 KB, cache-resident) answers for them
 * without touching the trie. */
#define ZC_DICT_PAIR_BITS 21
static inline uint32_t zc_dict_pair_hash(uint32_t a, uint32_t b)
{
    return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA77u)) >> (32 - ZC_DICT_PAIR_BITS);
}

/* Folds a code point the way the char map does (ASCII lower case,
 * full-width ASCII to ASCII); used by the compiler to build the map and by
 * the runtime user dictionary, which keys on code points. */
static inline uint32_t zc_dict_fold_cp(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFEE0;
    if (cp >= 'A' && cp <= 'Z')
        cp += 32;
    return cp;
}

#endif
