package dev.flock.web.pages;

import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.StatusView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code /status}: the storage mode and, for etcd, the Raft cluster's members and leader. */
@Named
@RequestScoped
public class StatusPage {

  private static final String WEB_INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

  @Inject FlockBackend backend;

  /** Whether the page names the processes and hosts that answered: off unless configured. */
  @Inject
  @ConfigProperty(name = "flock.status.show-instances", defaultValue = "false")
  boolean showInstances;

  private StatusView status;

  public void load() {
    status = backend.status();
  }

  public StatusView getStatus() {
    return status;
  }

  /** This web instance's process id and host, or null when they are not shown. */
  public String getWebInstance() {
    return showInstances ? WEB_INSTANCE : null;
  }
}
