package dev.flock.web.pages;

import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.StatusView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.management.ManagementFactory;

/** {@code /status}: the storage mode and, for etcd, the Raft cluster's members and leader. */
@Named
@RequestScoped
public class StatusPage {

  private static final String WEB_INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

  @Inject FlockBackend backend;

  private StatusView status;

  public void load() {
    status = backend.status();
  }

  public StatusView getStatus() {
    return status;
  }

  public String getWebInstance() {
    return WEB_INSTANCE;
  }
}
