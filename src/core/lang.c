/* SPDX-License-Identifier: MIT */
/*
 * lang.c - a language for the human outputs: its message catalogue (a
 * GNU .mo file that msgfmt made from po/<code>.po) and the lookups the
 * writers use (sl_tr, sl_trn, sl_trc). Number, money and month
 * conventions come from the same catalogue (lang_fmt.c), so adding a
 * language needs no C.
 *
 * Why not glibc's gettext: it takes the language from the process locale
 * (setlocale(LC_MESSAGES) and the LANGUAGE variable), which is global
 * state shared by every thread, needs the language's locale installed on
 * the machine (without sv_SE.UTF-8 generated it silently stays English),
 * and setting it would also let LC_NUMERIC and friends into printf. Here a
 * language is an object a writer is handed: two reports in two languages
 * can be written at once, and the process locale never matters.
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * header of 32-bit words (magic 0x950412de in the file's byte order,
 * revision, N, offset of the originals table, offset of the translations
 * table), each table N pairs (length, offset) of NUL-terminated strings,
 * the originals sorted bytewise, so a lookup is a binary search: O(log N)
 * string comparisons, no allocation. A context is "context\004msgid"; a
 * plural entry's original is "one\0many" and its translation the forms
 * one after another, NUL-separated. The first entry (msgid "") is the
 * header, whose Plural-Forms line gives nplurals and the C expression of
 * n that picks a form (plural_eval below). Every offset and length is
 * checked on load, so a damaged file is an error, never a wild read.
 */
#include "core.h"
#include "file.h"

#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAX_BYTES ((size_t)16 << 20)
#define PLURAL_MAX_DEPTH 32

struct sl_lang {
    char code[16];
    char *data; /* the whole .mo file; NULL for English */
    size_t size;
    bool is_swapped;
    uint32_t n;
    uint32_t originals, translations; /* table offsets */
    const char *plural;               /* the Plural-Forms expression, in data; NULL: n != 1 */
    unsigned long nplurals;
};

static uint32_t word_at(const sl_lang *l, size_t off)
{
    const unsigned char *p = (const unsigned char *)l->data + off;
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    return l->is_swapped ? (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24)
                         : v;
}

/* String i of the table at tab: its bytes and length (excluding the NUL). */
static const char *entry(const sl_lang *l, uint32_t tab, uint32_t i, uint32_t *len)
{
    size_t at = (size_t)tab + 8 * (size_t)i;
    *len = word_at(l, at);
    return l->data + word_at(l, at + 4);
}

/* ---- plural forms ----------------------------------------------------
 * The Plural-Forms expression is C over one variable n: ?:, ||, &&, ==,
 * !=, <, <=, >, >=, +, -, *, /, %, !, parentheses and decimal numbers.
 * A recursive-descent evaluator, one level per precedence, walks the
 * text for each call (a catalogue is consulted for a few hundred plurals
 * per report, and an expression is a few dozen bytes); division by zero
 * gives 0 and nesting deeper than PLURAL_MAX_DEPTH stops the walk, so a
 * hostile header cannot crash or loop. */
typedef struct plural_eval {
    const char *s;
    unsigned long n;
    int depth;
    bool bad;
} plural_eval;

static unsigned long pe_ternary(plural_eval *e);

static void pe_space(plural_eval *e)
{
    while (*e->s == ' ' || *e->s == '\t' || *e->s == '\n')
        e->s++;
}

static bool pe_take(plural_eval *e, const char *tok)
{
    pe_space(e);
    size_t len = strlen(tok);
    if (strncmp(e->s, tok, len) != 0)
        return false;
    /* "<" must not take the first half of "<=", "!" of "!=" */
    if (len == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!' || tok[0] == '=') &&
        e->s[1] == '=')
        return false;
    e->s += len;
    return true;
}

static unsigned long pe_primary(plural_eval *e)
{
    pe_space(e);
    if (++e->depth > PLURAL_MAX_DEPTH) {
        e->bad = true;
        return 0;
    }
    unsigned long v = 0;
    if (pe_take(e, "!")) {
        v = !pe_primary(e);
    } else if (pe_take(e, "(")) {
        v = pe_ternary(e);
        if (!pe_take(e, ")"))
            e->bad = true;
    } else if (*e->s == 'n') {
        e->s++;
        v = e->n;
    } else if (*e->s >= '0' && *e->s <= '9') {
        while (*e->s >= '0' && *e->s <= '9' && v < 100000000ul)
            v = v * 10 + (unsigned long)(*e->s++ - '0');
    } else {
        e->bad = true;
    }
    e->depth--;
    return v;
}

static unsigned long pe_mul(plural_eval *e)
{
    unsigned long v = pe_primary(e);
    for (;;) {
        if (pe_take(e, "*")) {
            v *= pe_primary(e);
        } else if (pe_take(e, "/")) {
            unsigned long r = pe_primary(e);
            v = r ? v / r : 0;
        } else if (pe_take(e, "%")) {
            unsigned long r = pe_primary(e);
            v = r ? v % r : 0;
        } else {
            return v;
        }
    }
}

static unsigned long pe_add(plural_eval *e)
{
    unsigned long v = pe_mul(e);
    for (;;) {
        if (pe_take(e, "+"))
            v += pe_mul(e);
        else if (pe_take(e, "-"))
            v -= pe_mul(e);
        else
            return v;
    }
}

static unsigned long pe_rel(plural_eval *e)
{
    unsigned long v = pe_add(e);
    for (;;) {
        if (pe_take(e, "<="))
            v = v <= pe_add(e);
        else if (pe_take(e, ">="))
            v = v >= pe_add(e);
        else if (pe_take(e, "<"))
            v = v < pe_add(e);
        else if (pe_take(e, ">"))
            v = v > pe_add(e);
        else
            return v;
    }
}

static unsigned long pe_eq(plural_eval *e)
{
    unsigned long v = pe_rel(e);
    for (;;) {
        if (pe_take(e, "=="))
            v = v == pe_rel(e);
        else if (pe_take(e, "!="))
            v = v != pe_rel(e);
        else
            return v;
    }
}

static unsigned long pe_and(plural_eval *e)
{
    unsigned long v = pe_eq(e);
    while (pe_take(e, "&&")) {
        unsigned long r = pe_eq(e);
        v = v && r;
    }
    return v;
}

static unsigned long pe_or(plural_eval *e)
{
    unsigned long v = pe_and(e);
    while (pe_take(e, "||")) {
        unsigned long r = pe_and(e);
        v = v || r;
    }
    return v;
}

static unsigned long pe_ternary(plural_eval *e)
{
    if (++e->depth > PLURAL_MAX_DEPTH) {
        e->bad = true;
        return 0;
    }
    unsigned long c = pe_or(e);
    unsigned long v = c;
    if (pe_take(e, "?")) {
        unsigned long a = pe_ternary(e);
        if (!pe_take(e, ":"))
            e->bad = true;
        unsigned long b = pe_ternary(e);
        v = c ? a : b;
    }
    e->depth--;
    return v;
}

unsigned long sl_plural_index(const char *expr, unsigned long n)
{
    if (!expr)
        return n != 1;
    plural_eval e = {expr, n, 0, false};
    unsigned long v = pe_ternary(&e);
    pe_space(&e);
    if (*e.s && *e.s != ';')
        e.bad = true;
    return e.bad ? (n != 1) : v;
}

/* ---- loading ----------------------------------------------------------- */

/* The header's "Plural-Forms: nplurals=N; plural=EXPR;" */
static void read_header(sl_lang *l, const char *h)
{
    const char *pf = strstr(h, "Plural-Forms:");
    if (!pf)
        return;
    const char *np = strstr(pf, "nplurals=");
    const char *pl = strstr(pf, "plural=");
    while (pl && pl > pf && pl[-1] == 'n') /* "nplurals=" also holds "plurals=" */
        pl = strstr(pl + 1, "plural=");
    const char *eol = strchr(pf, '\n');
    if (np && (!eol || np < eol)) {
        unsigned long v = 0;
        for (const char *s = np + 9; *s >= '0' && *s <= '9' && v < 100; s++)
            v = v * 10 + (unsigned long)(*s - '0');
        l->nplurals = v ? v : 2;
    }
    if (pl && (!eol || pl < eol))
        l->plural = pl + 7;
}

/* Checks every table entry lies inside the file, ends in a NUL, and the
 * originals ascend (the binary search relies on it). */
static bool well_formed(sl_lang *l)
{
    if (l->size < 28)
        return false;
    uint32_t magic = word_at(l, 0);
    if (magic != MO_MAGIC) {
        l->is_swapped = true;
        if (word_at(l, 0) != MO_MAGIC)
            return false;
    }
    if ((word_at(l, 4) >> 16) > 1) /* major revision 0 or 1 */
        return false;
    l->n = word_at(l, 8);
    l->originals = word_at(l, 12);
    l->translations = word_at(l, 16);
    size_t tables = 8 * (size_t)l->n;
    if (l->n > l->size / 8 || l->originals > l->size - SL_MIN(tables, l->size) ||
        l->translations > l->size - SL_MIN(tables, l->size) || l->originals % 4 ||
        l->translations % 4)
        return false;
    const char *prev = NULL;
    uint32_t prev_len = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        for (int t = 0; t < 2; t++) {
            size_t at = (size_t)(t ? l->translations : l->originals) + 8 * (size_t)i;
            size_t len = word_at(l, at), off = word_at(l, at + 4);
            if (off >= l->size || len >= l->size - off || l->data[off + len] != '\0')
                return false;
        }
        uint32_t len;
        const char *s = entry(l, l->originals, i, &len);
        if (prev) {
            int c = memcmp(prev, s, SL_MIN(prev_len, len) + 1);
            if (c >= 0 && !(c == 0 && prev_len < len))
                return false;
        }
        prev = s;
        prev_len = len;
    }
    return true;
}

static bool is_code(const char *code)
{
    size_t n = strlen(code);
    if (n < 2 || n > 15)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c == '_' && i >= 2)))
            return false;
    }
    return true;
}

/* Reads DIR/CODE/LC_MESSAGES/samlok.mo from the first dir that has it:
 * 1 when read, 0 when none has it, or an error. */
static int find_catalogue(sl_lang *l, const char *code, const char *const *dirs, size_t n_dirs,
                          char *found, size_t found_len, sl_diag *d)
{
    for (size_t i = 0; i < n_dirs; i++) {
        if (!dirs[i] || !dirs[i][0])
            continue;
        if ((size_t)snprintf(found, found_len, "%s/%s/LC_MESSAGES/samlok.mo", dirs[i], code) >=
            found_len)
            continue;
        FILE *f = fopen(found, "rb");
        if (!f)
            continue;
        fclose(f);
        int rc = sl_file_read_limited(&l->data, &l->size, found, MO_MAX_BYTES, d);
        return rc ? rc : 1;
    }
    return 0;
}

int sl_lang_open(sl_lang **out, const char *code, const char *const *dirs, size_t n_dirs,
                 sl_diag *d)
{
    *out = NULL;
    if (!code || !is_code(code)) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0,
                    "'%s' is not a language code such as en or sv", code ? code : "");
        return SL_EUSAGE;
    }
    sl_lang *l = sl_calloc(1, sizeof *l);
    if (!l)
        return SL_ENOMEM;
    snprintf(l->code, sizeof l->code, "%s", code);
    l->nplurals = 2;
    if (strcmp(code, "en") == 0 || strncmp(code, "en_", 3) == 0) {
        memcpy(l->code, "en", 3);
        *out = l;
        return 0;
    }
    char path[4096], base[16];
    int rc = find_catalogue(l, code, dirs, n_dirs, path, sizeof path, d);
    const char *us = strchr(code, '_');
    if (rc == 0 && us) {
        snprintf(base, sizeof base, "%.*s", (int)(us - code), code);
        memcpy(l->code, base, strlen(base) + 1);
        rc = find_catalogue(l, base, dirs, n_dirs, path, sizeof path, d);
    }
    if (rc == 0) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0,
                    "no messages for language '%s' (samlok.mo under %s/LC_MESSAGES in the "
                    "locale folders); languages: en, and those po/LINGUAS lists",
                    code, code);
        sl_lang_free(l);
        return SL_EUSAGE;
    }
    if (rc < 0) {
        sl_lang_free(l);
        return rc;
    }
    if (!well_formed(l)) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "not a message catalogue (a GNU .mo file)");
        sl_lang_free(l);
        return SL_EINPUT;
    }
    uint32_t len;
    if (l->n && entry(l, l->originals, 0, &len) && len == 0)
        read_header(l, entry(l, l->translations, 0, &len));
    *out = l;
    return 0;
}

void sl_lang_free(sl_lang *l)
{
    if (!l)
        return;
    sl_free(l->data);
    sl_free(l);
}

const char *sl_lang_code(const sl_lang *l)
{
    return l ? l->code : "en";
}

/* ---- lookups -------------------------------------------------------- */

/* Compares the key (ctx "\004" msgid, or msgid when ctx is NULL) with an
 * original of the table, bytewise as msgfmt sorted them; a plural
 * original compares by its singular (up to its first NUL). */
static int compare_key(const char *ctx, const char *msgid, const char *orig)
{
    const unsigned char *o = (const unsigned char *)orig;
    if (ctx) {
        for (const unsigned char *c = (const unsigned char *)ctx; *c; c++, o++)
            if (*c != *o)
                return *c < *o ? -1 : 1;
        if (*o != 4)
            return 4 < *o ? -1 : 1;
        o++;
    }
    for (const unsigned char *m = (const unsigned char *)msgid;; m++, o++) {
        if (*m != *o)
            return *m < *o ? -1 : 1;
        if (!*m)
            return 0;
    }
}

/* The translation of the key, its length (all forms), or NULL. */
static const char *lookup(const sl_lang *l, const char *ctx, const char *msgid, uint32_t *len)
{
    if (!l || !l->data || !msgid)
        return NULL;
    uint32_t lo = 0, hi = l->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, olen;
        int c = compare_key(ctx, msgid, entry(l, l->originals, mid, &olen));
        if (c == 0) {
            const char *t = entry(l, l->translations, mid, len);
            return *len ? t : NULL; /* an empty msgstr: untranslated */
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *sl_tr(const sl_lang *l, const char *msgid)
{
    uint32_t len;
    const char *t = msgid && msgid[0] ? lookup(l, NULL, msgid, &len) : NULL;
    return t ? t : msgid;
}

const char *sl_trc(const sl_lang *l, const char *context, const char *msgid)
{
    uint32_t len;
    const char *t = msgid && msgid[0] ? lookup(l, context, msgid, &len) : NULL;
    return t ? t : msgid;
}

/* The conversions of a printf format in order ("%s %.1f%%" -> "sf"). */
static size_t conversions(const char *f, char *out, size_t cap)
{
    size_t n = 0;
    for (; *f; f++) {
        if (*f != '%')
            continue;
        f++;
        while (*f && strchr("-+ #0123456789.*'lhzjtL", *f))
            f++;
        if (!*f)
            break;
        if (*f != '%' && n < cap)
            out[n++] = *f;
    }
    return n;
}

const char *sl_tr_format(const char *fmt, const char *translated)
{
    char a[32], b[32];
    size_t na = conversions(fmt, a, sizeof a), nb = conversions(translated, b, sizeof b);
    return na == nb && na <= sizeof a && memcmp(a, b, na) == 0 ? translated : fmt;
}

const char *sl_trn(const sl_lang *l, const char *one, const char *many, unsigned long n)
{
    uint32_t len;
    const char *t = one && one[0] ? lookup(l, NULL, one, &len) : NULL;
    if (!t)
        return n == 1 ? one : many;
    unsigned long k = sl_plural_index(l->plural, n);
    if (k >= l->nplurals)
        k = 0;
    if (k > 0 && !memchr(t, '\0', len)) {
        /* one and many marked as two messages (N_ in a table of forms):
         * the many form is a message of its own */
        const char *m = many && many[0] ? lookup(l, NULL, many, &len) : NULL;
        return m ? m : many;
    }
    const char *end = t + len;
    for (; k > 0 && t < end; k--)
        t += strlen(t) + 1;
    return t < end ? t : (n == 1 ? one : many);
}

bool sl_lang_has(const sl_lang *l, const char *context, const char *msgid)
{
    uint32_t len;
    return lookup(l, context, msgid, &len) != NULL;
}
