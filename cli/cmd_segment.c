/* zhengce segment: cut standard input into words, one output line per
 * input line, words joined by one space. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce segment [--mode accurate|search] [--no-hmm] [--dict PATH]\n"
    "                       [--user-dict PATH]...\n"
    "\n"
    "Reads text from standard input and writes each line's words, joined by one\n"
    "space, on a line of its own (an empty line stays empty).\n"
    "\n"
    "  --mode accurate   the most probable words (default)\n"
    "  --mode search     also the dictionary words inside long words, before them\n"
    "  --no-hmm          leave characters no dictionary word covers single\n"
    "  --dict PATH       compiled dictionary (default: $ZHENGCE_DICT, else the build's)\n"
    "  --user-dict PATH  extra words, 'word [frequency] [tag]' per line (repeatable)\n"
    "\n"
    "exit status: 0 done, 2 error (invalid UTF-8 names the line and byte)\n";

static int write_line(const char *line, const zc_word *w, size_t n, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            putc_unlocked(' ', out);
        fwrite_unlocked(line + w[i].offset, 1, w[i].length, out);
    }
    return putc_unlocked('\n', out) == EOF ? -1 : 0;
}

int zc_cmd_segment(int argc, char **argv)
{
    static const struct option opts[] = {
        {"mode", required_argument, NULL, 'm'}, {"no-hmm", no_argument, NULL, 'n'},
        {"dict", required_argument, NULL, 'd'}, {"user-dict", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *dict_path = NULL;
    const char **user = calloc((size_t)argc, sizeof *user);
    size_t n_user = 0;
    int flags = 0, c;
    if (!user) {
        fputs("zhengce: out of memory\n", stderr);
        return ZC_EXIT_ERROR;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (!strcmp(optarg, "accurate"))
                flags &= ~ZC_SEGMENT_SEARCH;
            else if (!strcmp(optarg, "search"))
                flags |= ZC_SEGMENT_SEARCH;
            else {
                free(user);
                return zc_cli_usage_error("segment", "unknown mode '%s' (accurate or search)",
                                          optarg);
            }
            break;
        case 'n': flags |= ZC_SEGMENT_NO_HMM; break;
        case 'd': dict_path = optarg; break;
        case 'u': user[n_user++] = optarg; break;
        case 'h':
            fputs(help, stdout);
            free(user);
            return ZC_EXIT_OK;
        default: free(user); return zc_cli_usage_error("segment", "bad option");
        }
    }
    if (optind < argc) {
        free(user);
        return zc_cli_usage_error("segment", "unexpected argument '%s' (text is read from stdin)",
                                  argv[optind]);
    }

    zc_error err;
    zc_segmenter *seg = NULL;
    int status = ZC_EXIT_OK;
    if (zc_segmenter_new(dict_path, &seg, &err)) {
        status = zc_cli_fail(&err);
        goto done;
    }
    for (size_t i = 0; i < n_user; i++) {
        if (zc_segmenter_load_words(seg, user[i], &err)) {
            status = zc_cli_fail(&err);
            goto done;
        }
    }

    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    char *line = NULL;
    size_t cap = 0, lineno = 0, consumed = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)got;
        if (len && line[len - 1] == '\n')
            len--;
        if (len && line[len - 1] == '\r')
            len--;
        const zc_word *words;
        size_t n;
        if (zc_segment(seg, line, len, flags, &words, &n, &err)) {
            if (err.code == ZC_ERR_ENCODING) {
                size_t off = zc_segmenter_bad_offset(seg);
                fflush(stdout);
                fprintf(stderr,
                        "zhengce segment: stdin line %zu: invalid UTF-8 at byte %zu of the line "
                        "(byte %zu of the input)\n",
                        lineno, off, consumed + off);
                status = ZC_EXIT_ERROR;
            } else {
                status = zc_cli_fail(&err);
            }
            break;
        }
        if (write_line(line, words, n, stdout)) {
            status = ZC_EXIT_ERROR;
            break;
        }
        consumed += (size_t)got;
    }
    free(line);
    if (ferror(stdin)) {
        fprintf(stderr, "zhengce segment: error reading standard input\n");
        status = ZC_EXIT_ERROR;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "zhengce segment: error writing standard output\n");
        status = ZC_EXIT_ERROR;
    }
done:
    zc_segmenter_free(seg);
    free(user);
    return status;
}
