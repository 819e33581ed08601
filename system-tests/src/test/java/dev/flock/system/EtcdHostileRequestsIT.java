package dev.flock.system;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attacks on the replicated site: 3 etcd members, two backends (the one boot EtcdSiteIT uses).
 */
class EtcdHostileRequestsIT extends HostileRequests {

  @RegisterExtension static final FlockSite SITE = FlockSite.onEtcd();

  EtcdHostileRequestsIT(FlockSite.Running site) {
    super(site);
  }
}
