package dev.flock.system;

import org.junit.jupiter.api.extension.ExtendWith;

/** The attacks on the default site: one backend keeping everything in memory. */
@ExtendWith(FlockSite.class)
class HostileRequestsIT extends HostileRequests {

  HostileRequestsIT(FlockSite.Running site) {
    super(site);
  }
}
