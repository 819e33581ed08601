package dev.flock.web.pages;

import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.StatusView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /status}: the storage mode and, for etcd, the Raft cluster's members and leader; and the
 * last minute of this web instance and of the backend that answered, drawn ({@link LiveChart}).
 */
@Named
@RequestScoped
public class StatusPage {

  private static final String WEB_INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

  @Inject FlockBackend backend;

  @Inject LiveFigures liveFigures;

  /** Whether the page names the processes and hosts that answered: off unless configured. */
  @Inject
  @ConfigProperty(name = "flock.status.show-instances")
  boolean showInstances;

  private StatusView status;

  public void load() {
    status = backend.status();
  }

  public StatusView getStatus() {
    return status;
  }

  /** This web instance's pages and backend calls, then the answering backend's calls. */
  public List<LiveChart> getCharts() {
    List<LiveChart> charts = new ArrayList<>();
    liveFigures
        .figures()
        .forEach((kind, figures) -> charts.add(LiveChart.of("web", kind, figures)));
    status.live().forEach((kind, figures) -> charts.add(LiveChart.of("backend", kind, figures)));
    return charts;
  }

  /** This web instance's process id and host, or null when they are not shown. */
  public String getWebInstance() {
    return showInstances ? WEB_INSTANCE : null;
  }
}
