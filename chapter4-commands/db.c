/* db.c: see db.h. */
#include "db.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
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

void db_set_deadline(struct entry *e, long long expire_at) {
    if (expire_at && !e->expire_at) db.expires++;
    else if (!expire_at && e->expire_at) db.expires--;
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
    /* Lazy expiry: the only place a late key is noticed, in this chapter.
     * Reading the clock costs a few nanoseconds; keys without a deadline
     * skip even that. */
    if (e->expire_at && db_is_expired(e, mstime())) {
        delete_entry(e);
        return NULL;
    }
    return e;
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
    struct entry *e = db_lookup(key, len); /* a late key is deleted, but not counted */
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
    db.expires = 0;
}
