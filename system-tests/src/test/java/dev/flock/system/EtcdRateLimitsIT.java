package dev.flock.system;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rate limits on etcd: the web instance spreads its calls over two backends, so the attempts of
 * each test are counted by both, and each limit still holds at its number.
 */
class EtcdRateLimitsIT extends RateLimits {

  @RegisterExtension static final FlockSite SITE = FlockSite.withLowLimits(true);

  EtcdRateLimitsIT(FlockSite.Running site) {
    super(site);
  }
}
