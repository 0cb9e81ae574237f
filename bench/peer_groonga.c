/*
 * Groonga through its C API, in one process (bench/peers.sh): the
 * standard CJK set-up, TokenBigram and NormalizerAuto.
 *
 *   zc-bench-peer-groonga index DB JSONL
 *       loads the rows (title, content, publish_date, year) with the load
 *       command, then builds the index over title and content (static
 *       index construction, Groonga's fast way for a bulk load);
 *   zc-bench-peer-groonga search DB QUERIES PASSES
 *       select over content: exact total, the top 10 by score with the
 *       title and a snippet_html of the content.
 */

#include <groonga.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer_driver.h"

/* Sends one command (or one piece of a load) and takes its answer. */
static int send_cmd(grn_ctx *ctx, const char *cmd, size_t len, char **out, unsigned *out_len)
{
    grn_ctx_send(ctx, cmd, (unsigned)len, 0);
    char *res = NULL;
    unsigned rl = 0;
    int flags = 0;
    grn_ctx_recv(ctx, &res, &rl, &flags);
    if (ctx->rc != GRN_SUCCESS) {
        fprintf(stderr, "groonga: %.*s: %s\n", (int)(len > 80 ? 80 : len), cmd, ctx->errbuf);
        return 1;
    }
    if (out) {
        *out = res;
        *out_len = rl;
    }
    return 0;
}

static int cmd(grn_ctx *ctx, const char *c)
{
    return send_cmd(ctx, c, strlen(c), NULL, NULL);
}

static int do_index(grn_ctx *ctx, const char *jsonl)
{
    static const char *const schema[] = {
        "table_create Docs TABLE_NO_KEY",
        "column_create Docs title COLUMN_SCALAR ShortText",
        "column_create Docs content COLUMN_SCALAR LongText",
        "column_create Docs publish_date COLUMN_SCALAR ShortText",
        "column_create Docs year COLUMN_SCALAR UInt32",
        ("table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram "
         "--normalizer NormalizerAuto"),
    };
    for (size_t i = 0; i < sizeof schema / sizeof *schema; i++)
        if (cmd(ctx, schema[i]))
            return 1;
    FILE *f = fopen(jsonl, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", jsonl);
        return 1;
    }
    /* The rows in loads of a few megabytes each. */
    char *line = NULL;
    size_t lcap = 0, rows = 0;
    ssize_t got;
    size_t bcap = 8u << 20, blen = 0;
    char *buf = malloc(bcap + 1);
    int rc = buf ? 0 : 1;
    const char head[] = "load --table Docs --values '[";
    while (!rc && (got = getline(&line, &lcap, f)) >= 0) {
        if (!blen) {
            memcpy(buf, head, sizeof head - 1);
            blen = sizeof head - 1;
        }
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            got--;
        /* Inside a single-quoted value: ' and \ escaped. */
        for (ssize_t i = 0; i < got; i++) {
            if (blen + 8 > bcap) {
                char *g = realloc(buf, (bcap *= 2) + 1);
                if (!g) {
                    rc = 1;
                    break;
                }
                buf = g;
            }
            if (line[i] == '\'' || line[i] == '\\')
                buf[blen++] = '\\';
            buf[blen++] = line[i];
        }
        buf[blen++] = ',';
        rows++;
        if (blen > (4u << 20)) {
            buf[blen - 1] = ']';
            buf[blen++] = '\'';
            rc = send_cmd(ctx, buf, blen, NULL, NULL);
            blen = 0;
        }
    }
    if (!rc && blen) {
        buf[blen - 1] = ']';
        buf[blen++] = '\'';
        rc = send_cmd(ctx, buf, blen, NULL, NULL);
    }
    free(buf);
    free(line);
    fclose(f);
    if (!rc)
        rc = cmd(ctx, "column_create Terms docs_index COLUMN_INDEX|WITH_POSITION|WITH_SECTION "
                      "Docs title,content");
    if (!rc)
        fprintf(stderr, "groonga: %zu rows\n", rows);
    return rc;
}

/* A value for the command line: single-quoted, ' and \ escaped. */
static void quote_into(char *out, size_t cap, const peer_query *q)
{
    size_t o = 0;
    out[o++] = '\'';
    for (size_t k = 0; k < q->nparts; k++) {
        const char *p = q->parts[k];
        if (k)
            out[o++] = ' ';
        out[o++] = '"';
        for (; *p && o + 4 < cap; p++) {
            if (*p == '\'' || *p == '\\' || *p == '"')
                out[o++] = '\\';
            out[o++] = *p;
        }
        out[o++] = '"';
    }
    out[o++] = '\'';
    out[o] = '\0';
}

static int run_one(void *vctx, const peer_query *q, uint64_t *total, size_t *sink)
{
    grn_ctx *ctx = vctx;
    char qv[512], c[1024];
    quote_into(qv, sizeof qv, q);
    snprintf(c, sizeof c,
             "select Docs --match_columns content --query %s --sort_keys -_score "
             "--output_columns '_id,_score,title,snippet_html(content)' --limit 10 --cache no",
             qv);
    char *res;
    unsigned rl;
    if (send_cmd(ctx, c, strlen(c), &res, &rl))
        return 1;
    json_t *j = json_loadb(res, rl, 0, NULL);
    /* [[[total], [columns], row, ...]], inside one or two arrays more */
    json_t *set = j;
    while (json_is_array(json_array_get(set, 0)) &&
           !json_is_integer(json_array_get(json_array_get(set, 0), 0)))
        set = json_array_get(set, 0);
    *total = (uint64_t)json_integer_value(json_array_get(json_array_get(set, 0), 0));
    for (size_t i = 2; i < json_array_size(set); i++) {
        json_t *row = json_array_get(set, i);
        *sink += json_string_length(json_array_get(row, 2));
        json_t *snips = json_array_get(row, 3);
        for (size_t k = 0; k < json_array_size(snips); k++)
            *sink += json_string_length(json_array_get(snips, k));
    }
    if (!j) {
        fprintf(stderr, "groonga: %s: unreadable answer\n", q->text);
        return 1;
    }
    json_decref(j);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "index") && strcmp(argv[1], "search")) ||
        (!strcmp(argv[1], "search") && argc < 5)) {
        fprintf(stderr, "usage: zc-bench-peer-groonga index DB JSONL | search DB QUERIES PASSES\n");
        return 2;
    }
    if (grn_init() != GRN_SUCCESS)
        return 2;
    grn_ctx ctx;
    grn_ctx_init(&ctx, 0);
    int indexing = !strcmp(argv[1], "index");
    grn_obj *db = indexing ? grn_db_create(&ctx, argv[2], NULL) : grn_db_open(&ctx, argv[2]);
    if (!db) {
        fprintf(stderr, "groonga: %s: %s\n", argv[2], ctx.errbuf);
        return 2;
    }
    int rc = indexing ? do_index(&ctx, argv[3])
                      : peer_drive(argv[3], (unsigned)atoi(argv[4]), run_one, &ctx);
    grn_obj_close(&ctx, db);
    grn_ctx_fin(&ctx);
    grn_fin();
    return rc ? 2 : 0;
}
