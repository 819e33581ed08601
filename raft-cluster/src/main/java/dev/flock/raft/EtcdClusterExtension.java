package dev.flock.raft;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link EtcdCluster} for all its tests:
 *
 * <pre>{@code
 * @RegisterExtension static EtcdClusterExtension etcd = EtcdClusterExtension.withMembers(3);
 * }</pre>
 *
 * <p>The field must be static: the cluster starts before the first test and is closed after the
 * last. Tests may ask for an {@code EtcdCluster} parameter or call {@link #cluster()}. After each
 * test, members that the test killed or stopped are restarted, so every test begins with a whole,
 * healthy cluster.
 */
public final class EtcdClusterExtension
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

  private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(20);

  private final int memberCount;
  private EtcdCluster cluster;
  // @Nested classes run the class callbacks again: only the class that started the cluster closes
  // it.
  private String ownerId;

  private EtcdClusterExtension(int memberCount) {
    this.memberCount = memberCount;
  }

  public static EtcdClusterExtension withMembers(int memberCount) {
    return new EtcdClusterExtension(memberCount);
  }

  /** The running cluster; only available while the test class runs. */
  public EtcdCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException(
          "no etcd cluster: register EtcdClusterExtension on a static field with"
              + " @RegisterExtension");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (cluster == null) {
      cluster = EtcdCluster.start(memberCount);
      ownerId = context.getUniqueId();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (EtcdCluster.Member member : cluster.members()) {
      if (!member.isRunning()) {
        cluster.restart(member);
      }
    }
    cluster.awaitHealthy(HEAL_TIMEOUT);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null && context.getUniqueId().equals(ownerId)) {
      cluster.close();
      cluster = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EtcdCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster();
  }
}
