/* util.c: see util.h. */
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int string_to_ll(const char *s, size_t len, long long *value) {
    if (len == 0 || len > 20) return 0; /* 20 = "-9223372036854775808" */
    size_t i = 0;
    int negative = 0;
    if (s[0] == '-') {
        negative = 1;
        if (++i == len) return 0;
    }
    /* The single digit "0" is fine; any other leading zero is not. */
    if (s[i] == '0') {
        if (len == 1) {
            *value = 0;
            return 1;
        }
        return 0;
    }
    /* Accumulate as a negative number: the most negative 64-bit value has
     * no positive twin, so counting downwards covers the whole range. */
    long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        int digit = s[i] - '0';
        if (v < (LLONG_MIN + digit) / 10) return 0; /* would overflow */
        v = v * 10 - digit;
    }
    if (!negative) {
        if (v == LLONG_MIN) return 0;
        v = -v;
    }
    *value = v;
    return 1;
}

size_t ll_to_string(char *buf, long long v) {
    /* Work with the magnitude as unsigned, which also holds -LLONG_MIN. */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0) buf[len++] = '-';
    while (n) buf[len++] = tmp[--n];
    return len;
}

int parse_memory(const char *s, long long *bytes) {
    static const struct { const char *suffix; long long mul; } units[] = {
        {"kb", 1024}, {"mb", 1024 * 1024}, {"gb", 1024LL * 1024 * 1024},
        {"k", 1000}, {"m", 1000 * 1000}, {"g", 1000LL * 1000 * 1000}, {"b", 1},
    };
    size_t len = strlen(s);
    long long mul = 1;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t sl = strlen(units[i].suffix);
        if (len > sl && strcasecmp(s + len - sl, units[i].suffix) == 0) {
            mul = units[i].mul;
            len -= sl;
            break;
        }
    }
    long long v;
    if (!string_to_ll(s, len, &v) || v < 0 || v > LLONG_MAX / mul) return 0;
    *bytes = v * mul;
    return 1;
}

long long mstime(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

unsigned long long random_u64(void) {
    /* xorshift64* (Marsaglia's xorshift, with a multiplication to mix the
     * output): a few instructions per number, good enough to pick sample
     * slots. The state must never be 0; it starts from a fixed odd value,
     * which is fine here: nobody gains by predicting the sample. */
    static unsigned long long state = 0x9E3779B97F4A7C15ULL;
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

void random_bytes(void *buf, size_t n) {
    unsigned char *p = buf;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(p, 1, n, f) != n) {
        /* No /dev/urandom: less random, still different per run. */
        srand((unsigned)(time(NULL) ^ getpid()));
        for (size_t i = 0; i < n; i++) p[i] = (unsigned char)rand();
    }
    if (f) fclose(f);
}
