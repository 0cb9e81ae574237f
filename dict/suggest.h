/* Frequencies for words listed without one (the policy lexicon, region
 * names, runtime user dictionaries), in the spirit of jieba's
 * suggest_freq: high enough that the word beats the most probable split
 * of itself into smaller dictionary words, and at least a floor, so that
 * it also survives in context. Shared by the compiler and the segmenter. */
#ifndef ZC_DICT_SUGGEST_H
#define ZC_DICT_SUGGEST_H

#include <stddef.h>

/* Floors: a lexicon or user word (and a full region name) gets at least
 * ZC_SUGGEST_FLOOR, a region's short form at least ZC_SUGGEST_FLOOR_SHORT
 * (short forms such as 江西 or 新余 are often parts of other phrases).
 * jieba's total frequency is about 6e7, so 1000 is a common word. */
#define ZC_SUGGEST_FLOOR 1000.0
#define ZC_SUGGEST_FLOOR_SHORT 100.0

/* Words longer than this (in characters) are refused by the compiler and
 * the user dictionary. */
#define ZC_WORD_MAX_CHARS 64

/* log(freq / total) of characters [a, b) of the word as one dictionary
 * word, or a value > 0 when they are none. */
typedef double (*zc_span_logp_fn)(void *ctx, size_t a, size_t b);

/* The frequency to give a word of n characters (n <= ZC_WORD_MAX_CHARS):
 * exp(best split + log_total) + 1, at least floor. The whole word is not a
 * candidate split; a character that is no word counts as frequency 1. */
double zc_suggest_freq(size_t n, zc_span_logp_fn span_logp, void *ctx, double log_total,
                       double floor);

#endif
