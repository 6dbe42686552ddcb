/*
 * db.h: the keyspace: every key, its value, and when it expires.
 *
 * Commands never touch the hash table directly; they go through these
 * functions, which add one rule on top of it: a key whose deadline has
 * passed does not exist. This chapter enforces that rule lazily, when a
 * command looks the key up: the lookup notices the key is late, deletes
 * it, and answers "no such key". A periodic sweep (expire.c) removes the
 * late keys nobody looks up; to find them without walking every key, the
 * keyspace keeps an array of the keys that have a deadline.
 *
 * Pointers to entries returned here stay valid until the next call that
 * writes to the keyspace (db_set and db_append may move an entry).
 */
#ifndef DB_H
#define DB_H

#include <stddef.h>

#include "dict.h"

struct db {
    struct dict dict;
    size_t expires;   /* how many keys have a deadline (for INFO keyspace) */

    /* The keys with a deadline ("volatile" keys, in Redis's words), in no
     * particular order: volatile_keys[0 .. expires-1]. Each entry knows its
     * slot (volatile_index), so removing one is O(1): the last entry moves
     * into the hole. The sweep samples this array, not the whole keyspace. */
    struct entry **volatile_keys;
    size_t volatile_cap;
    size_t expire_cursor; /* where the sweep looks next */
    long long avg_ttl;    /* the sweep's running estimate, in ms (INFO keyspace) */
};

extern struct db db;

/* Create the empty keyspace, with a fresh random hash seed. */
void db_init(void);

/* The entry for `key`, or NULL if it does not exist. A key past its
 * deadline is deleted here and reads as missing. */
struct entry *db_lookup(const char *key, size_t len);

/* Store `value` under `key`, replacing any value it had, with the deadline
 * `expire_at` (absolute ms; 0: none). Returns the entry. */
struct entry *db_set(const char *key, size_t key_len, const char *value, size_t value_len,
                     long long expire_at);

/* Append `more` to the value of an existing entry (found with db_lookup).
 * Returns the entry, which may have moved. */
struct entry *db_append(struct entry *e, const char *more, size_t len);

/* Give an entry the deadline `expire_at` (absolute ms), or none (0). */
void db_set_deadline(struct entry *e, long long expire_at);

/* Delete an entry that is past its deadline, counting it as expired
 * (INFO stats expired_keys). */
void db_delete_expired(struct entry *e);

/* Delete `key`. 1 if it existed (and had not expired), else 0. */
int db_delete(const char *key, size_t len);

/* The number of keys, including late keys that nobody has touched yet:
 * lazy expiry has not deleted them, so they still use memory. */
size_t db_size(void);

/* Is this entry past its deadline? (Without deleting it.) */
int db_is_expired(const struct entry *e, long long now_ms);

/* Delete every key. */
void db_flush(void);

#endif
