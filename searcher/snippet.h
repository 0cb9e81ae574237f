/* Snippets: windows of a document's stored text around its matches. */
#ifndef ZC_SEARCHER_SNIPPET_H
#define ZC_SEARCHER_SNIPPET_H

#include <stddef.h>

#include "zhengce.h"

/* What to find and highlight: a sequence of unit terms (text/unit.h), which
 * matches where the text's units at consecutive positions equal them. */
typedef struct zc_pattern {
    char (*terms)[8];
    size_t n;
} zc_pattern;

/* A snippet of about len characters: text with "…" where it was cut, and
 * the [start, end) character offsets of the highlighted matches in it. */
typedef struct zc_snippet {
    char *text;
    size_t *hl; /* n_hl pairs */
    size_t n_hl;
} zc_snippet;

/* Makes the snippet of text for pats: about len characters (the "…"
 * included) around the densest cluster of matches, or up to three
 * fragments when patterns match far apart; the start of the text when
 * nothing matches. Line breaks print as one space; offsets are in
 * characters of out->text. docs/snippets.md tells how the window is
 * chosen. ZC_ERR_NOMEM is the only failure. */
int zc_snip_make(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                 size_t len, zc_snippet *out, zc_error *err);
void zc_snip_free(zc_snippet *s);

#endif
