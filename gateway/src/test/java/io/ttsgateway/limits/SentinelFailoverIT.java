package io.ttsgateway.limits;

import io.ttsgateway.testing.TestRedisCluster;
import io.ttsgateway.testing.TestRedisSentinel;
import java.util.List;

/** {@link FailoverContract} on a Sentinel set: the sentinels promote the replica once the master is killed. */
class SentinelFailoverIT extends FailoverContract {

    private TestRedisSentinel sentinel;

    @Override
    protected void startRedis() {
        sentinel = TestRedisSentinel.start();
    }

    @Override
    protected List<String> redisSettings() {
        return List.of("--gateway.redis.url=" + sentinel.url());
    }

    @Override
    protected void killMaster() {
        sentinel.killMaster();
    }

    @Override
    protected void freezeMaster() {
        sentinel.freezeMaster();
    }

    @Override
    protected void pauseReplica() {
        sentinel.pauseReplica();
    }

    @Override
    protected void resumeReplica() {
        sentinel.resumeReplica();
    }

    @Override
    protected void awaitPromotion() {
        sentinel.awaitFailover();
    }

    @Override
    protected String read(String key) {
        return TestRedisCluster.cli(sentinel.currentMaster(), "get", key).strip();
    }

    @Override
    protected void stopRedis() {
        sentinel.close();
    }
}
