/* siphash.c: see siphash.h. */
#include "siphash.h"

/* Rounds per message word, and at the end. The reference SipHash-2-4 uses
 * 2 and 4; Redis chose 1 and 2 for speed, judging that strong enough for a
 * hash table (an attacker never sees the hash values). */
#define COMPRESSION_ROUNDS 1
#define FINAL_ROUNDS 2

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

/* Read 8 bytes as a little-endian number, whatever the machine's byte
 * order, so a hash is the same everywhere. */
static uint64_t read_le64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

/* One SipRound: additions, rotations and xors that mix the four state
 * words into each other. */
#define SIPROUND                                                   \
    do {                                                           \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                     \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                     \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
    } while (0)

uint64_t siphash(const void *data, size_t len, const uint8_t seed[SIPHASH_SEED_LEN]) {
    const uint8_t *in = data;
    uint64_t k0 = read_le64(seed), k1 = read_le64(seed + 8);

    /* The initial state: the seed xored with four constants (the ASCII of
     * "somepseudorandomlygeneratedbytes"). */
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
    uint64_t v3 = k1 ^ 0x7465646279746573ULL;

    /* Every whole 8-byte word goes in. */
    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = read_le64(in + i);
        v3 ^= m;
        for (int r = 0; r < COMPRESSION_ROUNDS; r++) SIPROUND;
        v0 ^= m;
    }

    /* The last word: the 0-7 leftover bytes, and the length's low byte on
     * top, so "a" and "a\0" hash differently. */
    uint64_t last = (uint64_t)len << 56;
    for (size_t i = 0; i < len % 8; i++) last |= (uint64_t)in[whole + i] << (8 * i);
    v3 ^= last;
    for (int r = 0; r < COMPRESSION_ROUNDS; r++) SIPROUND;
    v0 ^= last;

    v2 ^= 0xff;
    for (int r = 0; r < FINAL_ROUNDS; r++) SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}
