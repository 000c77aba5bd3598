/* SPDX-License-Identifier: MIT */
/*
 * params.c - application/x-www-form-urlencoded text (a query string, or
 * a request body in the same form) into decoded name/value pairs.
 *
 * Written here rather than taken from libmicrohttpd's argument parser so
 * that a query and a body go through one parser with one set of rules,
 * and so the parser can be fuzzed without a server (fuzz/fuzz_params.c).
 * It is strict: a '%' not followed by two hex digits, a decoded control
 * byte (NUL included) or DEL, bytes that are not UTF-8, a name outside
 * [a-z_] or longer than 32 bytes, or more than SV_MAX_PARAMS pairs make
 * the whole text an error, never a partial result. An empty text, and
 * empty pieces between '&', are no pairs. The cost is linear in len.
 */
#include "serve.h"

#include <stdlib.h>
#include <string.h>

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The length of a valid UTF-8 sequence at s (n bytes left), 0 if none:
 * no overlongs, no surrogates, nothing past U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xc2 && s[0] <= 0xdf   ? 2
                 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
                 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
                                                : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
        return 0;
    return len;
}

/* Decodes text[0..len) into a new string; NULL with *why on error. */
static char *decode(const char *text, size_t len, const char **why)
{
    char *out = malloc(len + 1);
    if (!out) {
        *why = "out of memory";
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < len ? hex(text[i + 1]) : -1;
            int lo = i + 2 < len ? hex(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(out);
                *why = "a '%' that is not followed by two hex digits";
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        unsigned char u = (unsigned char)c;
        if (u < 0x20 || u == 0x7f) {
            free(out);
            *why = "a control character";
            return NULL;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len((const unsigned char *)out + i, n - i);
        if (!k) {
            free(out);
            *why = "text that is not UTF-8";
            return NULL;
        }
        i += k;
    }
    return out;
}

static bool good_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
            return false;
    return true;
}

void sv_params_free(sv_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    free(p->items);
    p->items = NULL;
    p->n = 0;
}

int sv_params_parse(sv_params *out, const char *text, size_t len, const char **why)
{
    out->n = 0;
    out->items = NULL;
    *why = NULL;
    size_t pieces = 0;
    for (size_t i = 0; i < len; i++)
        pieces += text[i] == '&';
    if (pieces + 1 > SV_MAX_PARAMS) {
        *why = "too many parameters";
        return SL_EINPUT;
    }
    out->items = calloc(pieces + 1, sizeof *out->items);
    if (!out->items) {
        *why = "out of memory";
        return SL_ENOMEM;
    }
    for (size_t start = 0; start <= len;) {
        const char *amp = memchr(text + start, '&', len - start);
        size_t end = amp ? (size_t)(amp - text) : len;
        if (end > start) {
            const char *eq = memchr(text + start, '=', end - start);
            size_t name_end = eq ? (size_t)(eq - text) : end;
            sv_pair *p = &out->items[out->n];
            p->name = decode(text + start, name_end - start, why);
            p->value =
                p->name ? decode(eq ? eq + 1 : text + end, eq ? end - name_end - 1 : 0, why) : NULL;
            if (p->name && p->value)
                out->n++;
            else {
                free(p->name);
                free(p->value);
                p->name = p->value = NULL;
            }
            if (!*why && !good_name(out->items[out->n - 1].name))
                *why = "a parameter name that is not [a-z_]";
            if (*why) {
                int rc = strcmp(*why, "out of memory") == 0 ? SL_ENOMEM : SL_EINPUT;
                sv_params_free(out);
                return rc;
            }
        }
        start = end + 1;
    }
    return 0;
}

const char *sv_param(const sv_params *p, const char *name)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (strcmp(p->items[i].name, name) == 0)
            return p->items[i].value;
    return NULL;
}

void sv_params_remove(sv_params *p, const char *name)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->items[i].name, name) == 0) {
            free(p->items[i].name);
            free(p->items[i].value);
        } else {
            p->items[k++] = p->items[i];
        }
    }
    p->n = k;
}

const char *sv_params_unknown(const sv_params *p, const char *const *names)
{
    for (size_t i = 0; i < p->n; i++) {
        bool known = false;
        for (size_t k = 0; names[k] && !known; k++)
            known = strcmp(p->items[i].name, names[k]) == 0;
        if (!known)
            return p->items[i].name;
    }
    return NULL;
}
