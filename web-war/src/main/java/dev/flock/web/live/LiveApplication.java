package dev.flock.web.live;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The web tier's only JAX-RS resources, under {@code /live}; the pages are Faces views. */
@ApplicationPath("live")
public class LiveApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(HomeFeedEvents.class, LiveRefusals.class);
  }

  /** No generated description of the resources (/live/application.wadl): nobody needs it. */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
