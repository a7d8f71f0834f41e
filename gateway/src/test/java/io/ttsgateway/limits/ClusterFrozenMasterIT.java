package io.ttsgateway.limits;

import static org.awaitility.Awaitility.await;

import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.TestRedisCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster master that hangs (SIGSTOP) and is replaced by its replica: every gateway replica sees Redis usable again
 * once the cluster has promoted the replica, whichever node its connections happened to reach first. A hung node
 * never closes its sockets, so a check that kept asking it would never succeed. Six connectors, because Lettuce
 * spreads their first connections over the six nodes: some of them reach the master that will hang.
 */
class ClusterFrozenMasterIT {

    @Test
    void shouldSeeRedisUsableAgainOnEveryConnectorOnceTheHungMastersReplicaIsPromoted() {
        List<RedisConnector> connectors = new ArrayList<>();
        try (TestRedisCluster cluster = TestRedisCluster.start()) {
            RedisProperties properties = new RedisProperties(
                    new Secret(""),
                    "unused:",
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    new Secret(cluster.seeds()));
            for (int i = 0; i < 6; i++) {
                RedisConnector connector = new RedisConnector(properties, Clock.systemUTC());
                connectors.add(connector);
                connector.start();
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> connectors.stream().allMatch(RedisConnector::isUp));
            int master = cluster.masters().get(0);
            int replica = cluster.replicaOf(master);

            cluster.pause(master);
            cluster.awaitMaster(replica);
            cluster.awaitState("ok");

            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> connectors.stream().allMatch(RedisConnector::isUp));
        } finally {
            connectors.forEach(RedisConnector::stop);
        }
    }
}
