/* Reading the project's lexicons (dict/lexicon/): policy terms, regions,
 * stop words, synonym groups. Formats: docs/segmenter.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "compile.h"
#include "dict/suggest.h"

static int is_blank_line(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return s[i] == '#';
    return 1;
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t'))
        (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

int zc_dictc_load_policy(zc_dictc *c, const char *path, zc_error *err)
{
    zc_buf file = ZC_BUF_INIT, key = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    size_t pos = 0, lineno = 0, len;
    const char *line;
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        if (is_blank_line(line, len))
            continue;
        const char *f[4];
        size_t fl[4], nf = 0;
        for (size_t i = 0; i < len && nf < 4;) {
            while (i < len && (line[i] == ' ' || line[i] == '\t'))
                i++;
            if (i == len)
                break;
            f[nf] = line + i;
            while (i < len && line[i] != ' ' && line[i] != '\t')
                i++;
            fl[nf] = (size_t)(line + i - f[nf]);
            nf++;
        }
        double freq = 0;
        const char *tag = NULL;
        size_t tag_len = 0;
        int bad = nf > 3;
        if (!bad && nf >= 2) {
            char tmp[32], *end;
            int numeric = fl[1] < sizeof tmp && f[1][0] >= '0' && f[1][0] <= '9';
            if (numeric) {
                memcpy(tmp, f[1], fl[1]);
                tmp[fl[1]] = '\0';
                errno = 0;
                freq = strtod(tmp, &end);
                numeric = !*end && !errno && freq > 0 && freq < 1e12;
                bad = !numeric;
                if (nf == 3)
                    tag = f[2], tag_len = fl[2];
            } else if (nf == 2) {
                tag = f[1], tag_len = fl[1];
            } else {
                bad = 1;
            }
        }
        if (bad || tag_len > 7) {
            rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: expected 'word [frequency] [tag]'", path,
                            lineno);
            break;
        }
        long e = zc_dictc_add_word(c, f[0], fl[0], &key, path, lineno, err);
        if (e < 0) {
            rc = err ? err->code : ZC_ERR_CORRUPT;
            break;
        }
        if (freq == 0) {
            double s = zc_dictc_suggest(c, key.data, key.len, ZC_SUGGEST_FLOOR);
            double old = zc_dictc_word_freq(c, e);
            freq = s > old ? s : old;
        }
        zc_dictc_set_freq(c, e, freq);
        c->words.w[e].flags |= ZC_ENTRY_LEXICON;
        if (tag)
            c->words.w[e].tag = zc_dictc_tag(c, tag, tag_len);
    }
    zc_buf_free(&file);
    zc_buf_free(&key);
    return rc;
}

int zc_dictc_load_stopwords(zc_dictc *c, const char *path, zc_error *err)
{
    zc_buf file = ZC_BUF_INIT, key = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    size_t pos = 0, lineno = 0, len;
    const char *line;
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        trim(&line, &len);
        if (is_blank_line(line, len))
            continue;
        long e = zc_dictc_add_word(c, line, len, &key, path, lineno, err);
        if (e < 0) {
            rc = err ? err->code : ZC_ERR_CORRUPT;
            break;
        }
        c->words.w[e].flags |= ZC_ENTRY_STOP;
    }
    zc_buf_free(&file);
    zc_buf_free(&key);
    return rc;
}

int zc_dictc_load_synonyms(zc_dictc *c, const char *path, zc_error *err)
{
    zc_buf file = ZC_BUF_INIT, key = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    size_t pos = 0, lineno = 0, len, cap_m = 0, cap_g = 0;
    const char *line;
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        if (is_blank_line(line, len))
            continue;
        size_t first = c->n_syn_members;
        for (size_t i = 0; i < len && rc == ZC_OK;) {
            while (i < len && (line[i] == ' ' || line[i] == '\t'))
                i++;
            if (i == len)
                break;
            size_t st = i;
            while (i < len && line[i] != ' ' && line[i] != '\t')
                i++;
            long e = zc_dictc_add_word(c, line + st, i - st, &key, path, lineno, err);
            if (e < 0) {
                rc = err ? err->code : ZC_ERR_CORRUPT;
                break;
            }
            if (zc_grow((void **)&c->syn_members, c->n_syn_members, &cap_m, sizeof *c->syn_members,
                        256)) {
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
                break;
            }
            c->syn_members[c->n_syn_members++] = (uint32_t)e;
        }
        if (rc)
            break;
        size_t count = c->n_syn_members - first;
        if (count < 2) {
            if (!c->quiet)
                fprintf(stderr, "%s:%zu: warning: a synonym group needs two words; skipped\n", path,
                        lineno);
            c->n_syn_members = first;
            continue;
        }
        if (zc_grow((void **)&c->syn_groups, c->n_syn_groups, &cap_g, sizeof *c->syn_groups, 64)) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
            break;
        }
        c->syn_groups[c->n_syn_groups].first = (uint32_t)first;
        c->syn_groups[c->n_syn_groups].count = (uint32_t)count;
        c->n_syn_groups++;
    }
    zc_buf_free(&file);
    zc_buf_free(&key);
    return rc;
}
