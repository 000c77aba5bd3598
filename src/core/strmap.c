/* SPDX-License-Identifier: MIT */
/*
 * strmap.c - string -> index map, open addressing with linear probing.
 *
 * Keys are borrowed (they live in an arena). Load factor stays below 1/2,
 * so a probe sequence is short. Hash: 64-bit FNV-1a, mixed by a final
 * avalanche so nearby ids ("vm0001", "vm0002") spread over the table.
 */
#include "core.h"

#include <string.h>

uint64_t sl_hash_bytes(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static int strmap_rehash(sl_strmap *m, size_t cap)
{
    const char **keys = sl_calloc(cap, sizeof *keys);
    uint32_t *values = sl_calloc(cap, sizeof *values);
    if (!keys || !values) {
        sl_free(keys);
        sl_free(values);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = sl_hash_bytes(m->keys[i], strlen(m->keys[i])) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    sl_free(m->keys);
    sl_free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return 0;
}

int sl_strmap_put(sl_strmap *m, const char *key, uint32_t value, uint32_t *existing)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        if (cap < m->cap || strmap_rehash(m, cap))
            return SL_ENOMEM;
    }
    size_t len = strlen(key);
    size_t j = sl_hash_bytes(key, len) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            if (existing)
                *existing = m->values[j];
            return 0;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->values[j] = value;
    m->n++;
    if (existing)
        *existing = SL_NONE;
    return 0;
}

uint32_t sl_strmap_getn(const sl_strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return SL_NONE;
    size_t j = sl_hash_bytes(key, len) & (m->cap - 1);
    while (m->keys[j]) {
        if (strncmp(m->keys[j], key, len) == 0 && m->keys[j][len] == '\0')
            return m->values[j];
        j = (j + 1) & (m->cap - 1);
    }
    return SL_NONE;
}

uint32_t sl_strmap_get(const sl_strmap *m, const char *key)
{
    return sl_strmap_getn(m, key, strlen(key));
}

void sl_strmap_free(sl_strmap *m)
{
    sl_free(m->keys);
    sl_free(m->values);
    memset(m, 0, sizeof *m);
}
