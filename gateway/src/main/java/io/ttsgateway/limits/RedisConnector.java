package io.ttsgateway.limits;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.ttsgateway.config.Periodic;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Owns the Redis connections and knows whether Redis is usable right now (API.md §4 "Redis unreachable").
 *
 * <p>Commands are rejected at once while the connection is down (instead of queued until they time out), a failed
 * command marks Redis down, and a check every {@code checkInterval} connects (if it never could) or pings, so the
 * gateway notices Redis is back within seconds, without a restart.
 */
public final class RedisConnector implements SmartLifecycle {

    private static final Duration FIRST_CONNECT = Duration.ofSeconds(5);
    private static final Duration RECONNECT_FLOOR = Duration.ofMillis(50);
    private static final Duration RECONNECT_CEILING = Duration.ofSeconds(1);
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisProperties properties;
    private final Clock clock;
    private final ClientResources resources;
    /** One Redis, or a Sentinel-resolved master: null with a cluster. */
    private final RedisClient client;
    /** A Redis Cluster: null without one. */
    private final RedisClusterClient cluster;

    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicLong lastTopologyRefresh =
            new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());
    private volatile RedisClusterAsyncCommands<String, String> strings;
    /** The cluster connection of {@link #strings}, whose masters the checks ask: null without a cluster. */
    private volatile StatefulRedisClusterConnection<String, String> clusterStrings;
    /** The audio cache's own: megabytes of audio must not queue in front of the limits' commands. */
    private volatile RedisClusterAsyncCommands<String, byte[]> cache;

    private volatile List<StatefulConnection<?, ?>> connections = List.of();
    private volatile ReplicatedWrites replicated;

    private volatile RedisLimitStore store;
    private volatile Disposable checks;

    public RedisConnector(RedisProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        // Lettuce backs off reconnecting up to 30 s by default: after a long outage the gateway would go on serving
        // from memory (and skipping ElevenLabs) for up to half a minute after Redis is back. A 1 s ceiling keeps
        // recovery within a second or two; a reconnect attempt is one TCP connect, cheap even while Redis is away.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(RECONNECT_FLOOR, RECONNECT_CEILING, 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket =
                SocketOptions.builder().connectTimeout(properties.timeout()).build();
        if (properties.cluster()) {
            List<RedisURI> seeds = RedisProperties.clusterUris(properties.clusterNodes());
            seeds.forEach(seed -> seed.setTimeout(properties.timeout()));
            this.client = null;
            this.cluster = RedisClusterClient.create(resources, seeds);
            // The topology is read again every 10 s, and at once when Redis says it moved (a failover, a
            // resharding) or a node cannot be reached: a promoted replica is used without a restart.
            cluster.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                    .socketOptions(socket)
                    .build());
        } else {
            RedisURI uri = RedisProperties.uri(properties.url());
            uri.setTimeout(properties.timeout());
            this.cluster = null;
            this.client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                    .socketOptions(socket)
                    .build());
        }
    }

    /** The Redis store while Redis answers; empty while it does not. */
    public Optional<RedisLimitStore> usable() {
        return up.get() ? Optional.ofNullable(store) : Optional.empty();
    }

    /**
     * The audio cache's connection (byte values) while Redis answers; empty while it does not, so a lost Redis costs a
     * cache lookup nothing. A connection of its own: Lettuce answers a connection's commands in order, and a 2 MB entry
     * on the limits' connection would hold every rate and budget command behind it (and could time them out).
     */
    public Optional<RedisClusterAsyncCommands<String, byte[]>> binary() {
        RedisClusterAsyncCommands<String, byte[]> commands = cache;
        return up.get() && commands != null ? Optional.of(commands) : Optional.empty();
    }

    /**
     * The topology, for {@code /ready}: {@code standalone}, {@code sentinel} (with the master's name), or
     * {@code cluster} with the masters as Lettuce last read them and whether they serve all 16384 slots. Read from
     * what the client already knows: nothing here waits for Redis.
     */
    public Map<String, Object> topology() {
        Map<String, Object> topology = new LinkedHashMap<>();
        if (cluster == null) {
            RedisURI uri = RedisProperties.uri(properties.url());
            if (uri.getSentinels().isEmpty()) {
                topology.put("topology", "standalone");
            } else {
                topology.put("topology", "sentinel");
                topology.put("master", uri.getSentinelMasterId());
            }
            return topology;
        }
        topology.put("topology", "cluster");
        if (store == null) {
            return topology;
        }
        Partitions partitions = cluster.getPartitions();
        List<RedisClusterNode> masters = partitions.stream()
                .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM)
                        && !node.is(RedisClusterNode.NodeFlag.FAIL)
                        && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL))
                .toList();
        int slots = masters.stream().mapToInt(node -> node.getSlots().size()).sum();
        topology.put("masters", masters.size());
        topology.put("slots_covered", slots >= SlotHash.SLOT_COUNT);
        return topology;
    }

    public boolean isUp() {
        return up.get() && store != null;
    }

    /** A command failed: use memory until a check succeeds. */
    public void markDown(Throwable cause) {
        if (cluster != null) {
            refreshTopology();
        }
        if (up.compareAndSet(true, false)) {
            log.warn(
                    "redis unreachable ({}): limits fall back to this replica's memory, ElevenLabs is not used "
                            + "until redis is back",
                    cause.getClass().getSimpleName());
        }
    }

    private void markUp() {
        if (up.compareAndSet(false, true)) {
            log.info("redis reachable at {}: limits are shared again", properties.describe());
        }
    }

    /**
     * One check: connect if never connected, else ping (in a cluster, every master that serves slots). Never fails;
     * the outcome is the up/down state.
     */
    Mono<Boolean> check() {
        return check(properties.timeout().multipliedBy(2));
    }

    private Mono<Boolean> check(Duration within) {
        Mono<Boolean> attempt = store == null
                ? connect().thenReturn(true)
                : cluster != null
                        ? pingMasters(clusterStrings)
                        : Mono.fromCompletionStage(() -> strings.ping())
                                .map("PONG"::equals)
                                .flatMap(ok -> replicated instanceof ReplicatedWrites.Single single
                                        ? Mono.fromCompletionStage(single::refresh)
                                                .thenReturn(ok)
                                        : Mono.just(ok));
        return attempt.timeout(within)
                .onErrorResume(e -> {
                    if (RedisErrors.timedOut(e)) {
                        dropSilentSockets();
                    }
                    return Mono.just(false);
                })
                .doOnNext(ok -> {
                    if (ok) {
                        markUp();
                    } else {
                        markDown(new IllegalStateException("check failed"));
                    }
                });
    }

    /**
     * Whether every master that serves slots in the topology as Lettuce last read it answers a PING, on the connection
     * the commands for its slots take, and whether they serve all 16384 slots together. A PING on the cluster
     * connection itself would go to one node, the one its default connection reached first: should that node hang
     * (its socket stays open, nothing resets it), every check would time out on it long after the cluster promoted a
     * replica in its place; should it answer while another master hangs, the check would say up while that master's
     * clients' commands time out. Asked this way, the check follows the topology: it says down while a master that
     * serves slots does not answer, which reads the topology again (see {@link #markDown}), and up once the masters
     * read then all answer.
     */
    private static Mono<Boolean> pingMasters(StatefulRedisClusterConnection<String, String> connection) {
        return Mono.defer(() -> {
            List<RedisClusterNode> masters = connection.getPartitions().stream()
                    .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM)
                            && !node.getSlots().isEmpty())
                    .toList();
            int slots =
                    masters.stream().mapToInt(node -> node.getSlots().size()).sum();
            if (slots < SlotHash.SLOT_COUNT) {
                return Mono.just(false);
            }
            return Flux.fromIterable(masters)
                    .flatMap(master -> Mono.fromCompletionStage(() -> connection.getConnectionAsync(master.getNodeId()))
                            .flatMap(node ->
                                    Mono.fromCompletionStage(() -> node.async().ping()))
                            .map("PONG"::equals))
                    .all(ok -> ok);
        });
    }

    /**
     * A check that timed out was sent on an open socket that nobody answers: a master that hangs, a host that died or
     * a network that drops packets without a reset. Lettuce reconnects only once a socket closes, and the kernel may
     * take minutes to close this one, so the gateway would keep asking the old master and never notice the one the
     * sentinels promoted. Closing the sockets (not the connections) makes Lettuce reconnect them, asking the sentinels
     * again where the master is; commands in flight on them fail at once as "unreachable" instead of timing out.
     */
    private void dropSilentSockets() {
        List<StatefulConnection<?, ?>> open = connections;
        if (cluster != null || open.isEmpty()) {
            return;
        }
        log.warn(
                "redis did not answer a check within {}: reconnecting to {}",
                properties.timeout(),
                properties.describe());
        open.forEach(SilentSockets::drop);
    }

    /**
     * In a cluster, a command found its node unreachable: the node that owns its slot may be dead or hang, and its
     * replica may have been promoted since. Lettuce reads the topology again at once on a redirect, but not on a
     * timeout, and after a first adaptive refresh (which may come before the promotion) not again for 30 s; the
     * periodic one is up to 10 s away. So it is read now, at most once per check interval, whether the command was a
     * client's or a check's PING to a master.
     */
    private void refreshTopology() {
        long now = System.nanoTime();
        long last = lastTopologyRefresh.get();
        if (now - last >= properties.checkInterval().toNanos() && lastTopologyRefresh.compareAndSet(last, now)) {
            cluster.refreshPartitionsAsync().exceptionally(e -> null);
        }
    }

    private Mono<Void> connect() {
        RedisCodec<String, byte[]> binary = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        if (cluster != null) {
            // The topology is read first (asynchronously: connectAsync expects it read), then shared by the three.
            return Mono.fromCompletionStage(cluster::refreshPartitionsAsync)
                    .then(Mono.zip(
                            Mono.fromCompletionStage(() -> cluster.connectAsync(StringCodec.UTF8)),
                            Mono.fromCompletionStage(() -> cluster.connectAsync(binary)),
                            Mono.fromCompletionStage(() -> cluster.connectAsync(binary)),
                            Mono.fromCompletionStage(() -> cluster.connectAsync(StringCodec.UTF8))))
                    .doOnNext(c -> clusterStrings = c.getT1())
                    .doOnNext(c -> connected(
                            List.of(c.getT1(), c.getT2(), c.getT3(), c.getT4()),
                            new ReplicatedWrites.Cluster(c.getT4(), properties.timeout()),
                            c.getT1().async(),
                            buckets(Bucket4jLettuce.casBasedBuilder(c.getT2())),
                            c.getT3().async()))
                    .then();
        }
        RedisURI uri = RedisProperties.uri(properties.url());
        uri.setTimeout(properties.timeout());
        return Mono.zip(
                        Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri)),
                        Mono.fromCompletionStage(() -> client.connectAsync(binary, uri)),
                        Mono.fromCompletionStage(() -> client.connectAsync(binary, uri)),
                        Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri)))
                .flatMap(c -> {
                    ReplicatedWrites.Single single = new ReplicatedWrites.Single(c.getT4(), properties.timeout());
                    return Mono.fromCompletionStage(single::refresh)
                            .thenReturn(c)
                            .doOnNext(x -> replicated = single);
                })
                .doOnNext(c -> connected(
                        List.of(c.getT1(), c.getT2(), c.getT3(), c.getT4()),
                        replicated,
                        c.getT1().async(),
                        buckets(Bucket4jLettuce.casBasedBuilder(c.getT2())),
                        c.getT3().async()))
                .then();
    }

    /** The rate buckets' proxy: buckets expire once they would have refilled completely, so an idle client leaves no key. */
    private static AsyncProxyManager<String> buckets(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder) {
        return builder.expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build()
                .asAsync();
    }

    private void connected(
            List<StatefulConnection<?, ?>> opened,
            ReplicatedWrites replicated,
            RedisClusterAsyncCommands<String, String> strings,
            AsyncProxyManager<String> buckets,
            RedisClusterAsyncCommands<String, byte[]> cache) {
        this.connections = opened;
        this.replicated = replicated;
        this.strings = strings;
        this.cache = cache;
        this.store = new RedisLimitStore(strings, buckets, clock, replicated);
    }

    @Override
    public void start() {
        // The first check runs at startup, so a reachable Redis is in use before the first request.
        // A first connection also starts Lettuce's event loops: it gets longer than a command, so a busy host does
        // not open the port with Redis wrongly marked down.
        Duration firstConnect = properties.timeout().multipliedBy(2).compareTo(FIRST_CONNECT) > 0
                ? properties.timeout().multipliedBy(2)
                : FIRST_CONNECT;
        Boolean ok = check(firstConnect).toFuture().exceptionally(e -> false).join();
        if (!Boolean.TRUE.equals(ok)) {
            log.warn(
                    "redis not reachable at {} at startup: limits in this replica's memory until it is",
                    properties.describe());
        }
        checks = Periodic.every(properties.checkInterval(), properties.checkInterval(), this::check);
    }

    @Override
    public void stop() {
        Disposable c = checks;
        if (c != null) {
            c.dispose();
        }
        connections.forEach(StatefulConnection::close);
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * Before the web server's start (Spring Boot starts it at {@code DEFAULT_PHASE - 2048}): the port opens only once
     * Redis is connected or known to be down (API.md §2 "Startup"), and Redis stays usable until the server has
     * stopped and its last streams have finished.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return checks != null && !checks.isDisposed();
    }
}
