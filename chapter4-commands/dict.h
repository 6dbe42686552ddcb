/*
 * dict.h: the hash table that holds the keyspace.
 *
 * A table is an array of buckets; a key's hash picks its bucket, and the
 * entries whose keys land in the same bucket form a linked list there
 * ("separate chaining"):
 *
 *     buckets[0] -> NULL
 *     buckets[1] -> "user:7" -> "color" -> NULL
 *     buckets[2] -> "hits" -> NULL
 *     buckets[3] -> NULL
 *
 * The number of buckets is a power of two, so "hash modulo size" is the
 * cheap "hash & (size - 1)". When the table holds as many entries as it has
 * buckets, it doubles; when it is mostly empty, it shrinks.
 *
 * Doubling means moving every entry to a new bucket array, and with
 * millions of keys that takes a long time (about 0.3 s per million), during
 * which no client would be served. So the move is incremental: the dict has
 * two tables, and while it is "rehashing", each operation also moves one
 * bucket from the old table to the new one. Lookups look in both. When the
 * old table is empty, the new one takes its place. See docs/04-commands.md
 * for a step-by-step picture.
 *
 * The dict does not copy keys: each entry carries its own key (and value),
 * and the dict only links entries together.
 */
#ifndef DICT_H
#define DICT_H

#include <stddef.h>
#include <stdint.h>

#include "siphash.h"

/* One key and its value, in a single allocation. Keeping both in the entry
 * saves two allocations (and their overhead) per key, which is most of the
 * memory a small key costs:
 *
 *     [ next | expire_at | key_len | value_len | value_cap | key... | value... ]
 *
 * Keys and values are byte strings with a length: any byte may appear in
 * them, \0 included, so they are never treated as C strings. */
struct entry {
    struct entry *next;   /* the next entry in the same bucket */
    long long expire_at;  /* when the key expires, Unix time in ms; 0: never */
    uint32_t key_len;
    uint32_t value_len;
    uint32_t value_cap;   /* room for the value (APPEND grows it ahead) */
    char bytes[];         /* key_len bytes of key, then the value */
};

/* The longest key or value an entry can hold. */
#define ENTRY_MAX_LEN UINT32_MAX

static inline const char *entry_key(const struct entry *e) { return e->bytes; }
static inline char *entry_value(struct entry *e) { return e->bytes + e->key_len; }

struct dict_table {
    struct entry **buckets;
    size_t size;          /* number of buckets: 0, or a power of two */
    size_t used;          /* number of entries */
};

struct dict {
    struct dict_table table[2]; /* [1] is used only while rehashing */
    long long rehash_index;     /* next bucket of table[0] to move; -1: not rehashing */
};

/* The secret seed for the hash function (see siphash.h): set it once, at
 * start-up, before the first key goes in. */
void dict_set_seed(const uint8_t seed[SIPHASH_SEED_LEN]);

void dict_init(struct dict *d);

/* The number of entries. */
static inline size_t dict_size(const struct dict *d) {
    return d->table[0].used + d->table[1].used;
}

/* Find the entry with this key. Returns the link that points to it (the
 * bucket, or the `next` of the entry before it), so the caller can swap
 * in a reallocated entry with `*link = new_entry`; NULL if the key is not
 * there. The link is valid only until the next call into the dict. */
struct entry **dict_find(struct dict *d, const char *key, size_t len);

/* Add an entry whose key is not in the dict yet. */
void dict_add(struct dict *d, struct entry *e);

/* Unlink the entry with this key and return it (the caller frees it), or
 * NULL if it is not there. */
struct entry *dict_remove(struct dict *d, const char *key, size_t len);

/* Remove every entry, calling free_entry on each, and start over empty. */
void dict_clear(struct dict *d, void (*free_entry)(struct entry *));

/* Visit every entry. The callback must not add or remove entries. */
void dict_for_each(struct dict *d, void (*visit)(struct entry *e, void *arg), void *arg);

#endif
