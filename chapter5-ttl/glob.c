/* glob.c: see glob.h. */
#include "glob.h"

#include <ctype.h>

static int fold(int c, int nocase) {
    return nocase ? tolower(c) : c;
}

/* Does the class starting after '[' at p match byte c? *end is set to the
 * byte after the closing ']' (or the end of the pattern if it is missing,
 * which Redis also treats as closing the class). */
static int class_match(const unsigned char *p, const unsigned char *pend,
                       int c, int nocase, const unsigned char **end) {
    int negate = 0, matched = 0;
    if (p < pend && *p == '^') {
        negate = 1;
        p++;
    }
    for (; p < pend && *p != ']'; p++) {
        if (*p == '\\' && p + 1 < pend) {
            p++;
            if (*p == c) matched = 1; /* an escaped byte matches exactly, as in Redis */
        } else if (p + 2 < pend && p[1] == '-') {
            int lo = fold(p[0], nocase), hi = fold(p[2], nocase);
            if (lo > hi) { int t = lo; lo = hi; hi = t; }
            int x = fold(c, nocase);
            if (x >= lo && x <= hi) matched = 1;
            p += 2;
        } else if (fold(*p, nocase) == fold(c, nocase)) {
            matched = 1;
        }
    }
    *end = p < pend ? p + 1 : p;
    return negate ? !matched : matched;
}

int glob_match(const char *pattern, size_t plen, const char *str, size_t slen, int nocase) {
    const unsigned char *p = (const unsigned char *)pattern, *pend = p + plen;
    const unsigned char *s = (const unsigned char *)str, *send = s + slen;
    /* Where to resume if the text after the latest '*' stops matching: the
     * '*' then swallows one more byte. Remembering only the latest star
     * keeps matching linear-ish instead of exponential on patterns like
     * "*a*a*a*a*b" (the backtracking blow-up naive recursion has). */
    const unsigned char *star_p = NULL, *star_s = NULL;

    while (s < send || p < pend) {
        if (p < pend) {
            switch (*p) {
            case '*':
                while (p < pend && *p == '*') p++; /* "**" is the same as "*" */
                if (p == pend) return 1;           /* a trailing * matches the rest */
                star_p = p;
                star_s = s;
                continue;
            case '?':
                if (s < send) {
                    p++;
                    s++;
                    continue;
                }
                break;
            case '[':
                if (s < send) {
                    const unsigned char *after;
                    if (class_match(p + 1, pend, *s, nocase, &after)) {
                        p = after;
                        s++;
                        continue;
                    }
                }
                break;
            case '\\':
                if (p + 1 < pend) {
                    if (s < send && *(p + 1) == *s) {
                        p += 2;
                        s++;
                        continue;
                    }
                    break;
                }
                /* a lone trailing backslash matches itself */
                /* fall through */
            default:
                if (s < send && fold(*p, nocase) == fold(*s, nocase)) {
                    p++;
                    s++;
                    continue;
                }
                break;
            }
        }
        /* Mismatch: let the last '*' take one more byte and try again. */
        if (star_p != NULL && star_s < send) {
            star_s++;
            p = star_p;
            s = star_s;
            continue;
        }
        return 0;
    }
    return 1;
}
