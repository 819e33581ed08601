package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.PostWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** {@link PostWatch} in memory: {@link MemoryState} tells its listeners of each post it adds. */
@ApplicationScoped
@Typed(MemoryPostWatch.class)
public class MemoryPostWatch implements PostWatch {

  private MemoryState state;

  protected MemoryPostWatch() {} // for CDI proxies

  @Inject
  public MemoryPostWatch(MemoryState state) {
    this.state = state;
  }

  @Override
  public Watching watch(Listener listener) {
    state.postListeners().add(listener);
    return () -> state.postListeners().remove(listener);
  }
}
