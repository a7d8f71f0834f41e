package io.ttsgateway.api;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Set as soon as shutdown begins (SIGTERM): {@code /ready} answers 503 from then on, so a load balancer stops sending
 * new requests while running streams finish within the grace period ({@code GATEWAY_SHUTDOWN_GRACE}).
 */
@Component
public class ShutdownState implements ApplicationListener<ContextClosedEvent> {

    private final AtomicBoolean draining = new AtomicBoolean();

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }
}
