/* How much decoded text looks like Chinese: the measure the decoder uses to
 * choose among the encodings a file can be read in, and to refuse a file
 * that reads as nothing but mojibake (docs/cleaning.md, "Plausibility").
 *
 * Each character other than ASCII weighs from -4 to 4:
 *
 *    4  a common Han character (level 1 of GB 2312 or of Big5: together
 *       6,722 characters, most of any modern Chinese text), CJK and
 *       full-width punctuation, common symbols;
 *    2  a less common one (level 2 of either standard);
 *    1  another ideograph of the basic block U+4E00–U+9FFF;
 *    0  an ideograph of the extension blocks or a compatibility one, kana,
 *       Hangul, Greek, Cyrillic and any other script;
 *   -4  a private-use character, U+FFFD, a C1 control, a noncharacter.
 *
 * Latin letters with diacritics, box drawing and block elements are not
 * weighed: tables and pinyin are Chinese text too.
 *
 * The score is the mean weight in per mille of the maximum. By blocks of 64
 * characters, Chinese text read right scores 990 and more (Cantonese with
 * Hong Kong characters 840); Big5 read as GB18030 -300 to 400, GBK read as
 * CP950 450 to 850, ideographs drawn evenly from the basic block 600. */
#ifndef ZC_EXTRACT_PLAUSIBLE_H
#define ZC_EXTRACT_PLAUSIBLE_H

#include <stddef.h>

typedef struct zc_plaus {
    long long points; /* sum of the weights */
    size_t chars;     /* characters weighed */
    size_t odd;       /* of them, private-use, U+FFFD, controls: weight -4 */
} zc_plaus;

/* Adds the characters of the valid UTF-8 text s[0..len) to p. */
void zc_plaus_add(zc_plaus *p, const char *s, size_t len);

/* The score of p, per mille (1000 when nothing was weighed). */
int zc_plaus_score(const zc_plaus *p);

/* Scores: text reads as Chinese at ZC_PLAUS_GOOD and above; under
 * ZC_PLAUS_MIN, over at least ZC_PLAUS_EVIDENCE weighed characters, it is
 * no Chinese at all (fewer characters say too little either way). */
#define ZC_PLAUS_GOOD 900
#define ZC_PLAUS_MIN 750
#define ZC_PLAUS_EVIDENCE 8

/* The level of U+4E00 + i: 2 common, 1 less common, 0 rare (generated at
 * build time by extract/gen_han_levels.c). */
extern const unsigned char zc_plaus_han_level[0x5200];

#endif
