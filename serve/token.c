/* SPDX-License-Identifier: MIT */
/*
 * token.c - the secret in the server's address, and the nonces of its
 * Content-Security-Policy: random bytes from the kernel (getrandom(2),
 * which blocks only until the pool is first seeded), written as URL-safe
 * base64 (RFC 4648 section 5) without padding. The comparison of a
 * candidate with the token takes time that depends on the token's length
 * only, never on where the first difference is.
 */
#include "serve.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

int sv_random_text(char *out, size_t cap, size_t n)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char bytes[64];
    if (n > sizeof bytes || cap < (n * 4 + 2) / 3 + 1)
        return SL_EUSAGE;
    for (size_t got = 0; got < n;) {
        ssize_t r = getrandom(bytes + got, n - got, 0);
        if (r < 0 && errno != EINTR)
            return SL_EIO;
        got += r > 0 ? (size_t)r : 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)bytes[i] << 16 | (i + 1 < n ? (unsigned)bytes[i + 1] << 8 : 0) |
                     (i + 2 < n ? bytes[i + 2] : 0);
        size_t chars = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
        for (size_t c = 0; c < chars; c++)
            out[k++] = alphabet[(v >> (18 - 6 * c)) & 63];
    }
    out[k] = '\0';
    memset(bytes, 0, sizeof bytes);
    return 0;
}

bool sv_token_equal(const char *secret, const char *candidate)
{
    size_t n = strlen(secret);
    unsigned char diff = 0;
    bool ended = false; /* the candidate is shorter: keep reading the secret */
    size_t i = 0;
    for (; i < n; i++) {
        unsigned char c = ended ? 0 : (unsigned char)candidate[i];
        ended = ended || c == 0;
        diff |= (unsigned char)(c ^ (unsigned char)secret[i]);
    }
    /* equal only if the candidate ends where the secret does */
    diff |= ended ? 1 : (unsigned char)candidate[n];
    return diff == 0;
}
