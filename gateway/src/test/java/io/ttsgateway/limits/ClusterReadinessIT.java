package io.ttsgateway.limits;

import io.ttsgateway.GatewayApplication;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import io.ttsgateway.testing.TestRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A gateway on a Redis Cluster (API.md §11): ready, and {@code /ready} reports the cluster's state. */
class ClusterReadinessIT {

    @Test
    void shouldReportTheClustersMastersAndSlotsWhenReady() {
        try (TestRedisCluster cluster = TestRedisCluster.start();
                FakeProvider phoenix = new FakeProvider();
                ConfigurableApplicationContext gateway = new SpringApplication(GatewayApplication.class)
                        .run(
                                "--server.port=0",
                                "--gateway.redis.cluster-nodes=" + cluster.seeds(),
                                "--gateway.redis.key-prefix=" + TestRedis.uniquePrefix(),
                                "--gateway.clients.file=" + TestClients.write(),
                                "--gateway.voices.file=../config/voices.yml",
                                "--gateway.phoenix.base-url=" + phoenix.baseUrl(),
                                "--gateway.local.enabled=false")) {
            WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(10))
                    .build()
                    .get()
                    .uri("/ready")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.components.redis.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.redis.topology")
                    .isEqualTo("cluster")
                    .jsonPath("$.components.redis.masters")
                    .isEqualTo(3)
                    .jsonPath("$.components.redis.slots_covered")
                    .isEqualTo(true);
        }
    }
}
