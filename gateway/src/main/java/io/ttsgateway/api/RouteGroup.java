package io.ttsgateway.api;

import java.util.List;

/**
 * The routes of one surface, declared beside their handlers (the native API here, the compatible surfaces in
 * {@code compat}); {@link RouteTable} joins every group into the gateway's one table.
 */
@FunctionalInterface
public interface RouteGroup {

    List<Route> routes();
}
