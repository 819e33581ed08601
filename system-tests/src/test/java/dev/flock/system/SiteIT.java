package dev.flock.system;

import org.junit.jupiter.api.extension.ExtendWith;

/** The walk-through on the default site: one backend keeping everything in memory. */
@ExtendWith(FlockSite.class)
class SiteIT extends SiteWalkThrough {

  SiteIT(FlockSite.Running site) {
    super(site);
  }
}
