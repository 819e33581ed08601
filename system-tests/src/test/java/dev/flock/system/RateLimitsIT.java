package dev.flock.system;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate limits of a site keeping everything in memory. */
class RateLimitsIT extends RateLimits {

  @RegisterExtension static final FlockSite SITE = FlockSite.withLowLimits(false);

  RateLimitsIT(FlockSite.Running site) {
    super(site);
  }
}
