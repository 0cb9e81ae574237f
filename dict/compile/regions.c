/* Reading the gazetteer (dict/lexicon/regions.tsv):
 *   code<TAB>level<TAB>name<TAB>parent_code<TAB>short_forms
 * level is province, city or county; parent_code is empty for provinces;
 * short_forms is a comma-separated list, possibly empty. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "compile.h"
#include "dict/dict.h"
#include "dict/suggest.h"

static char *dup_field(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

static int parse_row(zc_creg *r, const char *line, size_t len)
{
    const char *col[5];
    size_t cl[5], n = 0, st = 0;
    for (size_t i = 0; i <= len && n < 5; i++) {
        if (i == len || line[i] == '\t') {
            col[n] = line + st;
            cl[n++] = i - st;
            st = i + 1;
        }
    }
    if (n < 4)
        return -1;
    if (n == 4)
        col[4] = "", cl[4] = 0;
    static const char *levels[] = {"province", "city", "county"};
    r->level = 0;
    for (int l = 0; l < 3; l++)
        if (cl[1] == strlen(levels[l]) && !memcmp(col[1], levels[l], cl[1]))
            r->level = l + 1;
    r->code = dup_field(col[0], cl[0]);
    r->name = dup_field(col[2], cl[2]);
    r->parent_code = dup_field(col[3], cl[3]);
    if (!r->code || !r->name || !r->parent_code)
        return -2;
    const char *s = col[4];
    size_t sl = cl[4];
    for (size_t i = 0, a = 0; i <= sl; i++) {
        if (i < sl && s[i] != ',')
            continue;
        char *f = dup_field(s + a, i - a);
        a = i + 1;
        if (!f)
            return -2;
        if (!*f) {
            free(f);
            continue;
        }
        char **ns = realloc(r->shorts, (r->n_shorts + 1) * sizeof *ns);
        if (!ns) {
            free(f);
            return -2;
        }
        r->shorts = ns;
        r->shorts[r->n_shorts++] = f;
    }
    return 0;
}

static int cmp_level(const void *a, const void *b)
{
    const zc_creg *x = a, *y = b;
    if (x->level != y->level)
        return x->level - y->level;
    /* By code within a level: zc_dict_region_by_code() searches that way. */
    int c = strcmp(x->code, y->code);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static const char *region_error(const zc_creg *r, const char *parent_code)
{
    if (r->level == 0)
        return "level must be province, city or county";
    if (!*r->code || !*r->name)
        return "code and name must not be empty";
    if (!zc_utf8_valid(r->name, strlen(r->name), NULL))
        return "name is not valid UTF-8";
    if ((r->level == ZC_REGION_PROVINCE) != (*parent_code == '\0'))
        return "a province has no parent code, a city or county has one";
    return NULL;
}

int zc_dictc_load_regions(zc_dictc *c, const char *path, zc_error *err)
{
    zc_buf file = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    size_t pos = 0, lineno = 0, len, cap = 0;
    const char *line;
    c->regions_path = path;
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == len || line[i] == '#')
            continue;
        if (zc_grow((void **)&c->regions, c->n_regions, &cap, sizeof *c->regions, 1024)) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
            break;
        }
        zc_creg *r = &c->regions[c->n_regions++];
        memset(r, 0, sizeof *r);
        r->line = lineno;
        int pr = parse_row(r, line, len);
        const char *why = pr == -1   ? "expected code, level, name, parent code, short forms"
                          : pr == -2 ? "out of memory"
                                     : region_error(r, r->parent_code);
        if (why)
            rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: %s", path, lineno, why);
    }
    zc_buf_free(&file);
    if (rc)
        return rc;
    /* Parents before children; then resolve parent codes. */
    qsort(c->regions, c->n_regions, sizeof *c->regions, cmp_level);
    for (size_t i = 0; i < c->n_regions; i++) {
        zc_creg *r = &c->regions[i];
        r->parent = -1;
        for (size_t k = 0; k < c->n_regions; k++) {
            if (k != i && !strcmp(c->regions[k].code, r->code))
                return zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: code %s appears twice", path,
                                  r->line, r->code);
            if (*r->parent_code && !strcmp(c->regions[k].code, r->parent_code))
                r->parent = (int32_t)k;
        }
        if (*r->parent_code && (r->parent < 0 || c->regions[r->parent].level >= r->level))
            return zc_err_set(err, ZC_ERR_CORRUPT,
                              "%s:%zu: parent code %s is no region of a higher level", path,
                              r->line, r->parent_code);
    }
    if (c->n_regions == 0)
        return zc_err_set(err, ZC_ERR_CORRUPT, "%s: no regions", path);
    return ZC_OK;
}

/* Region names and short forms become words (tag ns) that win as one
 * token: see suggest.h for the frequencies. */
int zc_dictc_region_words(zc_dictc *c, zc_error *err)
{
    zc_buf key = ZC_BUF_INIT;
    uint8_t ns = zc_dictc_tag(c, "ns", 2);
    int rc = ZC_OK;
    for (int pass = 0; pass < 2 && rc == ZC_OK; pass++) {
        for (size_t i = 0; i < c->n_regions && rc == ZC_OK; i++) {
            zc_creg *r = &c->regions[i];
            size_t n = pass == 0 ? 1 : r->n_shorts;
            for (size_t k = 0; k < n; k++) {
                const char *w = pass == 0 ? r->name : r->shorts[k];
                long e = zc_dictc_add_word(c, w, strlen(w), &key, c->regions_path, r->line, err);
                if (e < 0) {
                    rc = err ? err->code : ZC_ERR_CORRUPT;
                    break;
                }
                int was_word = (c->words.w[e].flags & ZC_ENTRY_WORD) != 0;
                c->words.w[e].flags |= ZC_ENTRY_REGION;
                if (zc_utf8_count(key.data, key.len) < 2)
                    continue; /* single characters keep their own frequency */
                double floor = pass == 0 ? ZC_SUGGEST_FLOOR : ZC_SUGGEST_FLOOR_SHORT;
                double s = zc_dictc_suggest(c, key.data, key.len, floor);
                double old = zc_dictc_word_freq(c, e);
                zc_dictc_set_freq(c, e, s > old ? s : old);
                if (pass == 0 || !was_word)
                    c->words.w[e].tag = ns;
            }
        }
    }
    zc_buf_free(&key);
    return rc;
}
