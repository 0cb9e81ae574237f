/* zhengce index: bring an index up to date with files and directories. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "term.h"

static const char help[] =
    "usage: zhengce index [--db DIR] [--jobs N] [--full] [--follow] [--encoding ENC]\n"
    "                     [--batch-mb N] [--max-file-mb N] [--shard-of K/N]\n"
    "                     [--mode auto|direct|shards] [--trace] [--text-column NAME]\n"
    "                     [--no-ocr] [--ocr-program PATH] PATH...\n"
    "\n"
    "Indexes files and directories (recursively): .txt .md .html .htm, PDF,\n"
    "Word (.docx, .doc, .wps), OFD, and .csv/.jsonl collections and workbooks\n"
    "(.xlsx, .xls) with one report per row. A file's content decides its\n"
    "format (a PDF named .txt is read as PDF). Incremental: unchanged\n"
    "files are skipped, changed ones replaced, files gone from an indexed\n"
    "directory removed; a directory that cannot be read keeps its documents.\n"
    "A zhengce-manifest.csv beside the files overrides their title, region\n"
    "and year; editing it updates the files it describes. Symbolic links\n"
    "below a PATH are passed over unless --follow is given (a PATH that is a\n"
    "link is followed).\n"
    "\n"
    "  --jobs N        worker threads (default: one per core)\n"
    "  -L, --follow    follow symbolic links\n"
    "  --full          rebuild the index from PATH... alone\n"
    "  --encoding ENC  read every file in this encoding (e.g. GB18030)\n"
    "  --batch-mb N    write to disk every N MB of text (each worker's share\n"
    "                  in shard mode), bounding the memory indexing holds\n"
    "  --max-file-mb N leave files over N MB unread (default 256; 0: no limit);\n"
    "                  indexing holds a few times the largest file in memory\n"
    "  --shard-of K/N  index only the documents routed to shard K of N\n"
    "                  (docs/scale-out.md)\n"
    "  --mode M        how to write (docs/indexing.md): auto (default: shards\n"
    "                  for a new index, a batch large beside the index and\n"
    "                  --full, else direct), direct\n"
    "                  (replace each file's documents in the index), shards\n"
    "                  (worker databases merged into a new index)\n"
    "  --trace         print the mode and the time each phase took on stderr\n"
    "  --text-column NAME  the column of collections and workbooks that holds\n"
    "                  the text (besides full_text, content, 正文, Policy Content...)\n"
    "  --no-ocr        report PDFs whose text layer is garbage as failed instead\n"
    "                  of reading those pages with tesseract (when installed)\n"
    "  --ocr-program PATH  the tesseract program (default /usr/bin/tesseract)\n"
    "\n"
    "Files of kinds not indexed are reported and passed over; one named as a\n"
    "PATH counts as a file that was not indexed.\n"
    "\n"
    "exit status: 0 done, 1 done but some files could not be read (damaged,\n"
    "             encrypted, a PDF with a garbage text layer and no OCR) or were too\n"
    "             large, or a named file was skipped, 2 error\n";

typedef struct ui {
    int tty;
    int drawn;
    /* The paths named on the command line: one of them skipped is a
     * problem the exit status shows (a file inside a directory is not). */
    char *const *named;
    size_t n_named;
    uint64_t named_skipped;
} ui;

static int is_named(const ui *u, const char *path)
{
    for (size_t i = 0; i < u->n_named; i++)
        if (strcmp(u->named[i], path) == 0)
            return 1;
    return 0;
}

/* The cause in a message that names path shortened by its middle (a
 * message too long for zc_error: "…<end of path>: cause"), or NULL. */
static const char *cause_after_shortened(const char *msg, const char *path)
{
    static const char mark[] = "…";
    const char *dots = strstr(msg, mark);
    if (!dots)
        return NULL;
    const char *tail = dots + sizeof mark - 1;
    size_t plen = strlen(path);
    for (const char *c = strstr(tail, ": "); c; c = strstr(c + 1, ": ")) {
        size_t n = (size_t)(c - tail);
        if (n <= plen && memcmp(path + plen - n, tail, n) == 0)
            return c + 2;
    }
    return NULL;
}

static void on_event(void *ctx, zc_event ev, const char *path, const zc_error *why)
{
    ui *u = ctx;
    if (ev != ZC_EVENT_SKIPPED && ev != ZC_EVENT_FAILED)
        return;
    if (u->drawn) {
        fputs("\r\033[K", stderr);
        u->drawn = 0;
    }
    if (ev == ZC_EVENT_SKIPPED && is_named(u, path))
        u->named_skipped++;
    /* Messages already name the file; a deep path is given whole once. */
    const char *verb = ev == ZC_EVENT_FAILED ? "failed" : "skipped";
    const char *msg = why && why->message[0] ? why->message : path, *cause;
    if (strstr(msg, path))
        zc_cli_say(stderr, "%s: %s", verb, msg);
    else if ((cause = cause_after_shortened(msg, path)))
        zc_cli_say(stderr, "%s: %s: %s", verb, path, cause);
    else
        zc_cli_say(stderr, "%s %s: %s", verb, path, msg);
}

/* --trace: the library's line, after the progress bar is cleared. */
static void on_trace(void *ctx, const char *line)
{
    ui *u = ctx;
    if (u->drawn) {
        fputs("\r\033[K", stderr);
        u->drawn = 0;
    }
    zc_cli_say(stderr, "%s", line);
}

static void on_progress(void *ctx, const zc_progress *p)
{
    ui *u = ctx;
    if (!u->tty || p->files_total == 0)
        return;
    double frac = p->bytes_total ? (double)p->bytes_done / (double)p->bytes_total : 0;
    double rate = p->seconds > 0 ? p->bytes_done / 1e6 / p->seconds : 0;
    double eta = rate > 0 ? (p->bytes_total - p->bytes_done) / 1e6 / rate : 0;
    /* The last stretch (merging the shards) reads no more files: no rate,
     * no ETA that would stand at 0 s. */
    char text[160];
    if (p->finishing)
        snprintf(text, sizeof text, "%llu/%llu files  %.1f MB read; writing the index...",
                 (unsigned long long)p->files_done, (unsigned long long)p->files_total,
                 p->bytes_done / 1e6);
    else
        snprintf(text, sizeof text, "%llu/%llu files  %.1f/%.1f MB  %.1f MB/s  ETA %.0fs",
                 (unsigned long long)p->files_done, (unsigned long long)p->files_total,
                 p->bytes_done / 1e6, p->bytes_total / 1e6, rate, eta);
    /* One line, short of the last column (a line that fills it wraps on
     * some terminals, and "\r" would then redraw only its second half):
     * the bar takes what the text leaves, up to 40 columns, and goes on a
     * narrow terminal, where the text is cut. */
    int cols = zc_term_columns(stderr) - 1, tl = (int)strlen(text);
    int bar = cols - tl - 3;
    if (bar > 40)
        bar = 40;
    fputs("\r\033[K", stderr);
    if (bar >= 10) {
        int fill = (int)(frac * bar);
        fputc('[', stderr);
        for (int i = 0; i < bar; i++)
            fputc(i < fill ? '#' : '.', stderr);
        fputs("] ", stderr);
    }
    fprintf(stderr, "%.*s", tl < cols ? tl : cols, text);
    u->drawn = 1;
}

int zc_cmd_index(int argc, char **argv)
{
    // One option per line reads better than the grid the formatter makes.
    // clang-format off
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"jobs", required_argument, NULL, 'j'},
        {"full", no_argument, NULL, 'f'},
        {"encoding", required_argument, NULL, 'e'},
        {"batch-mb", required_argument, NULL, 'b'},
        {"shard-of", required_argument, NULL, 'S'},
        {"follow", no_argument, NULL, 'L'},
        {"max-file-mb", required_argument, NULL, 'M'},
        {"mode", required_argument, NULL, 'm'},
        {"trace", no_argument, NULL, 'T'},
        {"text-column", required_argument, NULL, 'C'},
        {"no-ocr", no_argument, NULL, 'O'},
        {"ocr-program", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    // clang-format on
    const char *db = NULL;
    zc_index_options o = ZC_INDEX_OPTIONS_INIT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hj:L", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j':
            if (zc_cli_parse_uint(optarg, &o.jobs) || o.jobs == 0 || o.jobs > 256)
                return zc_cli_usage_error("index", "--jobs needs a number 1..256, not '%s'",
                                          optarg);
            break;
        case 'f': o.full = 1; break;
        case 'L': o.follow = 1; break;
        case 'e': o.encoding = optarg; break;
        case 'C': o.text_column = optarg; break;
        case 'O': o.ocr = ZC_OCR_OFF; break;
        case 'P': o.ocr_program = optarg; break;
        case 'b': {
            unsigned mb;
            if (zc_cli_parse_uint(optarg, &mb) || mb == 0 || mb > 65536)
                return zc_cli_usage_error("index", "--batch-mb needs a number 1..65536, not '%s'",
                                          optarg);
            o.batch_bytes = (size_t)mb << 20;
            break;
        }
        case 'M': {
            unsigned mb;
            if (zc_cli_parse_uint(optarg, &mb) || mb > 1048576)
                return zc_cli_usage_error(
                    "index", "--max-file-mb needs a number 0..1048576, not '%s'", optarg);
            o.max_file_bytes = mb ? (uint64_t)mb << 20 : UINT64_MAX;
            break;
        }
        case 'S': {
            char extra;
            if (sscanf(optarg, "%u/%u%c", &o.shard_k, &o.shard_n, &extra) != 2 || o.shard_n == 0 ||
                o.shard_k >= o.shard_n)
                return zc_cli_usage_error("index", "--shard-of needs K/N with 0 <= K < N, not '%s'",
                                          optarg);
            break;
        }
        case 'm':
            if (strcmp(optarg, "auto") == 0)
                o.mode = ZC_MODE_AUTO;
            else if (strcmp(optarg, "direct") == 0)
                o.mode = ZC_MODE_DIRECT;
            else if (strcmp(optarg, "shards") == 0)
                o.mode = ZC_MODE_SHARDS;
            else
                return zc_cli_usage_error("index", "--mode needs auto, direct or shards, not '%s'",
                                          optarg);
            break;
        case 'T': o.trace = on_trace; break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        default: return zc_cli_usage_error("index", "bad option");
        }
    }
    if (optind >= argc)
        return zc_cli_usage_error("index", "no PATH given");

    ui u = {isatty(STDERR_FILENO), 0, argv + optind, (size_t)(argc - optind), 0};
    o.report = on_event;
    o.progress = on_progress;
    o.ctx = &u;
    o.trace_ctx = &u;
    zc_error err;
    zc_error_clear(&err);
    zc_index *ix;
    const char *path = zc_cli_db_path(db);
    /* --full replaces everything, so an index of an older layout is rebuilt. */
    int flags = ZC_OPEN_WRITE | ZC_OPEN_CREATE | (o.full ? ZC_OPEN_REBUILD : 0);
    if (zc_index_open(path, flags, &ix, &err)) {
        /* The wording scripts and the docs rely on, whatever the library says. */
        if (err.code == ZC_ERR_LOCKED) {
            zc_cli_say(stderr,
                       "%s: index is locked by another process (another zhengce index or "
                       "remove is writing to it)",
                       path);
            return ZC_EXIT_ERROR;
        }
        return zc_cli_fail(&err);
    }
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    int rc = zc_index_update(ix, (const char *const *)argv + optind, (size_t)(argc - optind), &o,
                             &st, &err);
    zc_index_free(ix);
    if (u.drawn)
        fputs("\r\033[K", stderr);
    if (rc)
        return zc_cli_fail(&err);
    double mb = st.bytes / 1e6;
    fprintf(stderr,
            "indexed %llu, updated %llu, removed %llu, unchanged %llu, skipped %llu, "
            "failed %llu: %llu documents, %.1f MB in %.2f s (%.1f MB/s)\n",
            (unsigned long long)st.indexed, (unsigned long long)st.updated,
            (unsigned long long)st.removed, (unsigned long long)st.unchanged,
            (unsigned long long)st.skipped, (unsigned long long)st.failed,
            (unsigned long long)st.documents, mb, st.seconds,
            st.seconds > 0 ? mb / st.seconds : 0.0);
    return st.failed || st.oversize || u.named_skipped ? ZC_EXIT_NONE : ZC_EXIT_OK;
}
