/* SPDX-License-Identifier: MIT */
/*
 * inflate.c - a ZIP part inflated ahead of its parser (inflate.h).
 *
 * A ring of RING chunks of CHUNK bytes: the thread fills the slot at
 * `head` with zip_fread while the caller parses the slot at `tail`; a
 * mutex and one condition variable hand slots over. The caller holds at
 * most one slot (the chunk it was last given), so the thread stays at
 * most RING - 1 chunks ahead. The bytes and their order are those of
 * zip_fread alone: the result does not depend on timing.
 */
#include "read/inflate.h"

#include <pthread.h>
#include <string.h>

#define RING 4
#define CHUNK ((size_t)256 << 10)

struct sl_inflate {
    zip_file_t *zf;
    pthread_t thread;
    bool has_thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *buf[RING];
    zip_int64_t len[RING];   /* bytes in the slot; -1 = unpack error */
    size_t head, tail, count; /* count: slots filled and not yet handed back */
    bool held;               /* the caller holds the slot at tail */
    bool ended, stop;
    char error[160];
};

static void *run(void *arg)
{
    sl_inflate *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        while (s->count == RING && !s->stop)
            pthread_cond_wait(&s->cv, &s->mu);
        bool stop = s->stop;
        size_t slot = s->head;
        pthread_mutex_unlock(&s->mu);
        if (stop)
            return NULL;
        zip_int64_t n = zip_fread(s->zf, s->buf[slot], CHUNK);
        pthread_mutex_lock(&s->mu);
        if (n < 0)
            snprintf(s->error, sizeof s->error, "%s", zip_file_strerror(s->zf));
        s->len[slot] = n;
        s->head = (s->head + 1) % RING;
        s->count++;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        if (n <= 0)
            return NULL;
    }
}

int sl_inflate_open(sl_inflate **out, zip_file_t *zf)
{
    *out = NULL;
    sl_inflate *s = sl_calloc(1, sizeof *s);
    if (!s) {
        zip_fclose(zf);
        return SL_ENOMEM;
    }
    s->zf = zf;
    bool ok = pthread_mutex_init(&s->mu, NULL) == 0;
    if (ok && pthread_cond_init(&s->cv, NULL) != 0) {
        pthread_mutex_destroy(&s->mu);
        ok = false;
    }
    if (!ok) {
        zip_fclose(zf);
        sl_free(s);
        return SL_ENOMEM;
    }
    for (int i = 0; i < RING; i++)
        if (!(s->buf[i] = sl_malloc(CHUNK)))
            ok = false;
    if (ok)
        ok = s->has_thread = pthread_create(&s->thread, NULL, run, s) == 0;
    if (!ok) {
        sl_inflate_close(s);
        return SL_ENOMEM;
    }
    *out = s;
    return 0;
}

int sl_inflate_next(sl_inflate *s, const char **data, size_t *len)
{
    pthread_mutex_lock(&s->mu);
    if (s->held) {
        /* the chunk handed out last time is parsed: its slot is free */
        s->held = false;
        s->tail = (s->tail + 1) % RING;
        s->count--;
        pthread_cond_broadcast(&s->cv);
    }
    if (s->ended) {
        pthread_mutex_unlock(&s->mu);
        *data = NULL;
        *len = 0;
        return 0;
    }
    while (s->count == 0)
        pthread_cond_wait(&s->cv, &s->mu);
    zip_int64_t n = s->len[s->tail];
    int rc = 0;
    if (n <= 0) {
        s->ended = true;
        rc = n < 0 ? SL_EINPUT : 0;
        *data = NULL;
        *len = 0;
    } else {
        s->held = true;
        *data = s->buf[s->tail];
        *len = (size_t)n;
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

const char *sl_inflate_error(const sl_inflate *s)
{
    return s->error;
}

void sl_inflate_close(sl_inflate *s)
{
    if (!s)
        return;
    if (s->has_thread) {
        pthread_mutex_lock(&s->mu);
        s->stop = true;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        pthread_join(s->thread, NULL);
    }
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    for (int i = 0; i < RING; i++)
        sl_free(s->buf[i]);
    zip_fclose(s->zf);
    sl_free(s);
}
