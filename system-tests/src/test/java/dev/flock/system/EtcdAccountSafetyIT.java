package dev.flock.system;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Account safety on the replicated site: 3 etcd members, two backends. */
class EtcdAccountSafetyIT extends AccountSafety {

  @RegisterExtension static final FlockSite SITE = FlockSite.onEtcd();

  EtcdAccountSafetyIT(FlockSite.Running site) {
    super(site);
  }
}
