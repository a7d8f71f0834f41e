package io.ttsgateway.streaminput;

import static org.springframework.http.HttpMethod.GET;

import io.ttsgateway.api.ApiProperties;
import io.ttsgateway.api.ErrorShape;
import io.ttsgateway.api.Route;
import io.ttsgateway.api.RouteGroup;
import io.ttsgateway.api.SegmentSynthesis;
import io.ttsgateway.api.ShutdownState;
import io.ttsgateway.auth.Authenticator;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.limits.SynthesisAdmission;
import io.ttsgateway.observability.RequestRecorder;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.ObjectMapper;

/** ElevenLabs' WebSocket for text written while it is spoken (API.md §8), in the one route table. */
@Configuration(proxyBeanMethods = false)
class StreamInputRoutes {

    @Bean
    RouteGroup streamInputRouteGroup(
            SegmentSynthesis segments,
            Authenticator authenticator,
            SynthesisAdmission admission,
            CharacterBudgets budgets,
            RequestRecorder recorder,
            ObjectMapper json,
            ApiProperties api,
            ShutdownState shutdown) {
        StreamInput deps = new StreamInput(
                segments, authenticator, admission, budgets, recorder, json, api.maxTextChars(), shutdown::draining);
        // Frames up to 1 MiB, a message of several frames up to the same; a larger one closes the socket with 1009.
        HandshakeWebSocketService sockets = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(StreamInput.MAX_FRAME_BYTES)));
        StreamInputHandler handler = new StreamInputHandler(deps, sockets);
        return () -> List.of(new Route(
                GET,
                "/v1/text-to-speech/{voice_id}/stream-input",
                Conversation.ENDPOINT,
                ErrorShape.ELEVENLABS,
                Route.Credentials.KEY_TOKEN_OR_FIRST_MESSAGE,
                true,
                handler::upgrade));
    }
}
