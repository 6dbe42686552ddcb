/*
 * siphash.h: SipHash, a keyed hash function for the keyspace.
 *
 * Why keyed? Clients choose the keys. With a fixed, public hash function an
 * attacker can compute thousands of keys that all land in the same bucket,
 * and every lookup then walks one long chain: a few megabytes of requests
 * make the server crawl ("hash flooding", shown against many languages'
 * hash tables in 2011). SipHash mixes a secret 128-bit seed into every hash.
 * The server draws the seed at random when it starts, so nobody outside
 * can predict which keys collide.
 *
 * SipHash is by Jean-Philippe Aumasson and Daniel J. Bernstein (2012).
 * Like Redis, this server runs the fast SipHash-1-2 variant: one
 * compression round per 8-byte word, two finalisation rounds.
 */
#ifndef SIPHASH_H
#define SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define SIPHASH_SEED_LEN 16

uint64_t siphash(const void *data, size_t len, const uint8_t seed[SIPHASH_SEED_LEN]);

#endif
