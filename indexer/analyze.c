/* Analysis: record → cleaned, normalized text → metadata → document. */
#include "analyze.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigrams.h"
#include "common/err.h"
#include "common/stored.h"
#include "common/utf8.h"
#include "dict/dict.h"
#include "extract/html.h"
#include "extract/markdown.h"
#include "index/docrec.h"
#include "index/schema.h"
#include "meta.h"
#include "postings.h"
#include "text/clean.h"
#include "text/normalize.h"
#include "text/seg.h"
#include "text/unit.h"

/* Scratch buffers above this size are given back after each document. */
#define ZC_ANALYZE_KEEP ((size_t)8 << 20)
/* Tokens the segmenter hands over at a time (32 bytes each). */
#define ZC_ANALYZE_TOKENS 65536

struct zc_analyzer {
    const zc_dict *dict;
    zc_norm *norm;
    zc_seg *seg;
    zc_buf plain, clean, scratch, stored, record;
    zc_stored_packer *packer; /* the stored text's compression context */
    zc_postings *post;        /* the document's unit and word terms */
    GArray *mentions;         /* zc_mention */
};

int zc_analyzer_new(const zc_dict *dict, zc_analyzer **out, zc_error *err)
{
    *out = NULL;
    zc_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    a->dict = dict;
    a->mentions = g_array_new(FALSE, FALSE, sizeof(zc_mention));
    int rc = zc_norm_new(ZC_NORM_DEFAULT, &a->norm, err);
    if (rc == ZC_OK)
        rc = zc_seg_new(dict, &a->seg, err);
    if (rc == ZC_OK)
        rc = zc_stored_packer_new(&a->packer, err);
    if (rc == ZC_OK)
        rc = zc_postings_new(&a->post, err);
    if (rc) {
        zc_analyzer_free(a);
        return rc;
    }
    *out = a;
    return ZC_OK;
}

void zc_analyzer_free(zc_analyzer *a)
{
    if (!a)
        return;
    zc_norm_free(a->norm);
    zc_seg_free(a->seg);
    zc_stored_packer_free(a->packer);
    zc_postings_free(a->post);
    zc_buf_free(&a->plain);
    zc_buf_free(&a->clean);
    zc_buf_free(&a->scratch);
    zc_buf_free(&a->stored);
    zc_buf_free(&a->record);
    g_array_free(a->mentions, TRUE);
    free(a);
}

/* A metadata string from outside the text, normalized like the text
 * (malloc'd), or NULL. */
static char *norm_meta(zc_analyzer *a, const char *s)
{
    if (!s || !*s)
        return NULL;
    char *out = NULL;
    size_t n;
    zc_error e;
    if (zc_norm_text(a->norm, s, strlen(s), &out, &n, &e))
        return NULL;
    g_strstrip(out);
    if (!*out) {
        free(out);
        return NULL;
    }
    return out;
}

/* Empties b, giving its memory back when it holds more than
 * ZC_ANALYZE_KEEP bytes: one huge document must not pin its size for the
 * analyzer's lifetime, nor stay beside the next step's copy. */
static void release(zc_buf *b)
{
    if (b->cap > ZC_ANALYZE_KEEP)
        zc_buf_free(b);
    else
        zc_buf_clear(b);
}

/* Frees the record's text once read, when it is the record's own. */
static void drop_text(zc_record *rec)
{
    if (rec->text_lent)
        return;
    free(rec->text);
    rec->text = NULL;
}

/* Steps 1-3: markup to text, normalization, cleaning, into a->clean. Each
 * step's input is let go as soon as the next copy is made, so that the
 * text is held about twice at most. */
static int prepare(zc_analyzer *a, zc_record *rec, char **markup_title, zc_error *err)
{
    const char *src = rec->text ? rec->text : "";
    size_t len = rec->text_len;
    int rc = ZC_OK;
    zc_buf_clear(&a->plain);
    if (rec->markup == 1) {
        rc = zc_html_text(src, len, &a->plain, markup_title, err);
        src = a->plain.data ? a->plain.data : "";
        len = a->plain.len;
        drop_text(rec);
    } else if (rec->markup == 2) {
        if (zc_markdown_text(src, len, &a->plain))
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        src = a->plain.data ? a->plain.data : "";
        len = a->plain.len;
        drop_text(rec);
    }
    zc_buf_clear(&a->scratch);
    if (rc == ZC_OK)
        rc = zc_norm_append(a->norm, src, len, &a->scratch, err);
    drop_text(rec);
    release(&a->plain);
    zc_buf_clear(&a->clean);
    if (rc == ZC_OK)
        rc = zc_clean(a->scratch.data ? a->scratch.data : "", a->scratch.len, &a->clean, err);
    release(&a->scratch);
    if (rc == ZC_OK && !a->clean.data)
        rc = zc_buf_reserve(&a->clean, 0) ? zc_err_set(err, ZC_ERR_NOMEM, "out of memory") : 0;
    return rc;
}

/* The edge terms of a letter or digit unit u (index/schema.h): where it
 * starts its run, where it ends it, and where it is the whole run. */
static int add_run_terms(zc_postings *post, const char *prefix, const zc_unit *u)
{
    static const unsigned kinds[3] = {ZC_UNIT_RUN_START, ZC_UNIT_RUN_END,
                                      ZC_UNIT_RUN_START | ZC_UNIT_RUN_END};
    char term[24];
    for (size_t k = 0; k < 3; k++) {
        if ((u->run & kinds[k]) != kinds[k])
            continue;
        size_t n = zc_schema_run_term(term, prefix, u->term, u->term_len, kinds[k]);
        int rc = zc_postings_add_pos(post, term, n, u->pos);
        if (rc)
            return rc;
    }
    return ZC_OK;
}

/* Positional unit terms of text, with prefix (NULL for the body), and the
 * edge terms of its runs of letters and of digits. */
static int add_units(zc_postings *post, zc_xdoc *doc, const char *prefix, const char *text,
                     size_t len, zc_error *err)
{
    zc_unit_iter it;
    zc_unit u;
    char term[16];
    size_t pl = prefix ? strlen(prefix) : 0;
    if (pl)
        memcpy(term, prefix, pl);
    zc_unit_iter_init(&it, text, len);
    while (zc_unit_next(&it, &u)) {
        int rc;
        if (pl) {
            memcpy(term + pl, u.term, u.term_len);
            rc = zc_postings_add_pos(post, term, pl + u.term_len, u.pos);
        } else {
            rc = zc_postings_add_pos(post, u.term, u.term_len, u.pos);
        }
        if (rc == ZC_OK && u.run)
            rc = add_run_terms(post, prefix ? prefix : "", &u);
        if (rc)
            return zc_err_set(err, rc, "out of memory");
        /* A long text's positions go to the document a part at a time. */
        if (zc_postings_pending(post) >= ZC_POSTINGS_PART &&
            (rc = zc_postings_spill(post, doc, err)))
            return rc;
    }
    return ZC_OK;
}

/* How many tokens ahead their dictionary entries are asked for. */
#define WORD_AHEAD 16

/* The word terms and place names of tokens toks[0..n) of text. */
static int add_tokens(zc_analyzer *a, const char *text, size_t len, const zc_token *toks, size_t n,
                      zc_error *err)
{
    int rc = ZC_OK;
    char term[ZC_MAX_WORD_TERM + 2];
    term[0] = ZC_PREFIX_WORD[0];
    for (size_t i = 0; i < n && i < WORD_AHEAD; i++)
        zc_dict_entry_prefetch(a->dict, toks[i].entry);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        const char *w = text + toks[i].byte_off;
        size_t wl = toks[i].byte_len;
        if (i + WORD_AHEAD < n)
            zc_dict_entry_prefetch(a->dict, toks[i + WORD_AHEAD].entry);
        /* A lone Han character is already a unit term, which ranks it. */
        if (wl > ZC_MAX_WORD_TERM || (toks[i].unit_len < 2 && (unsigned char)w[0] >= 0x80) ||
            !zc_unit_wordlike(w, wl))
            continue;
        /* The segmenter mostly knows the word's dictionary entry already. */
        unsigned f = toks[i].entry == ZC_TOK_ENTRY_UNKNOWN
                         ? zc_dict_word_flags(a->dict, w, wl)
                         : zc_dict_entry_word_flags(a->dict, toks[i].entry);
        if ((f & ZC_WORD_REGION) && !(toks[i].flags & ZC_TOK_SUB)) {
            zc_mention m = {w, wl};
            g_array_append_val(a->mentions, m);
        }
        /* A word term stands for its text where the searcher finds that
         * text (searcher/compile_units.c): not for a part of a run of
         * letters or digits, which the text's edges would not match. */
        if ((f & ZC_WORD_STOP) || !zc_unit_whole_runs(text, len, toks[i].byte_off, wl))
            continue;
        for (size_t k = 0; k < wl; k++)
            term[1 + k] = (w[k] >= 'A' && w[k] <= 'Z') ? (char)(w[k] + 32) : w[k];
        if (zc_postings_add_count(a->post, term, wl + 1))
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    return rc;
}

/* Word terms W<word> (accurate mode: the words BM25 ranks by), and the
 * place names the text mentions. */
static int add_words(zc_analyzer *a, const char *text, size_t len, zc_error *err)
{
    const zc_token *toks;
    size_t n = 0;
    g_array_set_size(a->mentions, 0);
    /* A part at a time: the tokens of a whole long text would take several
     * times its size. */
    zc_seg_cursor at = ZC_SEG_CURSOR_INIT;
    int rc = ZC_OK;
    while (rc == ZC_OK && at.pos < len) {
        rc = zc_seg_cut_part(a->seg, text, len, ZC_SEG_ACCURATE, 0, &at, ZC_ANALYZE_TOKENS, &toks,
                             &n, err);
        if (rc == ZC_OK)
            rc = add_tokens(a, text, len, toks, n, err);
    }
    return rc;
}

static int set_value(zc_xdoc *doc, unsigned slot, const char *s, zc_error *err)
{
    return s && *s ? zc_xdoc_set_value(doc, slot, s, strlen(s), err) : ZC_OK;
}

/* A term XD<id> for each directory above the source file at real, an
 * absolute path, so that source:DIR finds it however deep it lies (a
 * document given in memory has its key there, which is no path: none). */
static int add_dir_terms(zc_xdoc *doc, const char *real, zc_error *err)
{
    if (real[0] != '/')
        return ZC_OK;
    char *dir = strdup(real), term[20];
    if (!dir)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    int rc = ZC_OK;
    for (char *slash; rc == ZC_OK && (slash = strrchr(dir, '/'));) {
        slash[slash == dir] = '\0'; /* "/a/b" → "/a" → "/" */
        zc_schema_term(term, ZC_PREFIX_DIR, dir);
        rc = zc_xdoc_add_boolean_term(doc, term, err);
        if (slash == dir)
            break;
    }
    free(dir);
    return rc;
}

typedef struct meta_out {
    char *title;
    int year;
    int years[64];
    size_t n_years;
    int month, day;   /* of the year, when the text dates it */
    const char *type; /* static, or NULL */
    char *issuer;     /* malloc'd, or NULL */
    int named;        /* the title is the file's name: not the text's */
    char *docno;      /* malloc'd, or NULL */
    int region;
} meta_out;

static void decide_meta(zc_analyzer *a, const zc_record *rec, const zc_work *w, char *markup_title,
                        const char *text, size_t len, meta_out *m)
{
    const zc_manifest_entry *man = w->manifest;
    m->title = norm_meta(a, man ? man->title : NULL);
    if (!m->title)
        m->title = norm_meta(a, rec->title);
    if (!m->title)
        m->title = norm_meta(a, markup_title);
    if (!m->title)
        m->title = zc_meta_title(text, len, 40);
    m->named = 0;
    if (!*m->title) { /* no title line: the file's name */
        m->named = 1;
        const char *base = strrchr(rec->display, '/');
        base = base ? base + 1 : rec->display;
        const char *dot = strrchr(base, '.');
        g_free(m->title);
        m->title = dot && dot > base ? g_strndup(base, (gsize)(dot - base)) : g_strdup(base);
    }
    m->type = zc_meta_type(text, len, m->title);
    /* A collection's issuer column (发文机关) says it outright. */
    m->issuer = norm_meta(a, rec->issuer);
    if (!m->issuer)
        m->issuer = zc_meta_issuer(text, len, m->title);
    m->docno = zc_meta_docno(text, len);
    int by_text = zc_meta_years(text, len, m->years, 64, &m->n_years);
    int dated = zc_meta_dated(text, len, m->title, &m->month, &m->day);
    if (dated)
        by_text = dated;
    else
        m->month = m->day = 0;
    m->year = man && man->year ? man->year : rec->year ? rec->year : by_text;
    if (m->year != by_text)
        m->month = m->day = 0; /* the text's date is not the document's */
    /* Where the text dates nothing of the year its file name gives, the
     * name's date (20240519.md: a day's news). */
    if (!m->month && rec->name_month && m->year == rec->year) {
        m->month = rec->name_month;
        m->day = rec->name_day;
    }
    m->region = -1;
    if (man && man->region)
        m->region = zc_meta_region_named(a->dict, man->region);
    if (m->region == -1 && rec->region)
        m->region = zc_meta_region_named(a->dict, rec->region);
    if (m->region == -1 && zc_meta_national(text, len, m->title))
        m->region = ZC_META_NATIONAL;
    /* Who issues it: "某省人民政府办公厅" is of that province, whatever
     * other regions the text mentions. */
    if (m->region == -1)
        m->region = zc_meta_region_of_issuer(a->dict, m->issuer);
    if (m->region == -1)
        m->region = zc_meta_region(a->dict, (const zc_mention *)a->mentions->data, a->mentions->len,
                                   m->title);
}

int zc_analyze(zc_analyzer *a, zc_record *rec, const zc_work *w, const char *stamp, zc_xdoc **out,
               zc_error *err)
{
    *out = NULL;
    char *markup_title = NULL;
    int rc = prepare(a, rec, &markup_title, err);
    zc_xdoc *doc = NULL;
    if (rc == ZC_OK)
        rc = zc_xdoc_new(&doc, err);
    const char *text = a->clean.data;
    size_t len = a->clean.len;
    if (rc == ZC_OK)
        rc = add_units(a->post, doc, NULL, text, len, err);
    if (rc == ZC_OK)
        rc = add_words(a, text, len, err);
    if (rc == ZC_OK && zc_bigrams_add(a->post, text, len, 1))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    meta_out m = {0};
    if (rc == ZC_OK) {
        decide_meta(a, rec, w, markup_title, text, len, &m);
        /* (a document without text is matched by nothing, not even by
         * the file's name standing in for its title) */
        if (!m.named || len > 0)
            rc = add_units(a->post, doc, ZC_PREFIX_TITLE, m.title, strlen(m.title), err);
    }
    if (rc == ZC_OK)
        rc = zc_postings_flush(a->post, doc, err);
    else
        zc_postings_clear(a->post); /* the next document starts empty */

    char idterm[20], srcterm[20], id[17], buf[64];
    zc_schema_id(rec->key, id);
    zc_schema_term(idterm, ZC_PREFIX_ID, rec->key);
    zc_schema_term(srcterm, ZC_PREFIX_SOURCE, w->file.real_path);
    if (rc == ZC_OK)
        rc = zc_xdoc_add_boolean_term(doc, idterm, err);
    if (rc == ZC_OK)
        rc = zc_xdoc_add_boolean_term(doc, srcterm, err);
    if (rc == ZC_OK)
        rc = add_dir_terms(doc, w->file.real_path, err);
    if (rc == ZC_OK && m.year) {
        snprintf(buf, sizeof buf, "%s%d", ZC_PREFIX_YEAR, m.year);
        rc = zc_xdoc_add_boolean_term(doc, buf, err);
        size_t n = zc_x_sortable_serialise(m.year, buf);
        if (rc == ZC_OK)
            rc = zc_xdoc_set_value(doc, ZC_SLOT_YEAR, buf, n, err);
    }
    zc_docrec rec_out = {0};
    char *region_path = NULL;
    /* Facet key: year, then the region's code at each level. */
    const char *codes[3] = {"", "", ""};
    if (rc == ZC_OK && m.region >= 0) {
        /* The region and its ancestors: a filter term each. */
        for (int32_t i = m.region; rc == ZC_OK && i >= 0;) {
            zc_region reg;
            if (!zc_dict_region_get(a->dict, (size_t)i, &reg))
                break;
            snprintf(buf, sizeof buf, "%s%s", ZC_PREFIX_REGION, reg.code);
            rc = zc_xdoc_add_boolean_term(doc, buf, err);
            if (reg.level >= ZC_REGION_PROVINCE && reg.level <= ZC_REGION_COUNTY)
                codes[reg.level - ZC_REGION_PROVINCE] = reg.code;
            i = reg.parent;
        }
        region_path = zc_meta_region_path(a->dict, m.region);
        if (!region_path)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    if (rc == ZC_OK && m.region == ZC_META_NATIONAL) {
        snprintf(buf, sizeof buf, "%s%s", ZC_PREFIX_REGION, ZC_REGION_NATIONAL_CODE);
        rc = zc_xdoc_add_boolean_term(doc, buf, err);
        codes[0] = ZC_REGION_NATIONAL_CODE;
        rec_out.region = ZC_REGION_NATIONAL_NAME;
    }
    if (rc == ZC_OK && (m.year || m.region != -1 || m.type || m.issuer)) {
        char key[96 + ZC_FACET_ISSUER_MAX];
        size_t kl = zc_schema_facet_key(m.year, codes, m.type, m.issuer, key, sizeof key);
        if (kl)
            rc = zc_xdoc_set_value(doc, ZC_SLOT_FACETS, key, kl, err);
    }
    zc_buf src = ZC_BUF_INIT;
    zc_schema_source_value(&src, stamp, w->manifest ? w->manifest->digest : NULL,
                           w->file.real_path);
    if (rc == ZC_OK)
        rc = set_value(doc, ZC_SLOT_ID, id, err);
    if (rc == ZC_OK)
        rc = set_value(doc, ZC_SLOT_SOURCE, src.data, err);
    if (rc == ZC_OK && m.type) {
        snprintf(buf, sizeof buf, "%s%s", ZC_PREFIX_TYPE, m.type);
        rc = zc_xdoc_add_boolean_term(doc, buf, err);
    }
    if (rc == ZC_OK && m.issuer) {
        zc_buf t = ZC_BUF_INIT;
        zc_buf_printf(&t, "%s%s", ZC_PREFIX_ISSUER, m.issuer);
        if (t.len <= ZC_MAX_WORD_TERM)
            rc = zc_xdoc_add_boolean_term(doc, t.data, err);
        zc_buf_free(&t);
    }
    zc_schema_docno dn;
    if (rc == ZC_OK && m.docno && zc_schema_docno_parse(m.docno, strlen(m.docno), &dn)) {
        char t[128];
        if (zc_schema_docno_term(&dn, 0, t, sizeof t))
            rc = zc_xdoc_add_boolean_term(doc, t, err);
        if (rc == ZC_OK && zc_schema_docno_term(&dn, 1, t, sizeof t))
            rc = zc_xdoc_add_boolean_term(doc, t, err);
        if (rc == ZC_OK)
            rec_out.docno = m.docno;
    }
    /* The date as the source gives it, else as the text does. */
    char text_date[16] = "";
    if (m.month && m.day)
        snprintf(text_date, sizeof text_date, "%04d-%02d-%02d", m.year % 10000, m.month % 100,
                 m.day % 100);
    else if (m.month)
        snprintf(text_date, sizeof text_date, "%04d-%02d", m.year % 10000, m.month % 100);
    const char *date = rec->date && *rec->date ? rec->date : text_date;
    char when[9];
    if (rc == ZC_OK && zc_meta_date_key(date, m.year, when)) {
        rc = zc_xdoc_set_value(doc, ZC_SLOT_WHEN, when, 8, err);
        char rev[8];
        zc_schema_when_reversed(when, rev);
        if (rc == ZC_OK)
            rc = zc_xdoc_set_value(doc, ZC_SLOT_WHEN_REV, rev, 8, err);
    }
    if (rc == ZC_OK)
        rc = zc_stored_pack(a->packer, text, len, &a->stored, err);
    if (rc == ZC_OK) {
        if (region_path)
            rec_out.region = region_path;
        rec_out.id = id;
        rec_out.path = rec->display;
        rec_out.title = m.title;
        rec_out.type = m.type;
        rec_out.date = date;
        rec_out.issuer = m.issuer;
        rec_out.year = m.year;
        rec_out.stored = a->stored.data;
        rec_out.stored_len = a->stored.len;
        rc = zc_docrec_pack(&rec_out, &a->record, err);
    }
    if (rc == ZC_OK)
        rc = zc_xdoc_set_value(doc, ZC_SLOT_RECORD, a->record.data, a->record.len, err);
    free(region_path);
    zc_buf_free(&src);
    g_free(m.title);
    g_free(m.issuer);
    g_free(m.docno);
    g_free(markup_title);
    release(&a->clean);
    release(&a->stored);
    release(&a->record);
    if (a->mentions->len > ZC_ANALYZE_KEEP / sizeof(zc_mention)) {
        g_array_free(a->mentions, TRUE);
        a->mentions = g_array_new(FALSE, FALSE, sizeof(zc_mention));
    }
    if (rc) {
        zc_xdoc_free(doc);
        return zc_err_prefix(err, "%s: ", rec->display);
    }
    *out = doc;
    return ZC_OK;
}
