/* UTF-8 decoding and character classes used across the pipeline. */
#ifndef ZC_COMMON_UTF8_H
#define ZC_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len). Returns its byte length (1-4), or 0
 * if the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF are invalid); *cp is then U+FFFD. */
size_t zc_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into buf (4 bytes room); returns the byte length. */
size_t zc_utf8_encode(uint32_t cp, char *buf);

/* Returns 1 if s[0..len) is valid UTF-8; otherwise 0 and, if bad_off is
 * non-NULL, the byte offset of the first invalid sequence. What
 * zc_utf8_decode accepts, read fast: ASCII eight bytes at a time, runs of
 * three-byte sequences (Chinese) in a tight loop. */
int zc_utf8_valid(const char *s, size_t len, size_t *bad_off);

/* Number of code points in valid UTF-8 text. */
size_t zc_utf8_count(const char *s, size_t len);

/* Byte offset of the start of the code point containing or following
 * s[off] (never inside a multi-byte sequence). */
size_t zc_utf8_align(const char *s, size_t len, size_t off);

/* Horizontal white space: ASCII blanks, NBSP, U+2000..U+200A, U+3000 … */
int zc_is_space(uint32_t cp);
/* Line breaks: LF, CR, VT, FF, NEL, U+2028, U+2029. */
int zc_is_newline(uint32_t cp);
/* Zero-width characters that carry no text (ZWSP, ZWNJ, ZWJ, WJ, BOM). */
int zc_is_zero_width(uint32_t cp);
/* Han ideographs (CJK unified, extensions, compatibility). */
int zc_is_han(uint32_t cp);

#endif
