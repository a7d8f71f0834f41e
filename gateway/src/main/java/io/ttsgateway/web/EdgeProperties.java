package io.ttsgateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP edge.
 *
 * @param keepAliveWorkaround {@code GATEWAY_KEEPALIVE_WORKAROUND}: dispatch each exchange one event-loop task later,
 *     working around reactor-netty issue 4361 (see {@link DeferredDispatchFilter}); on unless the dependency is fixed
 */
@ConfigurationProperties("gateway.web")
record EdgeProperties(@DefaultValue("true") boolean keepAliveWorkaround) {}
