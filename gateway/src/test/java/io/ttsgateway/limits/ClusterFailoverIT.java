package io.ttsgateway.limits;

import io.ttsgateway.testing.TestRedisCluster;
import java.util.List;

/**
 * {@link FailoverContract} on a Redis Cluster: the master that serves both the client's keys and the ElevenLabs keys
 * is killed, and its replica takes its slots over.
 */
class ClusterFailoverIT extends FailoverContract {

    private TestRedisCluster cluster;
    private String client;
    private int master;
    private int replica;

    @Override
    protected void startRedis() {
        cluster = TestRedisCluster.start();
        master = cluster.masterOf("{elevenlabs}");
        replica = cluster.replicaOf(master);
        // The first client id whose slot is on the same master as the ElevenLabs keys: one kill takes both away.
        for (int i = 0; client == null; i++) {
            if (cluster.masterOf("{steady-" + i + "}") == master) {
                client = "steady-" + i;
            }
        }
    }

    @Override
    protected String clientId() {
        return client;
    }

    @Override
    protected List<String> redisSettings() {
        return List.of("--gateway.redis.cluster-nodes=" + cluster.seeds());
    }

    @Override
    protected void killMaster() {
        cluster.kill(master);
    }

    @Override
    protected void freezeMaster() {
        cluster.pause(master);
    }

    @Override
    protected void pauseReplica() {
        cluster.pause(replica);
    }

    @Override
    protected void resumeReplica() {
        cluster.resume(replica);
    }

    @Override
    protected void awaitPromotion() {
        cluster.awaitMaster(replica);
        cluster.awaitState("ok");
    }

    @Override
    protected String read(String key) {
        return TestRedisCluster.cli(cluster.masterOf(key), "get", key).strip();
    }

    @Override
    protected void stopRedis() {
        cluster.close();
    }
}
