/*
 * cmd_string.c: the commands on string values: SET (with every option),
 * GET, GETDEL, MGET, MSET, INCR, DECR, INCRBY, DECRBY, APPEND, STRLEN.
 *
 * A string is any byte sequence: text, a number written in decimal, or
 * binary data. The counters read a string as a 64-bit integer, do the
 * arithmetic, and store the result back as a string of digits.
 */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "reply.h"
#include "util.h"

static const char ERR_NOT_INTEGER[] = "ERR value is not an integer or out of range";
static const char ERR_SYNTAX[] = "ERR syntax error";

/* A key or value has to fit in an entry. The request parser already limits
 * arguments to proto-max-bulk-len (512 MB unless configured otherwise), so
 * this only matters for a server configured beyond 4 GB, and for APPEND,
 * which builds strings longer than any single argument. */
static int reply_if_too_long(struct client *c, size_t len) {
    if (len <= ENTRY_MAX_LEN && (long long)len <= config.proto_max_bulk_len) return 0;
    reply_error(c, "ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    return 1;
}

static void reply_value(struct client *c, struct entry *e) {
    if (e) reply_bulk(c, entry_value(e), e->value_len);
    else reply_null(c);
}

/* ------------------------------------------------------------------------
 * SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]
 * ------------------------------------------------------------------------ */

enum set_flag {
    SET_NX = 1 << 0,      /* write only if the key does not exist */
    SET_XX = 1 << 1,      /* write only if it does */
    SET_GET = 1 << 2,     /* answer the old value instead of OK */
    SET_KEEPTTL = 1 << 3, /* keep the key's deadline */
    SET_EX = 1 << 4,      /* deadline in seconds from now */
    SET_PX = 1 << 5,      /* in milliseconds from now */
    SET_EXAT = 1 << 6,    /* at this Unix time, in seconds */
    SET_PXAT = 1 << 7,    /* at this Unix time, in milliseconds */
};
#define SET_ANY_EXPIRE (SET_EX | SET_PX | SET_EXAT | SET_PXAT)

static const struct {
    const char *name;
    enum set_flag flag;
} set_expire_options[] = {
    {"ex", SET_EX}, {"px", SET_PX}, {"exat", SET_EXAT}, {"pxat", SET_PXAT},
};

/* Read SET's options, left to right, the way Redis does: each option is
 * accepted unless it conflicts with one already seen (NX with XX; the five
 * ways to set a deadline with each other). Repeating an option is not a
 * conflict; for a repeated EX (say), the last number wins. The number is
 * only remembered here, not converted: a syntax error anywhere in the line
 * wins over a bad number. Returns 0 on a syntax error. */
static int parse_set_options(struct client *c, int *flags, const struct arg **expire_arg) {
    *flags = 0;
    *expire_arg = NULL;
    for (int j = 3; j < c->argc; j++) {
        const struct arg *opt = &c->argv[j];
        int has_next = j + 1 < c->argc;
        if (arg_is(opt, "nx") && !(*flags & SET_XX)) {
            *flags |= SET_NX;
        } else if (arg_is(opt, "xx") && !(*flags & SET_NX)) {
            *flags |= SET_XX;
        } else if (arg_is(opt, "get")) {
            *flags |= SET_GET;
        } else if (arg_is(opt, "keepttl") && !(*flags & SET_ANY_EXPIRE)) {
            *flags |= SET_KEEPTTL;
        } else {
            int matched = 0;
            for (size_t i = 0; i < sizeof(set_expire_options) / sizeof(set_expire_options[0]); i++) {
                enum set_flag flag = set_expire_options[i].flag;
                int conflicts = *flags & (SET_KEEPTTL | (SET_ANY_EXPIRE & ~flag));
                if (arg_is(opt, set_expire_options[i].name) && !conflicts && has_next) {
                    *flags |= flag;
                    *expire_arg = &c->argv[++j];
                    matched = 1;
                    break;
                }
            }
            if (!matched) return 0;
        }
    }
    return 1;
}

/* Turn the expire argument into an absolute deadline in ms. The time must
 * be a positive integer, and the deadline must fit in 64 bits. Returns 0
 * after replying with the error. */
static int parse_deadline(struct client *c, const struct arg *a, int flags, long long *deadline) {
    long long t;
    if (!string_to_ll(a->ptr, a->len, &t)) {
        reply_error(c, ERR_NOT_INTEGER);
        return 0;
    }
    int seconds = flags & (SET_EX | SET_EXAT);
    int relative = flags & (SET_EX | SET_PX);
    /* Check before each step that it cannot overflow: signed overflow is
     * undefined behaviour in C, so testing the result afterwards is too
     * late. */
    if (t <= 0 || (seconds && t > LLONG_MAX / 1000)) goto invalid;
    if (seconds) t *= 1000;
    if (relative) {
        long long now = mstime();
        if (t > LLONG_MAX - now) goto invalid;
        t += now;
    }
    *deadline = t;
    return 1;
invalid:
    reply_error(c, "ERR invalid expire time in 'set' command");
    return 0;
}

void cmd_set(struct client *c) {
    const struct arg *key = &c->argv[1], *value = &c->argv[2];
    int flags;
    const struct arg *expire_arg;
    long long deadline = 0;

    /* Every check comes before the first change: an error writes nothing. */
    if (!parse_set_options(c, &flags, &expire_arg)) {
        reply_error(c, ERR_SYNTAX);
        return;
    }
    if (expire_arg && !parse_deadline(c, expire_arg, flags, &deadline)) return;
    if (reply_if_too_long(c, key->len) || reply_if_too_long(c, value->len)) return;

    struct entry *old = NULL;
    if (flags & (SET_NX | SET_XX | SET_GET | SET_KEEPTTL)) old = db_lookup(key->ptr, key->len);

    /* With GET the reply is the old value, whether or not the write below
     * happens (since Redis 7.0, GET combines with NX as well as XX). */
    if (flags & SET_GET) reply_value(c, old);

    if (((flags & SET_NX) && old) || ((flags & SET_XX) && !old)) {
        if (!(flags & SET_GET)) reply_null(c); /* not written: null, not an error */
        return;
    }
    /* Without KEEPTTL, a SET replaces the deadline too: the new value has
     * only the deadline given here, if any. */
    if ((flags & SET_KEEPTTL) && old) deadline = old->expire_at;
    db_set(key->ptr, key->len, value->ptr, value->len, deadline);
    if (!(flags & SET_GET)) reply_ok(c);
}

/* ------------------------------------------------------------------------
 * GET, GETDEL, MGET, MSET, STRLEN
 * ------------------------------------------------------------------------ */

void cmd_get(struct client *c) {
    reply_value(c, db_lookup(c->argv[1].ptr, c->argv[1].len));
}

void cmd_getdel(struct client *c) {
    struct entry *e = db_lookup(c->argv[1].ptr, c->argv[1].len);
    reply_value(c, e); /* the reply copies the value before it is freed */
    if (e) db_delete(c->argv[1].ptr, c->argv[1].len);
}

void cmd_mget(struct client *c) {
    reply_array(c, c->argc - 1);
    for (int i = 1; i < c->argc; i++) reply_value(c, db_lookup(c->argv[i].ptr, c->argv[i].len));
}

void cmd_mset(struct client *c) {
    /* The table's arity (-3) only says "at least one pair"; pairs must also
     * be complete, and that is checked before anything is written. */
    if (c->argc % 2 == 0) {
        reply_error(c, "ERR wrong number of arguments for 'mset' command");
        return;
    }
    for (int i = 1; i < c->argc; i += 2)
        if (reply_if_too_long(c, c->argv[i].len) || reply_if_too_long(c, c->argv[i + 1].len)) return;
    for (int i = 1; i < c->argc; i += 2)
        db_set(c->argv[i].ptr, c->argv[i].len, c->argv[i + 1].ptr, c->argv[i + 1].len, 0);
    reply_ok(c);
}

void cmd_strlen(struct client *c) {
    struct entry *e = db_lookup(c->argv[1].ptr, c->argv[1].len);
    reply_integer(c, e ? (long long)e->value_len : 0);
}

/* ------------------------------------------------------------------------
 * APPEND key value
 * ------------------------------------------------------------------------ */

void cmd_append(struct client *c) {
    const struct arg *key = &c->argv[1], *more = &c->argv[2];
    struct entry *e = db_lookup(key->ptr, key->len);
    if (e == NULL) {
        if (reply_if_too_long(c, key->len) || reply_if_too_long(c, more->len)) return;
        e = db_set(key->ptr, key->len, more->ptr, more->len, 0);
    } else {
        if (reply_if_too_long(c, (size_t)e->value_len + more->len)) return;
        e = db_append(e, more->ptr, more->len); /* keeps the deadline */
    }
    reply_integer(c, e->value_len);
}

/* ------------------------------------------------------------------------
 * INCR, DECR, INCRBY, DECRBY
 * ------------------------------------------------------------------------ */

static void incr_by(struct client *c, long long by) {
    const struct arg *key = &c->argv[1];
    struct entry *e = db_lookup(key->ptr, key->len);
    long long value = 0; /* a missing key counts as 0 */
    if (e && !string_to_ll(entry_value(e), e->value_len, &value)) {
        reply_error(c, ERR_NOT_INTEGER);
        return;
    }
    /* value + by must stay within 64 bits; test it without computing it. */
    if ((by < 0 && value < 0 && by < LLONG_MIN - value) ||
        (by > 0 && value > 0 && by > LLONG_MAX - value)) {
        reply_error(c, "ERR increment or decrement would overflow");
        return;
    }
    value += by;
    char digits[21];
    /* The value changes in place: the key keeps its deadline. */
    db_set(key->ptr, key->len, digits, ll_to_string(digits, value), e ? e->expire_at : 0);
    reply_integer(c, value);
}

/* The increment of INCRBY and DECRBY, by the same strict rules as values. */
static int parse_increment(struct client *c, long long *by) {
    if (string_to_ll(c->argv[2].ptr, c->argv[2].len, by)) return 1;
    reply_error(c, ERR_NOT_INTEGER);
    return 0;
}

void cmd_incr(struct client *c) {
    incr_by(c, 1);
}

void cmd_decr(struct client *c) {
    incr_by(c, -1);
}

void cmd_incrby(struct client *c) {
    long long by;
    if (parse_increment(c, &by)) incr_by(c, by);
}

void cmd_decrby(struct client *c) {
    long long by;
    if (!parse_increment(c, &by)) return;
    /* -LLONG_MIN does not exist in 64 bits, so it cannot be negated into an
     * increment; Redis refuses it before even looking at the value. */
    if (by == LLONG_MIN) {
        reply_error(c, "ERR decrement would overflow");
        return;
    }
    incr_by(c, -by);
}
