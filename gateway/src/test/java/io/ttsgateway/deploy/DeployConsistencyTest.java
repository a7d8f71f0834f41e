package io.ttsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What deploy/ says must exist in the gateway: every manifest parses, probes and ports are the gateway's, every
 * environment variable is a documented setting, every metric an alert or a dashboard reads is one the gateway
 * exports. So the two cannot drift apart unnoticed.
 */
class DeployConsistencyTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)");
    private static final Pattern METRIC = Pattern.compile("\\b((?:tts|resilience4j)_[a-z0-9_]+)");
    private static final Set<String> METRICS = Set.of(
            "tts_requests_total",
            "tts_request_duration_seconds",
            "tts_time_to_first_byte_seconds",
            "tts_characters_total",
            "tts_fallbacks_total",
            "tts_rejections_total",
            "tts_provider_up",
            "tts_budget_used_ratio",
            "resilience4j_circuitbreaker_state",
            "resilience4j_circuitbreaker_calls",
            "resilience4j_circuitbreaker_failure_rate",
            "resilience4j_circuitbreaker_slow_call_rate",
            "resilience4j_circuitbreaker_buffered_calls",
            "resilience4j_circuitbreaker_not_permitted_calls",
            "resilience4j_circuitbreaker_slow_calls");

    @Test
    void shouldDocumentEverySettingOfApplicationYmlInEnvExample() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Files.readString(ROOT.resolve("config/application.yml")));
        while (m.find()) {
            used.add(m.group(1));
        }

        assertThat(envExample()).containsAll(used);
        assertThat(used).containsAll(envExample());
    }

    @Test
    void shouldParseEveryManifestAndUseOnlyDocumentedVariables() throws IOException {
        Set<String> documented = envExample();
        List<Path> yamls = files(".yaml", ".yml");
        assertThat(yamls).isNotEmpty();
        for (Path file : yamls) {
            for (JsonNode document : documents(file)) {
                for (String name : envNames(document)) {
                    assertThat(documented).as(file + " sets " + name).contains(name);
                }
            }
        }
    }

    @Test
    void shouldProbeTheGatewaysHealthAndReadinessOnItsPort() throws IOException {
        JsonNode deployment =
                documents(DEPLOY.resolve("kubernetes/deployment.yaml")).get(0);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");

        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/health");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()
                        || deployment
                                .at("/spec/template/spec/securityContext/runAsNonRoot")
                                .asBoolean())
                .isTrue();
        List<Integer> ports = new ArrayList<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        assertThat(ports).contains(8080, 9090);
    }

    @Test
    void shouldKeepActuatorOnItsOwnPortThatOnlyPrometheusMayReach() throws IOException {
        JsonNode config = documents(DEPLOY.resolve("kubernetes/configmap.yaml")).get(0);
        JsonNode policy =
                documents(DEPLOY.resolve("kubernetes/networkpolicy.yaml")).get(0);
        String kustomization = Files.readString(DEPLOY.resolve("kubernetes/kustomization.yaml"));

        assertThat(config.at("/data/MANAGEMENT_PORT").asString()).isEqualTo("9090");
        assertThat(kustomization).contains("- networkpolicy.yaml");
        assertThat(policy.path("kind").asString()).isEqualTo("NetworkPolicy");
        List<JsonNode> metricsRules = new ArrayList<>();
        policy.at("/spec/ingress")
                .forEach(rule -> rule.path("ports").forEach(port -> {
                    if (port.path("port").asInt() == 9090) {
                        metricsRules.add(rule);
                    }
                }));
        assertThat(metricsRules).as("one rule admits the actuator port").hasSize(1);
        assertThat(metricsRules.get(0).path("from").size())
                .as("and only from named peers")
                .isPositive();
        metricsRules
                .get(0)
                .path("from")
                .forEach(peer -> assertThat(peer.has("podSelector") || peer.has("namespaceSelector"))
                        .isTrue());
    }

    @Test
    void shouldReadOnlyMetricsTheGatewayExports() throws IOException {
        List<Path> files = files(".yml", ".yaml", ".json");
        Set<String> referenced = new TreeSet<>();
        for (Path file : files) {
            Matcher m = METRIC.matcher(Files.readString(file));
            while (m.find()) {
                referenced.add(m.group(1).replaceAll("_(bucket|sum|count|max)$", ""));
            }
        }

        assertThat(referenced)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(METRICS).as(name).contains(name));
        assertThat(referenced)
                .contains(
                        "tts_time_to_first_byte_seconds",
                        "tts_budget_used_ratio",
                        "tts_fallbacks_total",
                        "resilience4j_circuitbreaker_state");
    }

    @Test
    void shouldParseTheDashboard() throws IOException {
        for (Path file : files(".json")) {
            JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(file));
            assertThat(dashboard.path("panels").size()).as(file.toString()).isGreaterThanOrEqualTo(8);
        }
    }

    private static Set<String> envExample() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.matches("[A-Z][A-Z0-9_]*=.*")) {
                names.add(line.substring(0, line.indexOf('=')));
            }
        }
        return names;
    }

    private static List<Path> files(String... endings) throws IOException {
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(endings).anyMatch(e -> p.toString().endsWith(e)))
                    .sorted()
                    .toList();
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> documents = new ArrayList<>();
        for (String part : Files.readString(file).split("(?m)^---\\s*$")) {
            if (!part.isBlank()) {
                documents.add(yaml.readTree(part));
            }
        }
        return documents;
    }

    /** Environment variable names a manifest sets: container env, ConfigMap and Secret data, compose environment. */
    private static Set<String> envNames(JsonNode document) {
        Set<String> names = new TreeSet<>();
        String kind = document.path("kind").asString("");
        if (kind.equals("ConfigMap")
                && !document.at("/metadata/name").asString("").endsWith("-files")) {
            document.path("data").propertyNames().forEach(names::add);
        }
        if (kind.equals("Secret")) {
            document.path("stringData").propertyNames().forEach(names::add);
            document.path("data").propertyNames().forEach(names::add);
        }
        collectContainerEnv(document, names);
        JsonNode services = document.path("services");
        services.forEach(service -> {
            JsonNode env = service.path("environment");
            if (env.isObject()) {
                env.propertyNames().forEach(names::add);
            } else if (env.isArray()) {
                env.forEach(e -> names.add(e.asString().split("=")[0]));
            }
        });
        names.removeIf(n -> !n.matches("[A-Z][A-Z0-9_]*") || n.equals("JAVA_TOOL_OPTIONS") || n.startsWith("GF_"));
        return names;
    }

    private static void collectContainerEnv(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode env = node.path("env");
            if (env.isArray() && node.has("image")) {
                env.forEach(e -> names.add(e.path("name").asString()));
            }
            node.forEach(child -> collectContainerEnv(child, names));
        } else if (node.isArray()) {
            node.forEach(child -> collectContainerEnv(child, names));
        }
    }
}
