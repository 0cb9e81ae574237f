/* Checking a legacy reading throughout. decode_legacy.c chose the
 * encoding on a sample; here the whole file is read again in pieces, and
 * the pieces are scored in chunks of a few characters: a chunk that does
 * not read as Chinese (plausible.h) is read in the other candidates too,
 * and one that another encoding reads as Chinese, clearly better, means
 * the file changes encoding: where is found, to the character, and
 * reported. A block of the text (more characters, for more evidence)
 * that reads as no Chinese at all is mojibake, reported likewise. Either way the file is refused,
 * never indexed garbled. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "extract/decode_internal.h"
#include "extract/plausible.h"

/* Pieces are whole lines, a longer line cut between characters every
 * PIECE_BYTES; blocks hold at least BLOCK_CHARS weighed characters, chunks
 * at least CHUNK_CHARS. */
#define PIECE_BYTES 512
#define BLOCK_CHARS 64
#define CHUNK_CHARS ZC_PLAUS_EVIDENCE

typedef zc_decode_cand cand;
typedef zc_decode_cands cands;

/* Bytes of the character at s (n > 0 available) in c's encoding. */
static size_t char_len(const cand *c, const unsigned char *s, size_t n)
{
    size_t k = 1;
    if (s[0] >= 0x80) {
        k = 2;
        if (c->family == ZC_DECODE_GB && n >= 2 && s[1] >= 0x30 && s[1] <= 0x39)
            k = 4;
        else if (c->family == ZC_DECODE_EUCTW && s[0] == 0x8E)
            k = 4;
    }
    return k < n ? k : n;
}

/* The end of the piece that starts at r (a character boundary in c) in
 * raw[0..len). */
static size_t piece_end(const cand *c, const char *raw, size_t len, size_t r)
{
    size_t end = len - r > PIECE_BYTES ? r + PIECE_BYTES : len;
    const char *nl = memchr(raw + r, '\n', end - r);
    if (nl)
        return (size_t)(nl - raw) + 1;
    if (end == len)
        return len;
    const unsigned char *s = (const unsigned char *)raw;
    size_t i = r;
    while (i < end)
        i += char_len(c, s + i, len - i);
    return i;
}

/* Adds raw[r0..r1) read in c to p. ZC_OK, ZC_ERR_NOMEM, or ZC_ERR_ENCODING
 * when c cannot read it. */
static int read_in(cand *c, const char *raw, size_t r0, size_t r1, zc_plaus *p)
{
    char *t = NULL;
    size_t tlen = 0, bad = 0;
    int trunc = 0;
    int rc = zc_decode_cand_iconv(c, raw + r0, r1 - r0, 0, &t, &tlen, &bad, &trunc);
    if (rc == ZC_OK)
        zc_plaus_add(p, t, tlen);
    free(t);
    return rc;
}

static int nomem(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory checking the decoded text");
}

/* A run of pieces of candidate a, read in a and in b. */
typedef struct chunk {
    size_t r0, r1;
    int s1, s2;   /* scores in a and in b (ZC_DECODE_FAILED: b cannot read it) */
    size_t chars; /* weighed characters in a */
} chunk;

/* The chunk from *r on, ending before end: pieces of a up to CHUNK_CHARS
 * weighed characters. */
static int next_chunk(cands *L, size_t a, size_t b, size_t *r, size_t end, chunk *ch)
{
    zc_plaus p1 = {0, 0, 0}, p2 = {0, 0, 0};
    ch->r0 = *r;
    while (*r < end && p1.chars < CHUNK_CHARS) {
        size_t e = piece_end(&L->c[a], L->raw, end, *r);
        if (read_in(&L->c[a], L->raw, *r, e, &p1) == ZC_ERR_NOMEM)
            return ZC_ERR_NOMEM;
        *r = e;
    }
    ch->r1 = *r;
    ch->s1 = zc_plaus_score(&p1);
    ch->chars = p1.chars;
    int rc = read_in(&L->c[b], L->raw, ch->r0, ch->r1, &p2);
    if (rc == ZC_ERR_NOMEM)
        return rc;
    ch->s2 = rc ? ZC_DECODE_FAILED : zc_plaus_score(&p2);
    return ZC_OK;
}

/* 1: the chunk reads as Chinese in a, clearly better than in b; -1 the
 * other way; 0 undecided. */
static int prefers(const chunk *ch)
{
    if (ch->chars < ZC_PLAUS_EVIDENCE)
        return 0;
    if (ch->s1 >= ZC_PLAUS_GOOD && ch->s1 - ch->s2 >= ZC_DECODE_MARGIN)
        return 1;
    if (ch->s2 >= ZC_PLAUS_GOOD && ch->s2 - ch->s1 >= ZC_DECODE_MARGIN)
        return -1;
    return 0;
}

/* Points (sum of weights) of raw[r0..r1) read in c; ZC_DECODE_FAILED if
 * it cannot, *oom set when out of memory. */
static long long points_in(cand *c, const char *raw, size_t r0, size_t r1, int *oom)
{
    zc_plaus p = {0, 0, 0};
    int rc = read_in(c, raw, r0, r1, &p);
    if (rc == ZC_ERR_NOMEM)
        *oom = 1;
    return rc ? ZC_DECODE_FAILED : p.points;
}

/* Where in raw[a0..a1) text of encoding e1 gives way to encoding e2: the
 * character boundary of e1 that makes the text before it in e1 and after
 * it in e2 weigh the most. Of equal ones (ASCII, and characters common
 * either way, read alike in both) the first at the start of a line, as
 * where two files were joined; else the last, before the first character
 * that reads better in e2. */
static int split_point(cands *L, size_t e1, size_t e2, size_t a0, size_t a1, size_t *at)
{
    cand *c1 = &L->c[e1], *c2 = &L->c[e2];
    const unsigned char *s = (const unsigned char *)L->raw;
    long long before = 0, best = 0;
    int found = 0, best_nl = 0, oom = 0;
    *at = a0;
    for (size_t p = a0;;) {
        long long after = p < a1 ? points_in(c2, L->raw, p, a1, &oom) : 0;
        if (oom)
            return ZC_ERR_NOMEM;
        int nl = p == 0 || s[p - 1] == '\n';
        if (after != ZC_DECODE_FAILED &&
            (!found || before + after > best || (before + after == best && !best_nl))) {
            best = before + after;
            best_nl = nl;
            *at = p;
            found = 1;
        }
        if (p >= a1)
            break;
        size_t q = p + char_len(c1, s + p, a1 - p);
        long long w = points_in(c1, L->raw, p, q, &oom);
        if (oom)
            return ZC_ERR_NOMEM;
        before += w == ZC_DECODE_FAILED ? 0 : w;
        p = q;
    }
    return ZC_OK;
}

static int mixed(const cands *L, size_t a, size_t b, size_t off, zc_error *err)
{
    return zc_err_set(err, ZC_ERR_ENCODING,
                      "mixed encodings: %s text, then %s text from byte offset %zu (convert the "
                      "parts to UTF-8 separately)",
                      L->c[a].enc, L->c[b].enc, off);
}

/* Candidate k's reading of a block did not read as Chinese, and a chunk of
 * it reads so, clearly better, in candidate alt: goes through the whole
 * file in chunks read both ways. The first decided chunk gives the first
 * encoding, the first decided the other way the second; the change is
 * then looked for in that chunk's first piece that reads better the other
 * way, with the piece before it. When every decided chunk reads better in
 * alt, returns ZC_DECODE_READS_OTHER. */
static int locate_change(cands *L, size_t k, size_t alt, size_t block, zc_error *err)
{
    int first = 0;
    size_t r = 0, from = 0; /* from: the end of the last chunk of the first kind */
    while (r < L->len) {
        chunk ch;
        if (next_chunk(L, k, alt, &r, L->len, &ch))
            return nomem(err);
        int pref = prefers(&ch);
        if (pref && !first)
            first = pref;
        if (pref && pref == first)
            from = ch.r1;
        if (!pref || pref == first)
            continue;
        /* The first piece since then that reads better the other way,
         * with the one before it; failing that (no piece does on its
         * own), the chunk's first piece with the one before. The window
         * stays a few pieces long: split_point takes time in its square. */
        size_t prev = from, before = from, one = ch.r0; /* one: the piece ending at p1 */
        size_t p0 = from, p1 = piece_end(&L->c[k], L->raw, ch.r1, ch.r0);
        for (size_t q = from; q < ch.r1;) {
            if (q == ch.r0)
                before = prev;
            size_t e = piece_end(&L->c[k], L->raw, ch.r1, q);
            zc_plaus a = {0, 0, 0}, b = {0, 0, 0};
            int ra = read_in(&L->c[k], L->raw, q, e, &a),
                rb = read_in(&L->c[alt], L->raw, q, e, &b);
            if (ra == ZC_ERR_NOMEM || rb == ZC_ERR_NOMEM)
                return nomem(err);
            int sa = zc_plaus_score(&a), sb = rb ? ZC_DECODE_FAILED : zc_plaus_score(&b);
            if (a.chars && (first > 0 ? sb > sa : sa > sb)) {
                p0 = prev;
                p1 = e;
                one = q;
                break;
            }
            prev = q;
            q = e;
            if (q >= ch.r1)
                p0 = before;
        }
        if (p1 - p0 > 4 * PIECE_BYTES) /* (cannot happen: pieces are cut alike) */
            p0 = one;
        size_t e1 = first > 0 ? k : alt, e2 = first > 0 ? alt : k, at;
        if (split_point(L, e1, e2, p0, p1, &at))
            return nomem(err);
        return mixed(L, e1, e2, at, err);
    }
    return first < 0 ? ZC_DECODE_READS_OTHER : mixed(L, k, alt, block, err);
}

/* Chunk raw[c0..c1) of candidate k's reading, which scores p: does
 * another candidate read it as Chinese, clearly better? */
static int check_chunk(cands *L, size_t k, size_t c0, size_t c1, const zc_plaus *p, size_t *other,
                       zc_error *err)
{
    if (p->chars < ZC_PLAUS_EVIDENCE || zc_plaus_score(p) >= ZC_PLAUS_GOOD)
        return ZC_OK;
    for (size_t j = 0; j < L->n; j++) {
        if (j == k || L->c[j].family == ZC_DECODE_WIDE)
            continue;
        zc_plaus q = {0, 0, 0};
        int rc = read_in(&L->c[j], L->raw, c0, c1, &q);
        if (rc == ZC_ERR_NOMEM)
            return nomem(err);
        chunk ch = {c0, c1, zc_plaus_score(p), rc ? ZC_DECODE_FAILED : zc_plaus_score(&q),
                    p->chars};
        if (prefers(&ch) < 0) {
            rc = locate_change(L, k, j, c0, err);
            if (rc == ZC_DECODE_READS_OTHER)
                *other = j;
            return rc;
        }
    }
    return ZC_OK;
}

/* A run of pieces being scored, and the run before it: a run at the end
 * of the text with fewer than `join` characters is scored with the one
 * before. */
typedef struct run {
    size_t r0, prev0;
    zc_plaus p, prev;
    int have_prev;
} run;

/* Adds the score of a piece ending at `end` to u; returns 1 when u is to
 * be checked now (it has min characters, or the text ends there), with
 * [*from, end) and *p what to check. */
static int run_add(run *u, const zc_plaus *piece, size_t end, size_t len, size_t min, size_t join,
                   size_t *from, zc_plaus *p)
{
    u->p.points += piece->points;
    u->p.chars += piece->chars;
    u->p.odd += piece->odd;
    if (u->p.chars < min && end < len)
        return 0;
    *from = u->r0;
    *p = u->p;
    if (end == len && u->p.chars < join && u->have_prev) {
        *from = u->prev0;
        p->points += u->prev.points;
        p->chars += u->prev.chars;
        p->odd += u->prev.odd;
    }
    u->prev0 = u->r0;
    u->prev = u->p;
    u->have_prev = 1;
    u->r0 = end;
    u->p = (zc_plaus){0, 0, 0};
    return 1;
}

/* The text of the piece raw[r0..r1) when raw[0..r0) is text[0..*t):
 * *t moves to its end. A line ends where the text's line does; a line cut
 * in pieces is cut after as many characters as the piece has, which is
 * exact but for the few Hong Kong characters read as two code points (a
 * character's weight then counts in the next piece: the line's is right). */
static void piece_text(const cand *c, const char *raw, size_t r0, size_t r1, const char *text,
                       size_t tlen, size_t *t)
{
    size_t t0 = *t;
    const char *tn = memchr(text + t0, '\n', tlen - t0);
    size_t line_end = tn ? (size_t)(tn - text) + 1 : tlen;
    if (raw[r1 - 1] == '\n') {
        *t = line_end;
        return;
    }
    const unsigned char *s = (const unsigned char *)raw, *u = (const unsigned char *)text;
    size_t chars = 0;
    for (size_t i = r0; i < r1; chars++)
        i += char_len(c, s + i, r1 - i);
    size_t j = t0;
    while (chars && j < line_end) {
        j++;
        while (j < line_end && (u[j] & 0xC0) == 0x80)
            j++;
        chars--;
    }
    *t = j;
}

int zc_decode_check(cands *L, size_t k, const char *text, size_t tlen, zc_plaus *whole,
                    size_t *other, zc_error *err)
{
    cand *c = &L->c[k];
    run chunks, blocks;
    memset(&chunks, 0, sizeof chunks);
    memset(&blocks, 0, sizeof blocks);
    size_t t = 0;
    for (size_t r = 0; r < L->len;) {
        size_t e = piece_end(c, L->raw, L->len, r), t0 = t, from;
        zc_plaus piece = {0, 0, 0}, p;
        piece_text(c, L->raw, r, e, text, tlen, &t);
        zc_plaus_add(&piece, text + t0, t - t0);
        whole->points += piece.points;
        whole->chars += piece.chars;
        whole->odd += piece.odd;
        r = e;
        if (run_add(&chunks, &piece, r, L->len, CHUNK_CHARS, CHUNK_CHARS, &from, &p)) {
            int rc = check_chunk(L, k, from, r, &p, other, err);
            if (rc)
                return rc;
        }
        if (run_add(&blocks, &piece, r, L->len, BLOCK_CHARS, BLOCK_CHARS / 4, &from, &p) &&
            p.chars >= ZC_PLAUS_EVIDENCE && zc_plaus_score(&p) < ZC_PLAUS_MIN)
            return zc_decode_implausible(L, k, from, zc_plaus_score(&p), err);
    }
    return ZC_OK;
}

int zc_decode_implausible(const cands *L, size_t k, size_t off, int score, zc_error *err)
{
    zc_buf b = ZC_BUF_INIT;
    for (size_t i = 0; i < L->n; i++)
        zc_buf_printf(&b, "%s%s", i ? ", " : "", L->c[i].enc);
    zc_err_set(err, ZC_ERR_ENCODING,
               "implausible text: read as %s, the most plausible of %s, the characters from "
               "byte offset %zu are mostly rare, private-use or of other scripts (plausibility "
               "%.2f, Chinese text scores over %.2f); give the file's encoding with --encoding",
               L->c[k].enc, b.data ? b.data : "", off, score / 1000.0, ZC_PLAUS_GOOD / 1000.0);
    zc_buf_free(&b);
    return ZC_ERR_ENCODING;
}
