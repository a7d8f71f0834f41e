package io.ttsgateway.limits;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.ttsgateway.config.Periodic;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
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

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisProperties properties;
    private final Clock clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicBoolean up = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> strings;
    private volatile StatefulRedisConnection<String, byte[]> bytes;
    /** The audio cache's own: megabytes of audio must not queue in front of the limits' commands. */
    private volatile StatefulRedisConnection<String, byte[]> cache;

    private volatile RedisLimitStore store;
    private volatile Disposable checks;

    public RedisConnector(RedisProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        RedisURI uri = RedisProperties.uri(properties.url());
        uri.setTimeout(properties.timeout());
        // Lettuce backs off reconnecting up to 30 s by default: after a long outage the gateway would go on serving
        // from memory (and skipping ElevenLabs) for up to half a minute after Redis is back. A 1 s ceiling keeps
        // recovery within a second or two; a reconnect attempt is one TCP connect, cheap even while Redis is away.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(RECONNECT_FLOOR, RECONNECT_CEILING, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(properties.timeout())
                        .build())
                .build());
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
    public Optional<RedisAsyncCommands<String, byte[]>> binary() {
        StatefulRedisConnection<String, byte[]> connection = cache;
        return up.get() && connection != null ? Optional.of(connection.async()) : Optional.empty();
    }

    public boolean isUp() {
        return up.get() && store != null;
    }

    /** A command failed: use memory until a check succeeds. */
    public void markDown(Throwable cause) {
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

    /** One check: connect if never connected, else ping. Never fails; the outcome is the up/down state. */
    Mono<Boolean> check() {
        return check(properties.timeout().multipliedBy(2));
    }

    private Mono<Boolean> check(Duration within) {
        Mono<Boolean> attempt = store == null
                ? connect().thenReturn(true)
                : Mono.fromCompletionStage(() -> strings.async().ping()).map("PONG"::equals);
        return attempt.timeout(within).onErrorReturn(false).doOnNext(ok -> {
            if (ok) {
                markUp();
            } else {
                markDown(new IllegalStateException("check failed"));
            }
        });
    }

    private Mono<Void> connect() {
        RedisURI uri = RedisProperties.uri(properties.url());
        uri.setTimeout(properties.timeout());
        RedisCodec<String, byte[]> binary = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        return Mono.zip(
                        Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri)),
                        Mono.fromCompletionStage(() -> client.connectAsync(binary, uri)),
                        Mono.fromCompletionStage(() -> client.connectAsync(binary, uri)))
                .doOnNext(connections -> {
                    strings = connections.getT1();
                    bytes = connections.getT2();
                    cache = connections.getT3();
                    // Buckets expire once they would have refilled completely: an idle client leaves no key.
                    var buckets = Bucket4jLettuce.casBasedBuilder(bytes)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                    Duration.ofMinutes(1)))
                            .build()
                            .asAsync();
                    store = new RedisLimitStore(strings.async(), buckets, clock);
                })
                .then();
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
        if (strings != null) {
            strings.close();
        }
        if (bytes != null) {
            bytes.close();
        }
        if (cache != null) {
            cache.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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
