package io.ttsgateway.api;

import static org.springframework.web.reactive.function.server.RequestPredicates.method;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The gateway's one route table: every group's routes, each wrapped in the {@link RouteFilter} that applies what the
 * row says (credentials, limits, metric tag, error shape). A route the table does not list does not exist: the
 * answer is 404.
 */
public final class RouteTable {

    private final List<Route> routes;

    RouteTable(List<RouteGroup> groups) {
        this.routes = groups.stream()
                .flatMap(group -> group.routes().stream())
                .sorted(Comparator.comparing(Route::pattern)
                        .thenComparing(r -> r.method().name()))
                .toList();
        Set<String> seen = new HashSet<>();
        for (Route route : routes) {
            if (!seen.add(route.method() + " " + route.pattern())) {
                throw new IllegalStateException("two routes for " + route.method() + " " + route.pattern());
            }
        }
    }

    /** Every route, for the README's table and the tests that check each row is guarded as it says. */
    public List<Route> routes() {
        return routes;
    }

    RouterFunction<ServerResponse> routerFunction(RouteFilter filter) {
        return routes.stream()
                .map(route -> RouterFunctions.route(method(route.method()).and(path(route.pattern())), route.handler())
                        .filter(filter.of(route)))
                .reduce(RouterFunction::and)
                .orElseThrow(() -> new IllegalStateException("the route table is empty"));
    }
}
