/*
 * cmd_keys.c: commands about keys, whatever their value: DEL, EXISTS,
 * TYPE, KEYS, DBSIZE, FLUSHDB, FLUSHALL.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "command.h"
#include "db.h"
#include "glob.h"
#include "log.h"
#include "reply.h"
#include "util.h"

void cmd_del(struct client *c) {
    long long deleted = 0;
    for (int i = 1; i < c->argc; i++) deleted += db_delete(c->argv[i].ptr, c->argv[i].len);
    reply_integer(c, deleted);
}

void cmd_exists(struct client *c) {
    /* Each argument counts on its own: EXISTS k k answers 2. */
    long long found = 0;
    for (int i = 1; i < c->argc; i++)
        if (db_lookup(c->argv[i].ptr, c->argv[i].len)) found++;
    reply_integer(c, found);
}

void cmd_type(struct client *c) {
    /* Every value is a string, for now; Redis also has lists, hashes, sets,
     * sorted sets and streams, which answer their own type names. */
    reply_simple(c, db_lookup(c->argv[1].ptr, c->argv[1].len) ? "string" : "none");
}

void cmd_dbsize(struct client *c) {
    reply_integer(c, (long long)db_size());
}

/* FLUSHDB and FLUSHALL take an optional SYNC or ASYNC. Both are accepted;
 * this server always frees at once (see db_flush). */
static void flush_command(struct client *c) {
    if (c->argc > 2 || (c->argc == 2 && !arg_is(&c->argv[1], "sync") && !arg_is(&c->argv[1], "async"))) {
        reply_error(c, "ERR syntax error");
        return;
    }
    db_flush();
    reply_ok(c);
}

/* With one database, flushing it is flushing all of them. */
void cmd_flushdb(struct client *c) {
    flush_command(c);
}

void cmd_flushall(struct client *c) {
    flush_command(c);
}

/* ------------------------------------------------------------------------
 * KEYS pattern
 *
 * KEYS walks the whole keyspace in one go: with a million keys, every other
 * client waits for it. Redis's documentation warns against it in
 * production for that reason (SCAN walks the keyspace a little at a time).
 * ------------------------------------------------------------------------ */

struct keys_search {
    const struct arg *pattern;
    int match_all;        /* the pattern is "*": skip the matching */
    long long now;
    struct entry **found; /* the matches, to count them before replying */
    size_t count, cap;
};

static void keys_visit(struct entry *e, void *arg) {
    struct keys_search *s = arg;
    /* A late key is skipped, not deleted: deleting while walking the table
     * would pull entries out from under the walk. */
    if (db_is_expired(e, s->now)) return;
    if (!s->match_all && !glob_match(s->pattern->ptr, s->pattern->len, entry_key(e), e->key_len, 0)) return;
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->found = realloc(s->found, s->cap * sizeof(*s->found));
        if (s->found == NULL) fatal("out of memory listing keys");
    }
    s->found[s->count++] = e;
}

void cmd_keys(struct client *c) {
    struct keys_search s = {0};
    s.pattern = &c->argv[1];
    s.match_all = s.pattern->len == 1 && s.pattern->ptr[0] == '*';
    s.now = mstime();
    dict_for_each(&db.dict, keys_visit, &s);
    reply_array(c, (long long)s.count);
    for (size_t i = 0; i < s.count; i++) reply_bulk(c, entry_key(s.found[i]), s.found[i]->key_len);
    free(s.found);
}
