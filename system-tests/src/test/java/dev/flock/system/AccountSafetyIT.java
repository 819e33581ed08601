package dev.flock.system;

import org.junit.jupiter.api.extension.ExtendWith;

/** Account safety on the default site: one backend keeping everything in memory. */
@ExtendWith(FlockSite.class)
class AccountSafetyIT extends AccountSafety {

  AccountSafetyIT(FlockSite.Running site) {
    super(site);
  }
}
