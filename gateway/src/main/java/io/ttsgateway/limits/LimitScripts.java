package io.ttsgateway.limits;

/**
 * The Lua scripts behind {@link RedisLimitStore}. Each runs atomically on the server, touches only keys of one hash
 * tag, and reads time from the server ({@code TIME}) so replicas with skewed clocks agree on lease expiry. Scripts that
 * do the same thing are put together from the same pieces.
 */
final class LimitScripts {

    private LimitScripts() {}

    /** Server time in milliseconds, as {@code now}. */
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /**
     * Reserves {@code cost} in KEYS[first..], their limits and TTLs in ARGV from {@code firstArg} (a pair per key):
     * checks every limited counter first and adds to all of them only if none would pass its limit. Returns the
     * 1-based position of the first that would, counted from KEYS[first].
     */
    private static String reserveFrom(int first, int firstArg) {
        return """
                for i = %1$d, #KEYS do
                  local limit = tonumber(ARGV[%2$d + 2 * (i - %1$d)])
                  if limit >= 0 then
                    local used = tonumber(redis.call('GET', KEYS[i]) or '0')
                    if used + cost > limit then
                      return i - %1$d + 1
                    end
                  end
                end
                for i = %1$d, #KEYS do
                  redis.call('INCRBY', KEYS[i], cost)
                  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[%2$d + 2 * (i - %1$d) + 1]))
                end
                """.formatted(first, firstArg);
    }

    /** Gives {@code cost} back to KEYS[first..]: never below zero; an expired counter stays absent. */
    private static String refundFrom(int first) {
        return """
                for i = %d, #KEYS do
                  local used = redis.call('GET', KEYS[i])
                  if used then
                    local left = tonumber(used) - cost
                    if left < 0 then left = 0 end
                    redis.call('SET', KEYS[i], left, 'KEEPTTL')
                  end
                end
                """.formatted(first);
    }

    /** Drops the expired leases of KEYS[1]; returns {@code full} when {@code limit} are still held. */
    private static String dropExpiredOrReturnWhenFull(String limit, String full) {
        return NOW + """
                redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
                if redis.call('ZCARD', KEYS[1]) >= tonumber(%s) then
                  return %s
                end
                """.formatted(limit, full);
    }

    /** Adds lease ARGV[1] to KEYS[1] for {@code ttl} ms and keeps the set at least that long. */
    private static final String TAKE_LEASE = """
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
            if redis.call('PTTL', KEYS[1]) < ttl then
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            """;

    /**
     * KEYS: counters. ARGV: cost, then per key its limit (-1 = none) and TTL in ms. Returns 0 when reserved in every
     * counter, else the 1-based index of the first that would pass its limit (nothing reserved).
     */
    static final String RESERVE = "local cost = tonumber(ARGV[1])\n" + reserveFrom(1, 2) + "return 0\n";

    /** KEYS: counters. ARGV: cost. */
    static final String REFUND = "local cost = tonumber(ARGV[1])\n" + refundFrom(1) + "return 0\n";

    /**
     * KEYS[1]: leases. ARGV: TTL ms, then lease ids. Extends the leases still held; an expired one is not revived.
     * One call renews every lease this replica holds under one client's key.
     */
    static final String RENEW = NOW + """
            local ttl = tonumber(ARGV[1])
            for i = 2, #ARGV do
              local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
              if score and tonumber(score) > now then
                redis.call('ZADD', KEYS[1], 'XX', now + ttl, ARGV[i])
              end
            end
            if redis.call('PTTL', KEYS[1]) < ttl then
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            return 0
            """;

    /** KEYS[1]: leases. The number of leases not yet expired. */
    static final String ACTIVE = NOW + "return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')\n";

    /**
     * A slot and a reservation in one step, for one client (its leases and counters share a hash tag). KEYS[1]: leases,
     * then counters. ARGV: lease id, slot limit, lease TTL ms, cost, then per counter its limit (-1 = none) and TTL
     * ms. Returns -1 when every slot is taken, the 1-based index of the first counter that would pass its limit, or 0
     * when the slot is taken and every counter charged.
     */
    static final String ADMIT = dropExpiredOrReturnWhenFull("ARGV[2]", "-1")
            + "local cost = tonumber(ARGV[4])\n"
            + reserveFrom(2, 5)
            + "local ttl = tonumber(ARGV[3])\n"
            + TAKE_LEASE
            + "return 0\n";

    /**
     * The slot's release and, when counters are given, the refund, in one step. KEYS[1]: leases, then counters.
     * ARGV: lease id, cost.
     */
    static final String FINISH =
            "redis.call('ZREM', KEYS[1], ARGV[1])\nlocal cost = tonumber(ARGV[2])\n" + refundFrom(2) + "return 0\n";
}
