/*
 * zhengce-dictc: compiles jieba's data and the project's lexicons into the
 * one binary dictionary the library maps (docs/segmenter.md).
 *
 *   zhengce-dictc --jieba DIR --hmm FILE --lexicon DIR -o FILE [--quiet]
 *   zhengce-dictc --verify FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compile.h"
#include "dict/dict.h"

static const char usage[] =
    "usage: zhengce-dictc --jieba DIR --hmm FILE --lexicon DIR -o FILE [--quiet]\n"
    "       zhengce-dictc --verify FILE\n"
    "\n"
    "Reads jieba's dict.txt and analyse/idf.txt from the jieba directory, jieba's\n"
    "HMM tables from the --hmm file (as dict/compile/jieba_hmm.py writes them from\n"
    "finalseg/prob_*.py), and policy.txt, regions.tsv, stopwords.txt and\n"
    "synonyms.txt from the lexicon directory; writes the compiled dictionary FILE.\n";

static int fail(const zc_error *err)
{
    fprintf(stderr, "zhengce-dictc: %s\n", err->message);
    return 1;
}

static int verify(const char *path, int quiet)
{
    zc_error err;
    zc_dict *d = NULL;
    if (zc_dict_open(path, &d, &err) || zc_dict_verify(d, &err)) {
        zc_dict_free(d);
        return fail(&err);
    }
    zc_dict_info info;
    zc_dict_get_info(d, &info);
    if (!quiet)
        printf("%s: ok (%u words, %u entries, %u regions, %u synonym groups)\n", path, info.words,
               info.entries, info.regions, info.synonym_groups);
    zc_dict_free(d);
    return 0;
}

int main(int argc, char **argv)
{
    const char *jieba = NULL, *hmm = NULL, *lexicon = NULL, *output = NULL, *check = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--jieba")     ? &jieba
                            : !strcmp(a, "--hmm")     ? &hmm
                            : !strcmp(a, "--lexicon") ? &lexicon
                            : !strcmp(a, "-o")        ? &output
                            : !strcmp(a, "--verify")  ? &check
                                                      : NULL;
        if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else {
            fputs(usage, stderr);
            return 2;
        }
    }
    if (check)
        return verify(check, quiet);
    if (!jieba || !hmm || !lexicon || !output) {
        fputs(usage, stderr);
        return 2;
    }

    /* Every input first, so a missing one is reported before any work. */
    static const char *jieba_files[] = {"dict.txt", "analyse/idf.txt"};
    static const char *lexicon_files[] = {"policy.txt", "regions.tsv", "stopwords.txt",
                                          "synonyms.txt"};
    char path[6][4096];
    int missing = 0;
    for (int i = 0; i < 6; i++) {
        const char *dir = i < 2 ? jieba : lexicon;
        const char *name = i < 2 ? jieba_files[i] : lexicon_files[i - 2];
        snprintf(path[i], sizeof path[i], "%s/%s", dir, name);
        struct stat st;
        if (stat(path[i], &st) != 0 || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "zhengce-dictc: missing input '%s'%s\n", path[i],
                    i < 2 ? " (install python3-jieba, or configure with -DZC_JIEBA_DIR=...)"
                          : " (the project's lexicons, dict/lexicon/)");
            missing = 1;
        }
    }
    struct stat st;
    if (stat(hmm, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr,
                "zhengce-dictc: missing input '%s' (jieba's HMM tables, written by "
                "dict/compile/jieba_hmm.py)\n",
                hmm);
        missing = 1;
    }
    if (missing)
        return 1;

    zc_dictc *c = calloc(1, sizeof *c);
    if (!c) {
        fputs("zhengce-dictc: out of memory\n", stderr);
        return 1;
    }
    c->quiet = quiet;
    zc_error err;
    zc_error_clear(&err);
    /* The small HMM table first: a damaged one is reported at once. */
    int rc = zc_dictc_load_hmm(c, hmm, &err);
    if (!rc)
        rc = zc_dictc_load_jieba_dict(c, path[0], &err);
    if (!rc)
        rc = zc_dictc_load_idf(c, path[1], &err);
    if (!rc)
        rc = zc_dictc_load_policy(c, path[2], &err);
    if (!rc)
        rc = zc_dictc_load_regions(c, path[3], &err);
    if (!rc)
        rc = zc_dictc_region_words(c, &err);
    if (!rc)
        rc = zc_dictc_load_stopwords(c, path[4], &err);
    if (!rc)
        rc = zc_dictc_load_synonyms(c, path[5], &err);
    if (!rc)
        rc = zc_dictc_write(c, output, &err);
    zc_dictc_free(c);
    free(c);
    if (rc) {
        remove(output); /* never leave a stale dictionary behind a failed build */
        return fail(&err);
    }
    return verify(output, 1);
}
