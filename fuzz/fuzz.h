/*
 * fuzz.h: what the three fuzz targets share.
 *
 * A fuzz target is one function, LLVMFuzzerTestOneInput(data, size), that
 * libFuzzer calls millions of times with inputs it mutates, keeping those
 * that reach new code. The target must not crash on any input; when it
 * finds a property broken, it calls FUZZ_CHECK's abort(), which libFuzzer
 * reports like a crash, saving the input.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "client.h"

/* The targets are built with -Werror -Wall -Wextra like the server, and
 * libFuzzer calls this with C linkage. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message naming the broken property. */
#define FUZZ_CHECK(cond, ...)                                                       \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "\nFUZZ CHECK FAILED at %s:%d: %s\n  ", __FILE__, __LINE__, \
                    #cond);                                                         \
            fprintf(stderr, __VA_ARGS__);                                           \
            fprintf(stderr, "\n");                                                  \
            abort();                                                                \
        }                                                                           \
    } while (0)

/* A client with no connection behind it, set up as client_create() does
 * (RESP2, the parser at rest), for the targets that do not link client.c. */
static inline struct client *fuzz_client_new(void) {
    struct client *c = calloc(1, sizeof(*c));
    if (c == NULL) abort();
    c->fd = -1;
    c->resp = 2;
    c->parser.bulk_len = -1;
    return c;
}

/* Free it as client_free() does, minus the socket and the lists. */
static inline void fuzz_client_free(struct client *c) {
    buffer_free(&c->in);
    buffer_free(&c->out);
    request_free(c);
    free(c->name);
    free(c->lib_name);
    free(c->lib_ver);
    free(c);
}

/* A small, fast, deterministic generator (xorshift64*), for choosing where
 * to split a stream: the same input always gets the same splits, so a
 * failure found once is found again from the saved input alone. */
static inline uint64_t fuzz_rand(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 2685821657736338717ULL;
}

/* FNV-1a, to seed the generator from the input's bytes. Never 0 (xorshift
 * would stay at 0 forever). */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t size, uint64_t salt) {
    uint64_t h = 14695981039346656037ULL ^ salt;
    for (size_t i = 0; i < size; i++) {
        h ^= data[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

#endif
