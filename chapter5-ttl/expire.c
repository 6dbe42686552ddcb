/*
 * expire.c: see expire.h.
 *
 * The sweep is adaptive, as Redis's is. It cannot afford to look at every
 * key with a deadline on every tick (there may be millions), and it does
 * not need to: a small batch tells it roughly what share of them is late.
 *
 *   - Look at a batch of 20 keys with a deadline; delete the late ones.
 *   - If more than 10% of the batch was late, many more late keys are
 *     probably waiting: do another batch right away.
 *   - Otherwise stop: the few late keys left cost little memory, and the
 *     next tick (or a read) will get them.
 *   - Whatever happens, stop when the time budget (25% of the tick
 *     period) is spent, so clients never wait long for the sweep.
 *
 * After a mass expiry (a million keys that all had "PX 1000"), the sweep
 * works through them at up to a quarter of the CPU until the late share
 * falls; in the quiet state it looks at 20 keys per tick and is done.
 *
 * Each sweep starts at a random slot of db.volatile_keys and walks on from
 * there, 20 slots a batch. Why not always go on from where the last sweep
 * stopped? Keys set together (all with the same TTL) sit together in the
 * array: a sweep parked on a long stretch of keys with a long TTL would
 * stop after one batch, tick after tick, and a stretch of late keys further
 * on would wait until the cursor crawled there, minutes with a big
 * keyspace. A random start lands in a late stretch as often as that stretch
 * is large, and once there the batches keep finding late keys and go on.
 * Why not pick each of the 20 slots at random, then? Walking in order
 * touches memory in order (entries set together were allocated together):
 * measured, that made a mass expiry 1.5 times faster, and kept each tick's
 * pause within its budget.
 */
#include "expire.h"

#include "db.h"
#include "server.h"
#include "util.h"

/* Fold one batch's average time-to-live into the running estimate INFO
 * keyspace shows as avg_ttl: each batch weighs 2%, so the figure moves
 * smoothly instead of jumping from batch to batch (Redis does the same). */
static void update_avg_ttl(long long batch_avg, int ttl_samples) {
    if (ttl_samples == 0) return;
    if (db.avg_ttl == 0) db.avg_ttl = batch_avg;
    else db.avg_ttl = (db.avg_ttl / 50) * 49 + batch_avg / 50;
}

void expire_cycle(long long budget_us) {
    long long start = monotonic_us();
    if (db.expires > 0) db.expire_cursor = random_u64() % db.expires;
    for (;;) {
        if (db.expires == 0) {
            db.avg_ttl = 0;
            break;
        }
        long long now = mstime();
        /* With fewer than 20 keys, a batch is all of them, each once. */
        int batch = db.expires < EXPIRE_KEYS_PER_BATCH ? (int)db.expires : EXPIRE_KEYS_PER_BATCH;
        int sampled = 0, expired = 0, ttl_samples = 0;
        /* The batch's mean time-to-live, kept as a running mean: a plain
         * sum of 20 TTLs could overflow 64 bits (a TTL may be up to about
         * 292 million years, in ms). */
        long long ttl_mean = 0;
        for (; sampled < batch && db.expires > 0; sampled++) {
            if (db.expire_cursor >= db.expires) db.expire_cursor = 0;
            struct entry *e = db.volatile_keys[db.expire_cursor];
            if (db_is_expired(e, now)) {
                /* Deleting moves the last key into this slot: the cursor
                 * stays, and the next look is at that key. */
                db_delete_expired(e);
                expired++;
            } else {
                ttl_samples++;
                ttl_mean += (e->expire_at - now - ttl_mean) / ttl_samples;
                db.expire_cursor++;
            }
        }
        update_avg_ttl(ttl_mean, ttl_samples);

        if (monotonic_us() - start >= budget_us) {
            server.stat_expired_time_cap_reached_count++;
            break;
        }
        if (expired * 100 <= sampled * EXPIRE_ACCEPTABLE_STALE_PERCENT) break;
    }
    server.stat_expire_cycle_time_us += monotonic_us() - start;
}
