/*
 * The segmenter: cuts UTF-8 text into words (docs/segmenter.md).
 *
 * Accurate mode takes the most probable path through the DAG of dictionary
 * words (as jieba does), hands runs of characters left single to an HMM
 * that finds unknown words (jieba's finalseg), and keeps numbers with their
 * unit or date character (2025年, 5.8%, 3万), Latin words and mixed tokens
 * (5G, PM2.5, 27GWh) as single tokens. Search mode adds, before each long
 * word, the dictionary words of two and three characters inside it.
 *
 * Blanks and line breaks separate tokens and are never tokens; every other
 * character belongs to exactly one accurate-mode token; punctuation marks
 * are tokens of their own. ASCII and full-width letters are matched
 * case-insensitively against the dictionary; the text itself is not
 * changed (offsets point into it).
 *
 * A zc_seg holds scratch memory and the runtime user dictionary; it is
 * used by one thread at a time. Many zc_seg may share one zc_dict.
 */
#ifndef ZC_TEXT_SEG_H
#define ZC_TEXT_SEG_H

#include <stddef.h>
#include <stdint.h>

#include "dict/dict.h"
#include "zhengce.h"

typedef struct zc_seg zc_seg;

typedef enum zc_seg_mode { ZC_SEG_ACCURATE = 0, ZC_SEG_SEARCH = 1 } zc_seg_mode;

enum zc_seg_flags {
    ZC_SEG_NO_HMM = 1 /* leave unknown characters single */
};

enum zc_token_flags {
    ZC_TOK_SUB = 1,    /* search mode: a dictionary word inside the next non-SUB token */
    ZC_TOK_PUNCT = 2,  /* punctuation or a symbol (a run of one dash or dot character) */
    ZC_TOK_NUMBER = 4, /* a number, with its sign, %, magnitude or date character */
    ZC_TOK_LATIN = 8,  /* letters other than Han, possibly with digits (5G, PM2.5) */
    ZC_TOK_HMM = 16    /* a word the HMM found, not in the dictionary */
};

/* A token: where it is in the text, in bytes and in units (text/unit.h:
 * every character but blanks and line breaks is a unit, a run of blanks is
 * one unit; unit_off counts the units before the token). */
typedef struct zc_token {
    size_t byte_off;
    size_t unit_off;
    uint32_t byte_len;
    uint32_t unit_len; /* = its length in characters */
    uint32_t flags;    /* zc_token_flags */
    /* The compiled dictionary's entry for the token's text (as
     * zc_dict_lookup would find it), ZC_TOK_NO_ENTRY when there is none, or
     * ZC_TOK_ENTRY_UNKNOWN when the segmenter did not meet the text in the
     * dictionary's trie (words of the HMM or of the user dictionary,
     * numbers, Latin tokens): look it up then. */
    uint32_t entry;
} zc_token;

#define ZC_TOK_NO_ENTRY 0xFFFFFFFFu
#define ZC_TOK_ENTRY_UNKNOWN 0xFFFFFFFEu

int zc_seg_new(const zc_dict *d, zc_seg **out, zc_error *err);
void zc_seg_free(zc_seg *s);

/* Adds a word to this segmenter's user dictionary (it wins over the
 * compiled dictionary's entry for the same word). freq <= 0 means: high
 * enough that the word is kept whole (suggest.h); tag may be NULL. A word
 * with a blank in it is refused (ZC_ERR_INVALID); words are matched within
 * runs of Han characters, letters and digits, so one holding punctuation
 * is accepted but never matches. */
int zc_seg_add_word(zc_seg *s, const char *word, double freq, const char *tag, zc_error *err);
/* Loads a user dictionary file: `word [freq] [tag]` per line, # comments. */
int zc_seg_load_user_dict(zc_seg *s, const char *path, zc_error *err);

/* Cuts text[0..len). On success *toks holds *n tokens in text order (in
 * search mode each word's SUB tokens come right before it), owned by s
 * until the next call. Invalid UTF-8 is ZC_ERR_ENCODING (no tokens), with
 * the byte offset in the message and from zc_seg_bad_offset(). */
int zc_seg_cut(zc_seg *s, const char *text, size_t len, zc_seg_mode mode, int flags,
               const zc_token **toks, size_t *n, zc_error *err);
/* Cutting a long text a part at a time, so that the tokens held stay few
 * whatever the text's length: where the cut stands between two calls. */
typedef struct zc_seg_cursor {
    size_t pos, units; /* the next byte to read, the units before it */
    int prev;          /* the class of the character before it */
    uint32_t prev_cp;
} zc_seg_cursor;

#define ZC_SEG_CURSOR_INIT                                                                         \
    {                                                                                              \
        0, 0, 0, 0                                                                                 \
    }

/* Cuts text[0..len) from c->pos on, block by block, until it has written
 * at least min_tokens tokens or reached the end, and advances c. *toks and
 * *n as for zc_seg_cut (offsets from the start of text); the parts of one
 * text, in turn, hold the tokens zc_seg_cut gives for the whole. The text
 * is done when c->pos == len. Errors as zc_seg_cut. */
int zc_seg_cut_part(zc_seg *s, const char *text, size_t len, zc_seg_mode mode, int flags,
                    zc_seg_cursor *c, size_t min_tokens, const zc_token **toks, size_t *n,
                    zc_error *err);
/* The byte offset of the invalid UTF-8 the last zc_seg_cut() stopped at. */
size_t zc_seg_bad_offset(const zc_seg *s);

#endif
