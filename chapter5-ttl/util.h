/*
 * util.h: number <-> string conversions with Redis's exact rules, the
 * clock, and random bytes.
 *
 * Redis is strict about what counts as an integer in a request: no leading
 * '+', no leading zeros, no spaces, nothing after the digits, and it must fit
 * in 64 bits. "10" is an integer, "010", "+10", " 10" and "10.0" are not.
 * strtoll() accepts all of those, so it cannot be used as is.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

/* Parse s[0..len) as a signed 64-bit integer. 1 on success, 0 if it is not
 * one (or does not fit). */
int string_to_ll(const char *s, size_t len, long long *value);

/* Write v in decimal into buf (at least 21 bytes), no terminator. Returns
 * the number of bytes written. */
size_t ll_to_string(char *buf, long long v);

/* Parse a memory size as redis.conf writes it: "1024", "1k" (1000), "1kb"
 * (1024), "512mb", "1gb" (case-insensitive). 1 on success. */
int parse_memory(const char *s, long long *bytes);

/* The wall clock, as Unix time in milliseconds: what key deadlines are
 * measured against (EXAT and PXAT name a moment in Unix time). */
long long mstime(void);

/* A clock for measuring intervals, in microseconds since some fixed
 * moment: it never jumps when someone sets the system's time. */
long long monotonic_us(void);

/* A fast pseudo-random number (xorshift64*): for sampling, not secrets. */
unsigned long long random_u64(void);

/* Fill buf with n unpredictable bytes (from /dev/urandom). */
void random_bytes(void *buf, size_t n);

#endif
