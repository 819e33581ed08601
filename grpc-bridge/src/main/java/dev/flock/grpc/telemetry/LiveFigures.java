package dev.flock.grpc.telemetry;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's {@link LastMinute} of each kind of call, for {@code /status}: pages and the calls
 * to the backend in the web tier; RPCs, storage calls and etcd calls in the backend.
 */
@ApplicationScoped
public class LiveFigures {

  public static final String PAGES = "pages";
  public static final String BACKEND_CALLS = "backend calls";
  public static final String RPCS = "rpcs";
  public static final String STORAGE = "storage";
  public static final String ETCD = "etcd";

  private final Map<String, LastMinute> windows = new ConcurrentHashMap<>();

  /** The window of {@code kind} (one of the constants), made on first use. */
  public LastMinute of(String kind) {
    return windows.computeIfAbsent(kind, ignored -> new LastMinute());
  }

  /** The figures of each kind this instance has seen, in the constants' order. */
  public Map<String, LastMinute.Figures> figures() {
    Map<String, LastMinute.Figures> figures = new LinkedHashMap<>();
    for (String kind : new String[] {PAGES, BACKEND_CALLS, RPCS, STORAGE, ETCD}) {
      LastMinute window = windows.get(kind);
      if (window != null) {
        figures.put(kind, window.figures());
      }
    }
    return figures;
  }
}
