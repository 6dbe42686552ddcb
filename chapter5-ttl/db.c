/* db.c: see db.h. */
#include "db.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "util.h"

struct db db;

/* Bytes before the key in an entry. Not sizeof(struct entry), which would
 * count padding after the last field that the flexible array overlaps. */
#define ENTRY_HEADER offsetof(struct entry, bytes)

/* Values up to this size grow to twice what APPEND needs; larger ones by
 * this much at a time. Without room to spare, appending a few bytes at a
 * time would copy the whole value on every APPEND. */
#define APPEND_PREALLOC_MAX (1024 * 1024)

/* A new entry, with no deadline. */
static struct entry *entry_new(const char *key, size_t key_len, const char *value, size_t value_len) {
    struct entry *e = malloc(ENTRY_HEADER + key_len + value_len);
    if (e == NULL) fatal("out of memory storing a key of %zu bytes", key_len + value_len);
    e->next = NULL;
    e->expire_at = 0;
    e->key_len = (uint32_t)key_len;
    e->value_len = e->value_cap = (uint32_t)value_len;
    memcpy(e->bytes, key, key_len);
    if (value_len) memcpy(e->bytes + key_len, value, value_len);
    return e;
}

static void entry_free(struct entry *e) {
    free(e);
}

/* Give the entry at *link room for a value of exactly `cap` bytes.
 * realloc() may move it, so the link that points to it (a bucket, or the
 * previous entry's `next`, as dict_find() returned it) must follow. */
static struct entry *entry_resize(struct entry **link, size_t cap) {
    struct entry *moved = realloc(*link, ENTRY_HEADER + (*link)->key_len + cap);
    if (moved == NULL) fatal("out of memory sizing a value to %zu bytes", cap);
    moved->value_cap = (uint32_t)cap;
    *link = moved;
    /* The array of keys with a deadline points at the entry too. */
    if (moved->expire_at) db.volatile_keys[moved->volatile_index] = moved;
    return moved;
}

void db_init(void) {
    uint8_t seed[SIPHASH_SEED_LEN];
    random_bytes(seed, sizeof(seed));
    dict_set_seed(seed);
    dict_init(&db.dict);
    db.expires = 0;
}

int db_is_expired(const struct entry *e, long long now_ms) {
    /* Redis's rule: at the deadline's own millisecond the key still
     * exists; one millisecond later it is gone. */
    return e->expire_at != 0 && now_ms > e->expire_at;
}

/* Keys gain and lose a place in db.volatile_keys as they gain and lose a
 * deadline. Adding appends; removing moves the last key into the hole, so
 * the array has no gaps and the sweep can pick any slot. */
static void volatile_add(struct entry *e) {
    if (db.expires == db.volatile_cap) {
        db.volatile_cap = db.volatile_cap ? db.volatile_cap * 2 : 64;
        db.volatile_keys = realloc(db.volatile_keys, db.volatile_cap * sizeof(*db.volatile_keys));
        if (db.volatile_keys == NULL) fatal("out of memory tracking keys with a deadline");
    }
    e->volatile_index = (uint32_t)db.expires;
    db.volatile_keys[db.expires++] = e;
}

static void volatile_remove(struct entry *e) {
    struct entry *last = db.volatile_keys[--db.expires];
    db.volatile_keys[e->volatile_index] = last;
    last->volatile_index = e->volatile_index;
    /* Give memory back after a mass expiry: halve the array once it is a
     * quarter full (not half: a count going up and down around the middle
     * would reallocate on every change). */
    if (db.volatile_cap > 64 && db.expires < db.volatile_cap / 4) {
        db.volatile_cap /= 2;
        db.volatile_keys = realloc(db.volatile_keys, db.volatile_cap * sizeof(*db.volatile_keys));
        if (db.volatile_keys == NULL) fatal("out of memory tracking keys with a deadline");
    }
}

void db_set_deadline(struct entry *e, long long expire_at) {
    if (expire_at && !e->expire_at) volatile_add(e);
    else if (!expire_at && e->expire_at) volatile_remove(e);
    e->expire_at = expire_at;
}

static void delete_entry(struct entry *e) {
    db_set_deadline(e, 0);
    dict_remove(&db.dict, entry_key(e), e->key_len);
    entry_free(e);
}

struct entry *db_lookup(const char *key, size_t len) {
    struct entry **link = dict_find(&db.dict, key, len);
    if (link == NULL) return NULL;
    struct entry *e = *link;
    /* Lazy expiry: a late key is noticed here, or by the sweep, whichever
     * comes first. Reading the clock costs a few nanoseconds; keys without
     * a deadline skip even that. */
    if (e->expire_at && db_is_expired(e, mstime())) {
        db_delete_expired(e);
        return NULL;
    }
    return e;
}

void db_delete_expired(struct entry *e) {
    server.stat_expired_keys++;
    delete_entry(e);
}

struct entry *db_set(const char *key, size_t key_len, const char *value, size_t value_len,
                     long long expire_at) {
    struct entry **link = dict_find(&db.dict, key, key_len);
    struct entry *e;
    if (link == NULL) {
        e = entry_new(key, key_len, value, value_len);
        dict_add(&db.dict, e);
    } else {
        e = *link;
        /* Overwrite in place when the new value fits without wasting more
         * than half the room; otherwise reallocate to the exact size. */
        if (value_len > e->value_cap || value_len < e->value_cap / 2) e = entry_resize(link, value_len);
        if (value_len) memcpy(entry_value(e), value, value_len);
        e->value_len = (uint32_t)value_len;
    }
    db_set_deadline(e, expire_at);
    return e;
}

struct entry *db_append(struct entry *e, const char *more, size_t len) {
    size_t needed = (size_t)e->value_len + len;
    if (needed > e->value_cap) {
        size_t cap = needed < APPEND_PREALLOC_MAX ? needed * 2 : needed + APPEND_PREALLOC_MAX;
        if (cap > ENTRY_MAX_LEN) cap = ENTRY_MAX_LEN;
        e = entry_resize(dict_find(&db.dict, entry_key(e), e->key_len), cap);
    }
    if (len) memcpy(entry_value(e) + e->value_len, more, len);
    e->value_len = (uint32_t)needed;
    return e;
}

int db_delete(const char *key, size_t len) {
    /* A late key is deleted by the lookup itself, as an expiry, and is
     * not counted here: it was already gone. */
    struct entry *e = db_lookup(key, len);
    if (e == NULL) return 0;
    delete_entry(e);
    return 1;
}

size_t db_size(void) {
    return dict_size(&db.dict);
}

void db_flush(void) {
    /* Freeing a million entries takes about 0.2 s, during
     * which no client is served. Redis can hand the old table to a
     * background thread (FLUSHALL ASYNC); this server always frees at once. */
    dict_clear(&db.dict, entry_free);
    free(db.volatile_keys);
    db.volatile_keys = NULL;
    db.expires = db.volatile_cap = 0;
    db.avg_ttl = 0;
}
