/*
 * glob.h: Redis's glob-style pattern matching (CONFIG GET now, KEYS later).
 *
 *     *        any run of bytes, including none
 *     ?        exactly one byte
 *     [abc]    one of a, b, c        [^abc]  anything but those
 *     [a-z]    a range               \x      x itself, even if special
 *
 * Patterns and strings are byte strings with lengths (they may contain \0).
 */
#ifndef GLOB_H
#define GLOB_H

#include <stddef.h>

int glob_match(const char *pattern, size_t plen, const char *str, size_t slen, int nocase);

#endif
