/* The segmenter's internals, shared by seg.c (scanning and output),
 * route.c (the word DAG), numbers.c, hmm.c and userdict.c. */
#ifndef ZC_TEXT_SEG_INTERNAL_H
#define ZC_TEXT_SEG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dict/dict_internal.h"
#include "text/seg.h"

/* Text between blanks is cut in blocks of at most this many characters,
 * so scratch memory stays bounded whatever the input. A longer run is cut
 * after a punctuation mark near the limit (blindly only if it has none). */
#define ZC_SEG_BLOCK_MAX 4096

/* Frequencies (out of jieba's total of about 6e7) that stand for: a number
 * or Latin token, a Chinese numeral; a character frequent enough as a word
 * of its own that the HMM never glues it into an unknown word. */
#define ZC_SEG_ATOM_FREQ 1000.0
#define ZC_SEG_STRONG_FREQ 10000.0

/* Character classes. */
enum {
    ZC_CL_OTHER = 0, /* punctuation, symbols */
    ZC_CL_HAN = 1,
    ZC_CL_DIGIT = 2,
    ZC_CL_ALPHA = 4,
    ZC_CL_CONN = 8 /* a connector joined into a number or Latin token */
};
#define ZC_CL_ALNUM (ZC_CL_DIGIT | ZC_CL_ALPHA)

/* What the best edge from a position is. */
enum {
    ZC_EDGE_WORD = 0,   /* a dictionary word or a single Han character */
    ZC_EDGE_NUMBER = 1, /* a numeric token */
    ZC_EDGE_LATIN = 2,  /* a Latin or mixed token */
    ZC_EDGE_CNUM = 3,   /* a Chinese numeral expression */
    ZC_EDGE_PUNCT = 4   /* a punctuation mark (or a run of one dash character) */
};

/* The user dictionary: folded code point sequences in a hash table, with
 * every proper prefix present too so lookups can stop early. */
typedef struct zc_uentry {
    uint64_t hash;
    uint32_t key; /* offset in the key pool (code points) */
    uint16_t len;
    uint8_t used;
    uint8_t is_word;
    float logp;
    char tag[8];
} zc_uentry;

typedef struct zc_udict {
    zc_uentry *slots;
    size_t mask, n, words;
    uint32_t *keys;
    size_t n_keys, cap_keys;
} zc_udict;

/* One block of word characters and the route through it. Arrays have
 * ZC_SEG_BLOCK_MAX + 1 slots. */
typedef struct zc_block {
    size_t n;
    uint32_t *cp;  /* code points as in the text */
    uint16_t *cid; /* char ids (0: in no dictionary key) */
    uint32_t *off; /* byte offset from the block start; off[n] = byte length */
    uint8_t *cls;
    uint32_t *atom; /* at the start of a number or Latin token: its forced end */
    uint8_t *atom_kind;
    uint8_t *inner;  /* inside such a token: nothing starts or ends here */
    double *best;    /* log-probability of the best path from here to the end */
    uint32_t *next;  /* end of the first token on that path */
    uint8_t *kind;   /* ZC_EDGE_* of that token */
    float *single;   /* log-probability of the character as a word (> 0: none) */
    uint32_t *node2; /* trie node of the two characters from here, or NONE */
    uint32_t *wnode; /* trie node of that token's text (NONE: none), or
                      * ZC_ROUTE_NODE_UNKNOWN where the route did not walk it */
    /* Where the run of Chinese numerals, of Chinese digits, and of numerals
     * with 点 between them that starts at each position ends (the position
     * itself if none starts there), found by zc_num_atoms: expressions are
     * read off them, where scanning the run from each of its characters
     * made a block of numerals quadratic. */
    uint16_t *num_end, *digit_end, *point_end;
} zc_block;
_Static_assert(ZC_SEG_BLOCK_MAX < 65535, "block positions fit zc_block's uint16_t run ends");

#define ZC_ROUTE_NODE_UNKNOWN 0xFFFFFFFEu

struct zc_seg {
    const zc_dict *d;
    zc_block b;
    void *block_mem;
    uint8_t *hmm_path; /* 4 * ZC_SEG_BLOCK_MAX back pointers */
    uint32_t *hmm_ends;
    zc_token *toks;
    size_t n_toks, cap_toks;
    zc_udict user;
    double atom_logp, strong_logp, unknown_logp;
    size_t bad_offset;
};

/* numbers.c */
/* Whether the connector cp joins the characters around it into one token
 * (prev_cls/next_cls: classes of the neighbours, next3: the following
 * characters for the thousands separator check). */
int zc_num_joins(uint32_t cp, int prev_cls, uint32_t next_cp, int next_cls, const uint32_t *after,
                 size_t n_after);
int zc_num_is_sign(uint32_t cp);
/* Whether cp may ever join (a connector, a sign, ○): a quick filter. */
int zc_num_may_join(uint32_t cp);
int zc_num_is_cn_digit(uint32_t cp);
/* A Chinese digit or 十 百 千 万 亿 两. */
int zc_num_is_cn_numeral(uint32_t cp);
/* Whether a Chinese numeral expression may start with cp (a quick test
 * before zc_num_cn_ends): 第, or a numeral (U+4E00..U+96F6, 〇, ○). */
static inline int zc_num_may_start_cn(uint32_t cp)
{
    return ((cp >= 0x4E00 && cp <= 0x96F6) || cp == 0x3007 || cp == 0x25CB) &&
           (cp == 0x7B2C || zc_num_is_cn_numeral(cp));
}
/* Punctuation that forms one token when repeated: ——, ……, ---, ... */
int zc_num_merges(uint32_t cp);
/* Finds the forced tokens of a block: numbers, Latin words, punctuation
 * (atom, atom_kind, inner), and the runs of Chinese numerals (num_end,
 * digit_end, point_end). */
void zc_num_atoms(zc_block *b);
/* Stores in ends the ends of the Chinese numeral expressions starting at
 * i (二十一, 第三, 百分之三十, 二○○一年, 十二月, 三十一日); returns how many. */
size_t zc_num_cn_ends(const zc_block *b, size_t i, uint32_t *ends);

/* route.c: fills best/next/kind/single for a scanned block. */
void zc_route(zc_seg *s, zc_block *b);
/* log-probability of chars [a, b) of the block as a word (user dictionary
 * first); > 0 when it is none. */
double zc_route_span_logp(const zc_seg *s, const zc_block *b, size_t a, size_t e);

/* hmm.c: cuts cid[0..n) with the HMM; stores word ends (exclusive) in
 * ends and returns their count. */
size_t zc_hmm_cut(const zc_dict *d, const uint16_t *cid, size_t n, uint8_t *path, uint32_t *ends);

/* userdict.c */
void zc_udict_free(zc_udict *u);
/* The entry for folded code points key[0..len), or NULL. */
const zc_uentry *zc_udict_find(const zc_udict *u, const uint32_t *key, size_t len, uint64_t hash);
static inline uint64_t zc_udict_hash_start(void)
{
    return 1469598103934665603ULL;
}
static inline uint64_t zc_udict_hash_step(uint64_t h, uint32_t cp)
{
    return (h ^ cp) * 1099511628211ULL;
}

#endif
