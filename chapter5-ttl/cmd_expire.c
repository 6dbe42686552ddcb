/*
 * cmd_expire.c: the commands that set, read and remove deadlines:
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME,
 * PEXPIRETIME and PERSIST.
 *
 * A deadline is stored as an absolute Unix time in milliseconds
 * (entry->expire_at). The four EXPIRE spellings only differ in how they
 * get there: relative or absolute, seconds or milliseconds. The four
 * readers convert back the same ways.
 */
#include <limits.h>
#include <string.h>

#include "client.h"
#include "command.h"
#include "db.h"
#include "reply.h"
#include "util.h"

/* ------------------------------------------------------------------------
 * EXPIRE key seconds [NX | XX | GT | LT], and its three siblings
 * ------------------------------------------------------------------------ */

enum expire_flag {
    EXPIRE_NX = 1 << 0, /* only if the key has no deadline */
    EXPIRE_XX = 1 << 1, /* only if it has one */
    EXPIRE_GT = 1 << 2, /* only if the new deadline is later */
    EXPIRE_LT = 1 << 3, /* only if the new deadline is sooner */
};

/* Read the options after the time. Unlike SET, every option is accepted
 * first and the combinations are judged afterwards. Returns 0 after
 * replying with the error. */
static int parse_expire_options(struct client *c, int *flags) {
    *flags = 0;
    for (int j = 3; j < c->argc; j++) {
        const struct arg *opt = &c->argv[j];
        if (arg_is(opt, "nx")) *flags |= EXPIRE_NX;
        else if (arg_is(opt, "xx")) *flags |= EXPIRE_XX;
        else if (arg_is(opt, "gt")) *flags |= EXPIRE_GT;
        else if (arg_is(opt, "lt")) *flags |= EXPIRE_LT;
        else {
            /* Redis prints the option as a C string: up to a '\0'. */
            const char *nul = memchr(opt->ptr, '\0', opt->len);
            int len = (int)(nul ? (size_t)(nul - opt->ptr) : opt->len);
            reply_error_format(c, "ERR Unsupported option %.*s", len, opt->ptr);
            return 0;
        }
    }
    if ((*flags & EXPIRE_NX) && (*flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))) {
        reply_error(c, "ERR NX and XX, GT or LT options at the same time are not compatible");
        return 0;
    }
    if ((*flags & EXPIRE_GT) && (*flags & EXPIRE_LT)) {
        reply_error(c, "ERR GT and LT options at the same time are not compatible");
        return 0;
    }
    return 1;
}

/* Does the condition in `flags` allow replacing `current` (0: none) with
 * `when`? A key without a deadline lives forever, so for GT and LT it
 * counts as an infinite deadline: nothing is greater, anything is less. */
static int condition_holds(int flags, long long current, long long when) {
    if ((flags & EXPIRE_NX) && current) return 0;
    if ((flags & EXPIRE_XX) && !current) return 0;
    if ((flags & EXPIRE_GT) && (!current || when <= current)) return 0;
    if ((flags & EXPIRE_LT) && current && when >= current) return 0;
    return 1;
}

/* `base` is what the time is counted from (now, or 0 for the absolute
 * forms); `unit` converts it to ms (1000 for seconds, 1 for ms); `name`
 * is for the error message. */
static void expire_command(struct client *c, long long base, long long unit, const char *name) {
    const struct arg *key = &c->argv[1], *time = &c->argv[2];
    int flags;
    long long when;

    /* The order of the checks is Redis's: options, then the number, then
     * the key. An error changes nothing. */
    if (!parse_expire_options(c, &flags)) return;
    if (!string_to_ll(time->ptr, time->len, &when)) {
        reply_error(c, "ERR value is not an integer or out of range");
        return;
    }
    /* Negative times are allowed (they are in the past), but the deadline
     * in ms must fit in 64 bits: check before multiplying and adding, as
     * signed overflow is undefined behaviour in C. */
    if (when > LLONG_MAX / unit || when < LLONG_MIN / unit || when * unit > LLONG_MAX - base) {
        reply_error_format(c, "ERR invalid expire time in '%s' command", name);
        return;
    }
    when = when * unit + base;

    struct entry *e = db_lookup(key->ptr, key->len);
    if (e == NULL || !condition_holds(flags, e->expire_at, when)) {
        reply_integer(c, 0);
        return;
    }
    if (when <= mstime()) {
        /* A deadline already past: the key goes now. This is a deletion
         * the client asked for, like DEL, so it does not count as an
         * expiry in INFO stats. */
        db_delete(key->ptr, key->len);
    } else {
        db_set_deadline(e, when);
    }
    reply_integer(c, 1);
}

void cmd_expire(struct client *c) {
    expire_command(c, mstime(), 1000, "expire");
}

void cmd_pexpire(struct client *c) {
    expire_command(c, mstime(), 1, "pexpire");
}

void cmd_expireat(struct client *c) {
    expire_command(c, 0, 1000, "expireat");
}

void cmd_pexpireat(struct client *c) {
    expire_command(c, 0, 1, "pexpireat");
}

/* ------------------------------------------------------------------------
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 no such key, -1 no deadline
 * ------------------------------------------------------------------------ */

static void reply_deadline(struct client *c, int in_ms, int absolute) {
    struct entry *e = db_lookup(c->argv[1].ptr, c->argv[1].len);
    if (e == NULL) {
        reply_integer(c, -2);
        return;
    }
    if (!e->expire_at) {
        reply_integer(c, -1);
        return;
    }
    long long ms = absolute ? e->expire_at : e->expire_at - mstime();
    if (ms < 0) ms = 0; /* due this very millisecond, not yet deleted */
    /* Seconds are rounded to the nearest, not truncated: 1.6 s left is a
     * TTL of 2. That is (ms + 500) / 1000, written so that it cannot
     * overflow for a deadline near the largest 64-bit value (ms >= 0). */
    reply_integer(c, in_ms ? ms : ms / 1000 + (ms % 1000 >= 500));
}

void cmd_ttl(struct client *c) {
    reply_deadline(c, 0, 0);
}

void cmd_pttl(struct client *c) {
    reply_deadline(c, 1, 0);
}

void cmd_expiretime(struct client *c) {
    reply_deadline(c, 0, 1);
}

void cmd_pexpiretime(struct client *c) {
    reply_deadline(c, 1, 1);
}

/* ------------------------------------------------------------------------
 * PERSIST key: remove the deadline
 * ------------------------------------------------------------------------ */

void cmd_persist(struct client *c) {
    struct entry *e = db_lookup(c->argv[1].ptr, c->argv[1].len);
    if (e == NULL || !e->expire_at) {
        reply_integer(c, 0);
        return;
    }
    db_set_deadline(e, 0);
    reply_integer(c, 1);
}
