package dev.flock.system;

import net.jqwik.api.PropertyDefaults;

/**
 * {@link FuzzIT}'s properties on the replicated site (a 3-member etcd cluster, two backends, two
 * web instances), with 1,000 values in each field from the same generators and seed. What the site
 * refuses, it refuses before any storage, which FuzzIT shows in memory with 10,000 values; here,
 * what it takes (any Unicode in a post, a name, a tag or a cursor) goes through etcd's keys and
 * values and back.
 */
@PropertyDefaults(tries = EtcdFuzzIT.TRIES)
class EtcdFuzzIT extends FuzzIT {

  static final int TRIES = 1_000 / BATCH;

  @Override
  FlockSite.Running site() {
    return FlockSite.sharedOnEtcd();
  }
}
