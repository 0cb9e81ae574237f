/* zhengce-dictc: the dictionary compiler's shared state. */
#ifndef ZC_DICTC_COMPILE_H
#define ZC_DICTC_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "dict/dict_format.h"
#include "zhengce.h"

/* One entry: a segmentation word (freq > 0) or a lookup-only key. */
typedef struct zc_cword {
    uint32_t key; /* offset of the folded UTF-8 key in the key pool */
    uint32_t key_len;
    double freq;
    float idf;
    uint8_t tag;
    uint8_t flags; /* ZC_ENTRY_* */
} zc_cword;

/* Entries by key: a vector plus an open-addressing index. */
typedef struct zc_wordtab {
    zc_cword *w;
    size_t n, cap;
    zc_buf keys;
    uint32_t *slots; /* entry index + 1; 0 is empty */
    size_t mask;
} zc_wordtab;

long zc_wordtab_find(const zc_wordtab *t, const char *key, size_t len);
/* The entry of key, created (freq 0, no flags) if missing; -1 if out of memory. */
long zc_wordtab_add(zc_wordtab *t, const char *key, size_t len);
const char *zc_wordtab_key(const zc_wordtab *t, size_t i);
void zc_wordtab_free(zc_wordtab *t);

typedef struct zc_creg {
    char *code, *name, *parent_code;
    char **shorts;
    size_t n_shorts;
    int level;
    int32_t parent;
    size_t line;
} zc_creg;

typedef struct zc_dictc {
    zc_wordtab words;
    char tags[256][8];
    unsigned n_tags;
    double total; /* sum of the frequencies of segmentation words */
    double hmm_start[4];
    double hmm_trans[4][4];
    uint32_t *emit_cp; /* characters of the emission table ... */
    float (*emit)[4];  /* ... and their log-probabilities */
    size_t n_emit;
    float idf_default;
    zc_creg *regions;
    size_t n_regions;
    uint32_t *syn_members; /* entry indexes, groups in order */
    zc_dict_span *syn_groups;
    size_t n_syn_members, n_syn_groups;
    const char *regions_path;
    int quiet;
} zc_dictc;

void zc_dictc_free(zc_dictc *c);
/* Index of a tag (added if new); 0 for "" or when the table is full. */
uint8_t zc_dictc_tag(zc_dictc *c, const char *tag, size_t len);

/* Folds a word (ASCII lower case, full-width ASCII to ASCII) into out
 * (cleared first); returns its length in characters, or 0 if it is not
 * valid UTF-8 or holds blanks or control characters. */
size_t zc_dictc_fold(const char *s, size_t len, zc_buf *out);

/* A whole file in memory; a UTF-8 BOM is skipped. */
int zc_dictc_read_file(const char *path, zc_buf *out, zc_error *err);
/* Cuts the next line (without its line break) from *pos in buf;
 * returns 0 at the end. */
int zc_dictc_next_line(const zc_buf *buf, size_t *pos, const char **line, size_t *len);

/* The entry of a lexicon word, folded into key; -1 with err set if the
 * word is malformed (path and lineno name it) or memory runs out. */
long zc_dictc_add_word(zc_dictc *c, const char *w, size_t len, zc_buf *key, const char *path,
                       size_t lineno, zc_error *err);
/* Makes entry e a segmentation word of frequency freq (keeps the total). */
void zc_dictc_set_freq(zc_dictc *c, long e, double freq);
/* The frequency of entry e as a segmentation word, else 0. */
double zc_dictc_word_freq(const zc_dictc *c, long e);

/* The frequency a word given without one should get (suggest.h). */
double zc_dictc_suggest(zc_dictc *c, const char *key, size_t len, double floor);

/* Sources: jieba's files, then the project's lexicons (lexicon.c). */
int zc_dictc_load_jieba_dict(zc_dictc *c, const char *path, zc_error *err);
/* The HMM tables from the file dict/compile/jieba_hmm.py writes (its
 * format is in the script); a bad line is named with its file and line. */
int zc_dictc_load_hmm(zc_dictc *c, const char *path, zc_error *err);
int zc_dictc_load_idf(zc_dictc *c, const char *path, zc_error *err);
int zc_dictc_load_policy(zc_dictc *c, const char *path, zc_error *err);
int zc_dictc_load_regions(zc_dictc *c, const char *path, zc_error *err);
/* Adds the loaded regions' names and short forms as words. */
int zc_dictc_region_words(zc_dictc *c, zc_error *err);
int zc_dictc_load_stopwords(zc_dictc *c, const char *path, zc_error *err);
int zc_dictc_load_synonyms(zc_dictc *c, const char *path, zc_error *err);

/* Writes the compiled dictionary (writer.c). */
int zc_dictc_write(zc_dictc *c, const char *path, zc_error *err);

/* Builds the double-array trie over keys of char ids (datrie.c). keys[i]
 * has len[i] ids at ids + off[i]; entry i ends at the returned node
 * node_entry[...] = i, its node logp = logp[i]. Keys must be distinct. */
/* A node while building; writer.c packs it into a zc_dict_node. */
typedef struct zc_da_node {
    uint32_t base, check;
    float logp;
} zc_da_node;

typedef struct zc_da_input {
    const uint16_t *ids;
    const uint32_t *off;
    const uint16_t *len;
    const float *logp;
    size_t n;
} zc_da_input;
int zc_da_build(const zc_da_input *in, zc_da_node **nodes, uint32_t **node_entry, uint32_t *n_nodes,
                zc_error *err);

#endif
