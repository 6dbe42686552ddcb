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
 * A batch is 20 slots of db.volatile_keys picked at random. The sample must
 * be representative for "more than 10% late" to mean anything: walking the
 * array in order would not be, because keys set together (all with the same
 * TTL) sit together in it, and a sweep that stopped on a stretch of keys
 * with a long TTL would not reach a stretch of late ones behind it until
 * the cursor got there, minutes later with a big keyspace. Redis gets the
 * same effect by walking its hash table, whose order is the hash's.
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
            struct entry *e = db.volatile_keys[random_u64() % db.expires];
            if (db_is_expired(e, now)) {
                db_delete_expired(e);
                expired++;
            } else {
                ttl_samples++;
                ttl_mean += (e->expire_at - now - ttl_mean) / ttl_samples;
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
