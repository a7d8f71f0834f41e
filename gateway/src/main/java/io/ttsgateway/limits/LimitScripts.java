package io.ttsgateway.limits;

/**
 * The Lua scripts behind {@link RedisLimitStore}. Each runs atomically on the server, touches only keys of one hash
 * tag, and reads time from the server ({@code TIME}) so replicas with skewed clocks agree on lease expiry.
 */
final class LimitScripts {

    private LimitScripts() {}

    /**
     * KEYS: counters. ARGV: cost, then per key its limit (-1 = none) and TTL in ms. Checks every limited counter
     * first and adds to all of them only if none would pass its limit: returns 0, or the 1-based index that would.
     */
    static final String RESERVE = """
            local cost = tonumber(ARGV[1])
            for i = 1, #KEYS do
              local limit = tonumber(ARGV[2 * i])
              if limit >= 0 then
                local used = tonumber(redis.call('GET', KEYS[i]) or '0')
                if used + cost > limit then
                  return i
                end
              end
            end
            for i = 1, #KEYS do
              redis.call('INCRBY', KEYS[i], cost)
              redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i + 1]))
            end
            return 0
            """;

    /** KEYS: counters. ARGV: cost. Never below zero; an expired counter stays absent. */
    static final String REFUND = """
            local cost = tonumber(ARGV[1])
            for i = 1, #KEYS do
              local used = redis.call('GET', KEYS[i])
              if used then
                local left = tonumber(used) - cost
                if left < 0 then left = 0 end
                redis.call('SET', KEYS[i], left, 'KEEPTTL')
              end
            end
            return 0
            """;

    /**
     * KEYS[1]: a sorted set of leases scored by expiry (server ms). ARGV: lease id, limit, TTL ms. Drops expired
     * leases, then takes a slot if one is free: 1, or 0 when all are taken.
     */
    static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
            return 1
            """;

    /**
     * KEYS[1]: leases. ARGV: TTL ms, then lease ids. Extends the leases still held; an expired one is not revived.
     * One call renews every lease this replica holds under one client's key.
     */
    static final String RENEW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
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
    static final String ACTIVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
            """;

    /**
     * ACQUIRE and RESERVE in one step, for one client (its leases and counters share a hash tag). KEYS[1]: leases,
     * then counters. ARGV: lease id, slot limit, lease TTL ms, cost, then per counter its limit (-1 = none) and TTL
     * ms. Returns -1 when every slot is taken, the 1-based index of the first counter that would pass its limit, or 0
     * when the slot is taken and every counter charged.
     */
    static final String ADMIT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              return -1
            end
            local cost = tonumber(ARGV[4])
            for i = 2, #KEYS do
              local limit = tonumber(ARGV[2 * i + 1])
              if limit >= 0 then
                local used = tonumber(redis.call('GET', KEYS[i]) or '0')
                if used + cost > limit then
                  return i - 1
                end
              end
            end
            for i = 2, #KEYS do
              redis.call('INCRBY', KEYS[i], cost)
              redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i + 2]))
            end
            local ttl = tonumber(ARGV[3])
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
            if redis.call('PTTL', KEYS[1]) < ttl then
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            return 0
            """;

    /**
     * The slot's release and, when counters are given, the refund, in one step. KEYS[1]: leases, then counters.
     * ARGV: lease id, cost.
     */
    static final String FINISH = """
            redis.call('ZREM', KEYS[1], ARGV[1])
            local cost = tonumber(ARGV[2])
            for i = 2, #KEYS do
              local used = redis.call('GET', KEYS[i])
              if used then
                local left = tonumber(used) - cost
                if left < 0 then left = 0 end
                redis.call('SET', KEYS[i], left, 'KEEPTTL')
              end
            end
            return 0
            """;
}
