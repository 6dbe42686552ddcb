/* dict.c: see dict.h. */
#include "dict.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

/* The smallest table: a dict's first key allocates this many buckets. */
#define DICT_INITIAL_SIZE 4

/* While rehashing, one step moves one bucket. Many buckets may be empty,
 * though (a table that shrank, say), so one step may also skip this many
 * empty buckets and no more: every operation stays cheap. */
#define DICT_REHASH_EMPTY_VISITS 10

static uint8_t hash_seed[SIPHASH_SEED_LEN];

void dict_set_seed(const uint8_t seed[SIPHASH_SEED_LEN]) {
    memcpy(hash_seed, seed, SIPHASH_SEED_LEN);
}

static uint64_t hash_key(const char *key, size_t len) {
    return siphash(key, len, hash_seed);
}

static int is_rehashing(const struct dict *d) {
    return d->rehash_index != -1;
}

void dict_init(struct dict *d) {
    memset(d, 0, sizeof(*d));
    d->rehash_index = -1;
}

/* The smallest power of two that is at least n (and at least the initial
 * size). */
static size_t table_size_for(size_t n) {
    size_t size = DICT_INITIAL_SIZE;
    while (size < n) size *= 2;
    return size;
}

/* Start moving to a table of `size` buckets. The new table is table[1];
 * rehash_step() fills it a bucket at a time. A dict with no table yet
 * simply gets one. */
static void start_resize(struct dict *d, size_t size) {
    struct entry **buckets = calloc(size, sizeof(*buckets));
    if (buckets == NULL) fatal("out of memory allocating %zu hash buckets", size);
    if (d->table[0].size == 0) {
        d->table[0].buckets = buckets;
        d->table[0].size = size;
        return;
    }
    d->table[1].buckets = buckets;
    d->table[1].size = size;
    d->table[1].used = 0;
    d->rehash_index = 0;
}

/* Move every entry of one bucket of the old table to the new table, where
 * each lands in the bucket its hash picks there (with twice as many
 * buckets, half of a chain typically stays at the same index and half
 * moves to index + old size). */
static void move_bucket(struct dict *d, size_t index) {
    struct dict_table *from = &d->table[0], *to = &d->table[1];
    struct entry *e = from->buckets[index];
    while (e) {
        struct entry *next = e->next;
        size_t dest = hash_key(entry_key(e), e->key_len) & (to->size - 1);
        e->next = to->buckets[dest];
        to->buckets[dest] = e;
        from->used--;
        to->used++;
        e = next;
    }
    from->buckets[index] = NULL;
}

/* One step of incremental rehashing: move the next non-empty bucket (or
 * give up after skipping a few empty ones). When the old table is empty,
 * the new table replaces it and the rehash is over. */
static void rehash_step(struct dict *d) {
    int empty_visits = DICT_REHASH_EMPTY_VISITS;
    while (d->table[0].used > 0) {
        size_t index = (size_t)d->rehash_index;
        if (d->table[0].buckets[index] != NULL) {
            move_bucket(d, index);
            d->rehash_index++;
            break;
        }
        d->rehash_index++;
        if (--empty_visits == 0) break;
    }
    if (d->table[0].used == 0) {
        free(d->table[0].buckets);
        d->table[0] = d->table[1];
        memset(&d->table[1], 0, sizeof(d->table[1]));
        d->rehash_index = -1;
    }
}

/* Grow before an add would push the load factor (entries per bucket)
 * above 1: chains stay about one entry long, so a lookup costs one or two
 * key comparisons. */
static void grow_if_needed(struct dict *d) {
    if (is_rehashing(d)) return; /* already on its way to a bigger table */
    if (d->table[0].size == 0) start_resize(d, DICT_INITIAL_SIZE);
    else if (d->table[0].used >= d->table[0].size) start_resize(d, table_size_for(d->table[0].used + 1));
}

/* Shrink once the table is less than 1/8 full: after a mass deletion, a
 * million empty buckets would cost 8 MB for nothing. (Redis checks this
 * from its periodic task with a threshold of 10%; checking at each
 * deletion costs as little and works without a timer.) */
static void shrink_if_needed(struct dict *d) {
    if (is_rehashing(d)) return;
    struct dict_table *t = &d->table[0];
    if (t->size > DICT_INITIAL_SIZE && t->used * 8 < t->size) start_resize(d, table_size_for(t->used));
}

void dict_rehash_for(struct dict *d, long long us) {
    long long start = monotonic_us();
    while (is_rehashing(d)) {
        /* Check the clock every 100 steps, not after each one. */
        for (int i = 0; i < 100 && is_rehashing(d); i++) rehash_step(d);
        if (monotonic_us() - start >= us) break;
    }
}

/* Where the entry with this key is: the link that points to it, and which
 * table it is in. NULL if the key is not there. */
static struct entry **find_link(struct dict *d, const char *key, size_t len, int *in_table) {
    if (dict_size(d) == 0) return NULL;
    if (is_rehashing(d)) rehash_step(d);
    uint64_t h = hash_key(key, len);
    for (int t = 0; t <= 1; t++) {
        struct dict_table *table = &d->table[t];
        if (table->size == 0) continue;
        struct entry **link = &table->buckets[h & (table->size - 1)];
        for (; *link; link = &(*link)->next) {
            struct entry *e = *link;
            if (e->key_len == len && memcmp(entry_key(e), key, len) == 0) {
                *in_table = t;
                return link;
            }
        }
        if (!is_rehashing(d)) break; /* table[1] is unused */
    }
    return NULL;
}

struct entry **dict_find(struct dict *d, const char *key, size_t len) {
    int in_table;
    return find_link(d, key, len, &in_table);
}

void dict_add(struct dict *d, struct entry *e) {
    if (is_rehashing(d)) rehash_step(d);
    grow_if_needed(d);
    /* While rehashing, new entries go straight to the new table: the old
     * one only ever empties. */
    struct dict_table *table = is_rehashing(d) ? &d->table[1] : &d->table[0];
    size_t index = hash_key(entry_key(e), e->key_len) & (table->size - 1);
    e->next = table->buckets[index];
    table->buckets[index] = e;
    table->used++;
}

struct entry *dict_remove(struct dict *d, const char *key, size_t len) {
    int in_table;
    struct entry **link = find_link(d, key, len, &in_table);
    if (link == NULL) return NULL;
    struct entry *e = *link;
    *link = e->next;
    d->table[in_table].used--;
    shrink_if_needed(d);
    return e;
}

void dict_clear(struct dict *d, void (*free_entry)(struct entry *)) {
    for (int t = 0; t <= 1; t++) {
        struct dict_table *table = &d->table[t];
        for (size_t i = 0; i < table->size; i++) {
            struct entry *e = table->buckets[i];
            while (e) {
                struct entry *next = e->next;
                free_entry(e);
                e = next;
            }
        }
        free(table->buckets);
    }
    dict_init(d);
}

void dict_for_each(struct dict *d, void (*visit)(struct entry *e, void *arg), void *arg) {
    for (int t = 0; t <= 1; t++) {
        struct dict_table *table = &d->table[t];
        for (size_t i = 0; i < table->size; i++)
            for (struct entry *e = table->buckets[i]; e; e = e->next) visit(e, arg);
    }
}
