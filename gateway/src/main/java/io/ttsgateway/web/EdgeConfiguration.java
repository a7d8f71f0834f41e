package io.ttsgateway.web;

import io.ttsgateway.api.ErrorAnswerFilter;
import io.ttsgateway.api.ProblemRenderer;
import io.ttsgateway.auth.ClientsProperties;
import io.ttsgateway.observability.RequestRecorder;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The edge: the server's connection defences, and the filters, each in its place of {@link FilterOrder}. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    @Bean
    EdgeServerCustomizer edgeServerCustomizer(EdgeProperties properties) {
        return new EdgeServerCustomizer(properties);
    }

    @Bean
    OrderedFilter requestIdFilter() {
        return new OrderedFilter(FilterOrder.REQUEST_ID, new RequestIdFilter());
    }

    @Bean
    OrderedFilter securityHeadersFilter() {
        return new OrderedFilter(FilterOrder.SECURITY_HEADERS, new SecurityHeadersFilter());
    }

    @Bean
    OrderedFilter exchangeEndFilter() {
        return new OrderedFilter(FilterOrder.EXCHANGE_END, new ExchangeEndFilter());
    }

    @Bean
    OrderedFilter telemetryFilter(RequestRecorder recorder) {
        return new OrderedFilter(FilterOrder.TELEMETRY, new TelemetryFilter(recorder));
    }

    @Bean
    OrderedFilter errorAnswerFilter(ProblemRenderer renderer) {
        return new OrderedFilter(FilterOrder.ERROR_ANSWERS, new ErrorAnswerFilter(renderer));
    }

    @Bean
    OrderedFilter framingFilter() {
        return new OrderedFilter(FilterOrder.FRAMING, new FramingFilter());
    }

    @Bean
    OrderedFilter pathGuardFilter() {
        return new OrderedFilter(FilterOrder.PATH_GUARD, new PathGuardFilter());
    }

    /** Requests the server cannot decode are logged without anything the caller wrote (API.md §10). */
    @Bean
    NettyServerCustomizer decodingFailureLog() {
        return server -> server.httpMessageLogFactory(DecodingFailureLog.INSTANCE);
    }

    @Bean
    OrderedFilter corsFilter(ClientsProperties clients) {
        return new OrderedFilter(FilterOrder.CORS, CorsPolicy.filter(clients.corsOrigins()));
    }

    @Bean
    OrderedFilter writeGateFilter() {
        return new OrderedFilter(FilterOrder.WRITE_GATE, new WriteGateFilter());
    }
}
