package io.ttsgateway.limits;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * Scripts whose writes must survive a failover (API.md §11: ElevenLabs reservations): each runs on a connection of its
 * own, followed by {@code WAIT 1} on that same connection, so that it is answered only once a replica has the write.
 * A failover can then not hand spent ElevenLabs characters back. Without replicas nothing is waited for (there is no
 * failover to survive). The connection is the gateway's only one that {@code WAIT} blocks: every other command goes
 * on unhindered.
 */
abstract sealed class ReplicatedWrites {

    /**
     * A script's answer, and whether a replica acknowledged its writes in time (true when there is no replica).
     */
    record Replicated(long answer, boolean acknowledged) {}

    final Duration timeout;

    ReplicatedWrites(Duration timeout) {
        this.timeout = timeout;
    }

    abstract Mono<Replicated> run(String script, String sha, String[] keys, String[] args);

    abstract void close();

    static Mono<Replicated> runOn(
            RedisClusterAsyncCommands<String, String> node,
            boolean replicas,
            Duration timeout,
            String script,
            String sha,
            String[] keys,
            String[] args) {
        Mono<Long> answer = Mono.<Long>fromCompletionStage(
                        () -> node.evalsha(sha, ScriptOutputType.INTEGER, keys, args))
                .onErrorResume(
                        RedisNoScriptException.class,
                        e -> Mono.fromCompletionStage(() -> node.eval(script, ScriptOutputType.INTEGER, keys, args)));
        if (!replicas) {
            return answer.map(a -> new Replicated(a, true));
        }
        // Redis gives up waiting at half the command timeout, so that its answer (how many replicas have the write)
        // comes back before Lettuce gives up on the command; should Lettuce still give up first, nobody acknowledged.
        long waitMillis = Math.max(1, timeout.toMillis() / 2);
        return answer.flatMap(a -> Mono.fromCompletionStage(() -> node.waitForReplication(1, waitMillis))
                .onErrorReturn(RedisCommandTimeoutException.class, 0L)
                .map(acknowledged -> new Replicated(a, acknowledged >= 1)));
    }

    /** One Redis or a Sentinel-resolved master: one connection; replicas as the master last reported them. */
    static final class Single extends ReplicatedWrites {
        private final StatefulRedisConnection<String, String> connection;
        private volatile boolean replicas;

        Single(StatefulRedisConnection<String, String> connection, Duration timeout) {
            super(timeout);
            this.connection = connection;
        }

        /** Reads the master's {@code connected_slaves}: called at connect and with every check. */
        CompletionStage<Boolean> refresh() {
            return connection.async().info("replication").thenApply(info -> {
                replicas = info.lines().anyMatch(l -> l.startsWith("connected_slaves:") && !l.endsWith(":0"));
                return replicas;
            });
        }

        @Override
        Mono<Replicated> run(String script, String sha, String[] keys, String[] args) {
            return runOn(connection.async(), replicas, timeout, script, sha, keys, args);
        }

        @Override
        void close() {
            connection.close();
        }
    }

    /**
     * A cluster: the script runs on the master that owns its keys' slot, through a connection of its own to that node;
     * replicas as the topology knows them.
     */
    static final class Cluster extends ReplicatedWrites {
        private final StatefulRedisClusterConnection<String, String> connection;

        Cluster(StatefulRedisClusterConnection<String, String> connection, Duration timeout) {
            super(timeout);
            this.connection = connection;
        }

        @Override
        Mono<Replicated> run(String script, String sha, String[] keys, String[] args) {
            return Mono.defer(() -> {
                RedisClusterNode master = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(keys[0]));
                if (master == null) {
                    return Mono.error(new io.lettuce.core.RedisException("no master for the slot of " + keys[0]));
                }
                boolean replicas = connection.getPartitions().stream()
                        .anyMatch(node -> master.getNodeId().equals(node.getSlaveOf())
                                && !node.is(RedisClusterNode.NodeFlag.FAIL));
                return Mono.fromCompletionStage(() -> connection.getConnectionAsync(master.getNodeId()))
                        .flatMap(node -> runOn(node.async(), replicas, timeout, script, sha, keys, args));
            });
        }

        @Override
        void close() {
            connection.close();
        }
    }
}
