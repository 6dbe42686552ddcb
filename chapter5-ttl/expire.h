/*
 * expire.h: active expiry, the sweep that removes late keys nobody reads.
 *
 * Lazy expiry (db_lookup) only deletes a late key when a command touches
 * it. A key written once with a deadline and never read again would stay in
 * memory forever. So, hz times a second, the periodic timer calls
 * expire_cycle(), which looks at keys that have a deadline, a batch at a
 * time, and deletes the ones that are late.
 */
#ifndef EXPIRE_H
#define EXPIRE_H

/* Keys looked at per batch. */
#define EXPIRE_KEYS_PER_BATCH 20

/* Another batch follows while more than this percentage of the last one
 * had expired: there are probably many more late keys. */
#define EXPIRE_ACCEPTABLE_STALE_PERCENT 10

/* The share of each timer period the sweep may use, at most. */
#define EXPIRE_CYCLE_TIME_PERCENT 25

/* Run one sweep, for at most `budget_us` microseconds. */
void expire_cycle(long long budget_us);

#endif
