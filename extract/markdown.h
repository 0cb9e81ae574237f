/* Markdown to plain text: the words a reader sees, without the markup. */
#ifndef ZC_EXTRACT_MARKDOWN_H
#define ZC_EXTRACT_MARKDOWN_H

#include <stddef.h>

#include "common/buf.h"

/* Appends the text of Markdown md[0..len) to out: heading, quote and
 * emphasis marks dropped, links and images reduced to their text, inline
 * HTML tags dropped (block tags become line breaks), common entities
 * decoded, code fences dropped (their content kept). ZC_OK or
 * ZC_ERR_NOMEM. */
int zc_markdown_text(const char *md, size_t len, zc_buf *out);

#endif
