/* Collections (indexer/table.c): the same bytes read as a CSV file and as
 * a JSONL file. Checks: each record handed over has a key, a display name
 * and text of the length said; a failure is ZC_ERR_INVALID (or NOMEM)
 * with a message naming the file. */
#include <string.h>

#include "fuzz.h"
#include "indexer/record.h"

typedef struct sink {
    size_t records;
} sink;

static int take(void *ctx, zc_record *rec)
{
    sink *s = ctx;
    ZC_FUZZ_CHECK(rec->key && rec->display && rec->text, "record %zu lacks key/display/text",
                  s->records);
    ZC_FUZZ_CHECK(strlen(rec->text) <= rec->text_len, "text_len %zu, strlen %zu", rec->text_len,
                  strlen(rec->text));
    ZC_FUZZ_CHECK(rec->year == 0 || (rec->year >= 1949 && rec->year <= 2100), "year %d", rec->year);
    s->records++;
    zc_record_free(rec);
    return 0;
}

static void read_as(const char *path, zc_kind kind, const char *text, size_t len)
{
    zc_file f = {.path = (char *)path, .real_path = (char *)path, .kind = kind, .size = len};
    sink s = {0};
    zc_error err;
    int rc = kind == ZC_KIND_CSV ? zc_src_csv(&f, text, len, NULL, take, &s, &err)
                                 : zc_src_jsonl(&f, text, len, NULL, take, &s, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_NOMEM, "%s: code %d: %s", path, rc,
                      err.message);
        ZC_FUZZ_CHECK(strstr(err.message, path) != NULL, "message does not name the file: %s",
                      err.message);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    read_as("/reports/fuzz.csv", ZC_KIND_CSV, text, size);
    read_as("/reports/fuzz.jsonl", ZC_KIND_JSONL, text, size);
    return 0;
}
