package io.ttsgateway.auth;

import java.io.PrintStream;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Prints the development client's key once, with a ready {@code curl} line and the page's address, to standard output
 * only: the one place a key is ever printed (API.md §3). Never through a logger, so log shipping never carries it.
 */
@Component
class DevKeyAnnouncer implements ApplicationListener<WebServerInitializedEvent> {

    private final ClientRegistry registry;

    DevKeyAnnouncer(ClientRegistry registry) {
        this.registry = registry;
    }

    /**
     * Printed as the server starts, the first moment its port is known (it may be chosen at random), rather than
     * once the whole application is ready: no request is answered before the key that makes it is on the console.
     */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            registry.developmentKey()
                    .ifPresent(key -> announce(
                            System.out,
                            key,
                            Integer.toString(event.getWebServer().getPort())));
        }
    }

    static void announce(PrintStream out, String key, String port) {
        String base = "http://localhost:" + port;
        out.println();
        out.println("tts-gateway: no clients are configured, so a development client was created.");
        out.println("  key (shown once):  " + key);
        out.println("  try it:            curl -sS -X POST " + base + "/v1/tts -H 'Authorization: Bearer " + key
                + "' -H 'Content-Type: application/json' -d '{\"text\":\"Hello from the gateway.\"}' -o hello.mp3");
        // The key travels in the fragment, which browsers never send to a server.
        out.println("  page:              " + base + "/#key=" + key);
        out.println("  production: list clients in config/clients.yml (java -jar tts-gateway.jar keygen).");
        out.println();
        out.flush();
    }
}
