/* Markdown to plain text: the words a reader sees, without the markup. */
#ifndef ZC_EXTRACT_MARKDOWN_H
#define ZC_EXTRACT_MARKDOWN_H

#include <stddef.h>

#include "common/buf.h"
#include "zhengce.h"

/* Appends the text of Markdown md[0..len) to out. md4c parses it as
 * CommonMark with GitHub's tables, headings without a blank after the
 * marks ("#标题"), no indented code blocks (an indented paragraph of a
 * report is prose) and no HTML blocks (a line that starts with a tag is
 * Markdown too). What stays: the text of paragraphs and headings (their
 * marks dropped), of links and images (addresses dropped, autolinks too),
 * of code spans and code blocks (fences dropped); list items with their
 * marker as written ("- ", "1. "; "- " where the text does not follow it);
 * table rows as lines "| cell | cell" (cells with no text left out). HTML
 * tags and comments are dropped, block tags leaving a line break; HTML's
 * named and numeric entities are decoded (others, and NUL or surrogate
 * ones, stay as written); NUL characters are kept. Every line break of the source stays, as
 * written ("\r\n" too), so no phrase joins two lines. The text is at most
 * three times len (separators of table cells). ZC_OK or ZC_ERR_NOMEM (out
 * as it was then). */
int zc_markdown_text(const char *md, size_t len, zc_buf *out);

#endif
