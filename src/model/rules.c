/* SPDX-License-Identifier: MIT */
/*
 * rules.c - the scenario's inventory mapping rules (inventory_rules:):
 * patterns on a VM's name, cluster, folder and annotation that fill its
 * env, tier, app and owner when the inventory leaves them empty. The
 * loader applies them to every row (read/load.c); docs/SCENARIO.md.
 *
 * The patterns are globs with captures: `*` matches any run of
 * characters and `?` one character, ignoring ASCII case, and a set value
 * may repeat what a star matched as $1..$9. libc's fnmatch has no
 * captures, so the matcher is written here: the classic one-pass glob
 * match that, on a mismatch, goes back only to the most recent star and
 * lets it take one more character (each star takes as little as it can,
 * left to right). That is O(pattern x text) in the worst case, never
 * exponential, which matters for annotations of up to 64 KiB.
 */
#include "model/model.h"

#include <string.h>

static char lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* The length of the UTF-8 character at s[i] (1 for a stray byte). */
static size_t char_len(const char *s, size_t i, size_t len)
{
    size_t n = 1;
    while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
        n++;
    return n;
}

bool sl_glob_match(const char *p, const char *s, size_t len, size_t *caps, size_t *n_caps,
                   size_t max)
{
    size_t pi = 0, si = 0, base = *n_caps, n = base;
    size_t star_p = SIZE_MAX, star_s = 0;
    while (si < len) {
        if (p[pi] == '*') {
            if (n < max) {
                caps[2 * n] = si;
                caps[2 * n + 1] = 0;
            }
            n++;
            star_p = ++pi;
            star_s = si;
        } else if (p[pi] == '?') {
            pi++;
            si += char_len(s, si, len);
        } else if (p[pi] && lower(p[pi]) == lower(s[si])) {
            pi++;
            si++;
        } else if (star_p != SIZE_MAX) {
            /* the last star takes one more character */
            pi = star_p;
            star_s += char_len(s, star_s, len);
            si = star_s;
            if (n - 1 < max)
                caps[2 * (n - 1) + 1] = star_s - caps[2 * (n - 1)];
        } else {
            return false;
        }
    }
    while (p[pi] == '*') {
        if (n < max) {
            caps[2 * n] = si;
            caps[2 * n + 1] = 0;
        }
        n++;
        pi++;
    }
    if (p[pi])
        return false;
    *n_caps = n;
    return true;
}

size_t sl_glob_stars(const char *p)
{
    size_t n = 0;
    for (; *p; p++)
        n += *p == '*';
    return n;
}

int sl_template_max_ref(const char *t)
{
    int max = 0;
    for (; *t; t++) {
        if (t[0] == '$' && t[1] == '$')
            t++;
        else if (t[0] == '$' && t[1] >= '1' && t[1] <= '9' && t[1] - '0' > max)
            max = t[1] - '0';
    }
    return max;
}

/* The template with $N replaced by capture N of the values matched. */
static const char *expand(sl_arena *a, const char *t, const char *const *capture_text,
                          const size_t *caps, size_t n_caps)
{
    sl_buf b = {0};
    for (; *t; t++) {
        if (t[0] == '$' && t[1] == '$') {
            sl_buf_append(&b, "$", 1);
            t++;
        } else if (t[0] == '$' && t[1] >= '1' && t[1] <= '9') {
            size_t k = (size_t)(t[1] - '1');
            if (k < n_caps)
                sl_buf_append(&b, capture_text[k] + caps[2 * k], caps[2 * k + 1]);
            t++;
        } else {
            sl_buf_append(&b, t, 1);
        }
    }
    const char *r = b.failed ? NULL : sl_arena_strndup(a, b.data ? b.data : "", b.len);
    sl_buf_free(&b);
    return r;
}

int sl_rules_apply(const sl_map_rule *rules, size_t n, const char *const values[SL_N_MATCH],
                   sl_arena *a, const char **env, const char **app, const char **owner,
                   int *tier)
{
    enum { MAX_CAPS = 9 };
    for (size_t i = 0; i < n; i++) {
        const sl_map_rule *r = &rules[i];
        bool wants = (r->env && !(*env)[0]) || (r->app && !(*app)[0]) ||
                     (r->owner && !(*owner)[0]) || (r->tier && !*tier);
        if (!wants)
            continue;
        size_t caps[2 * MAX_CAPS], n_caps = 0;
        const char *capture_text[MAX_CAPS];
        bool match = true;
        for (int k = 0; k < SL_N_MATCH && match; k++) {
            if (!r->when[k])
                continue;
            size_t before = n_caps;
            match = sl_glob_match(r->when[k], values[k], strlen(values[k]), caps, &n_caps,
                                  MAX_CAPS);
            for (size_t c = before; c < n_caps && c < MAX_CAPS; c++)
                capture_text[c] = values[k];
        }
        if (!match)
            continue;
        n_caps = SL_MIN(n_caps, (size_t)MAX_CAPS);
        const char **field[3] = {env, app, owner};
        const char *tmpl[3] = {r->env, r->app, r->owner};
        for (int f = 0; f < 3; f++) {
            if (!tmpl[f] || (*field[f])[0])
                continue;
            *field[f] = expand(a, tmpl[f], capture_text, caps, n_caps);
            if (!*field[f])
                return SL_ENOMEM;
        }
        if (r->tier && !*tier)
            *tier = r->tier;
    }
    return 0;
}
