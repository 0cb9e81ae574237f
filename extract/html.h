/* Text of an HTML document, for cleaning and indexing. */
#ifndef ZC_EXTRACT_HTML_H
#define ZC_EXTRACT_HTML_H

#include <stddef.h>

#include "common/buf.h"
#include "zhengce.h"

/* Appends the text of the HTML document utf8[0..len) (already decoded to
 * UTF-8) to out: libxml2's forgiving HTML parser builds the tree; script,
 * style, noscript, template, the head and embedded objects are dropped;
 * block elements (p, div, br, li, h1–h6, tr, td, …) end lines, inline ones
 * do not; white space inside text is collapsed to single spaces (kept in
 * pre); entities are decoded. The result is meant for zc_clean().
 *
 * title, if not NULL, receives the text of <title>, else of the first
 * <h1>, white space collapsed (malloc'd), or NULL when there is none; the
 * <title> text is not part of out.
 *
 * Tag soup is repaired, never an error. Errors: ZC_ERR_ENCODING for invalid
 * UTF-8 (with the byte offset), ZC_ERR_INVALID for a document over 2 GB or
 * one the parser gave up on (its text would be cut), ZC_ERR_NOMEM. On error
 * out is left as it was and *title is NULL. */
int zc_html_text(const char *utf8, size_t len, zc_buf *out, char **title, zc_error *err);

#endif
