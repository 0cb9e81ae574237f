/* keywords: the parts of the tool (keywords.c; the background and the
 * score, keywords_bg.c; the words and phrases, keywords_phrases.c). */
#ifndef ZC_RESEARCH_KEYWORDS_H
#define ZC_RESEARCH_KEYWORDS_H

#include "research.h"

/* The background a document is compared with: every other document (set
 * NULL), or the sorted docids of set. len: the background's length (the
 * sum of its documents' lengths, index terms), self_len the document's. */
typedef struct zc_kw_bg {
    zc_xdocid self;
    zc_against against;
    zc_xdocid *set;
    size_t n;
    double len, self_len;
} zc_kw_bg;

int zc_kw_background(zc_index *ix, const zc_rdoc *d, zc_against against, zc_kw_bg *bg,
                     zc_error *err);
void zc_kw_background_free(zc_kw_bg *bg);
/* Whether docid d is in the background. */
int zc_kw_in(const zc_kw_bg *bg, zc_xdocid d);
/* The occurrences of term (len bytes, prefix included) in the background;
 * a: its occurrences in the document (taken off the whole index's). */
int zc_kw_background_count(zc_index *ix, const zc_kw_bg *bg, const char *term, size_t len,
                           uint64_t a, uint64_t *out, zc_error *err);

/* G² of a occurrences in n1 tokens against b in n2, 0 unless a is
 * over-represented (a/n1 > b/n2). */
double zc_kw_g2(uint64_t a, uint64_t b, double n1, double n2);

/* A candidate: a word of the document, or a phrase of such words. */
typedef struct zc_kw_word {
    char *text; /* without prefix, malloc'd */
    uint64_t count, background;
    uint64_t inside; /* a word's occurrences inside phrases kept */
    double score;
    int phrase;
} zc_kw_word;

typedef struct zc_kw_words {
    zc_kw_word *v;
    size_t n, cap;
    double n1, n2; /* word tokens of the document, and (estimated) of the background */
} zc_kw_words;

/* The document's telling word terms, scored (keywords_phrases.c). */
int zc_kw_words_score(zc_index *ix, const zc_kw_bg *bg, zc_kw_words *ws, zc_error *err);
/* Adds the phrases: runs of adjacent telling words in text, repeated,
 * counted exactly in the document and the background, and notes for each
 * word how often it occurs inside them. */
int zc_kw_phrases(zc_index *ix, const zc_kw_bg *bg, const char *text, size_t len, zc_kw_words *ws,
                  zc_error *err);
void zc_kw_words_free(zc_kw_words *ws);

#endif
