/* test_research's helpers: generated documents, and the data tests of
 * similar and keywords (research_fixture.c). */
#ifndef ZC_TESTS_RESEARCH_FIXTURE_H
#define ZC_TESTS_RESEARCH_FIXTURE_H

#include <stdint.h>

/* Writes n documents into dir: policy words, Latin and digit runs (5G,
 * GWh, 2025, 15%), blanks, line breaks, repeated phrases, from seed. */
void zc_research_generate(const char *dir, int n, uint64_t seed);

/* reports-provincial-2026 and cpc-congress indexed together: each congress
 * report's five most similar documents are congress reports. */
void zc_research_similar_congress(void **state);
/* The same index: each provincial report's keywords hold no stop word, and
 * a phrase that at most three other provinces' reports contain. */
void zc_research_keywords_provinces(void **state);

#endif
