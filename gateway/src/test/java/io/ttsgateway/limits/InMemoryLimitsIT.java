package io.ttsgateway.limits;

/** {@link LimitsHttpContract} with limits in memory: the embedded default. */
class InMemoryLimitsIT extends LimitsHttpContract {}
