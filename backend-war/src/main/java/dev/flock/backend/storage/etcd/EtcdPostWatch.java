package dev.flock.backend.storage.etcd;

import dev.flock.backend.storage.PostWatch;
import dev.flock.backend.storage.StorageUnavailableException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * {@link PostWatch} in etcd: a watch of the prefix of everyone's posts, whose copy of each post is
 * put in the transaction that saves it, so every post saved through any backend is told once the
 * cluster has committed it. jetcd resumes a watch that lost its member from the revision it had
 * reached; a member without a leader ends it ({@code requireLeader}) instead of leaving it silent.
 */
@ApplicationScoped
@Typed(EtcdPostWatch.class)
public class EtcdPostWatch implements PostWatch {

  private static final WatchOption PUTS_OF_POSTS =
      WatchOption.builder().isPrefix(true).withNoDelete(true).withRequireLeader(true).build();

  private Watch watches;

  protected EtcdPostWatch() {} // for CDI proxies

  @Inject
  public EtcdPostWatch(Client client) {
    this.watches = client.getWatchClient();
  }

  @Override
  public Watching watch(Listener listener) {
    Watch.Watcher watcher =
        EtcdCalls.outlivingTheCaller(
            () ->
                watches.watch(
                    KeyLayout.allEveryonesPosts(),
                    PUTS_OF_POSTS,
                    Watch.listener(
                        response ->
                            response.getEvents().stream()
                                .filter(event -> event.getEventType() == WatchEvent.EventType.PUT)
                                .forEach(
                                    event ->
                                        listener.saved(
                                            ValueFormat.post(event.getKeyValue().getValue()))),
                        listener::ended,
                        () ->
                            listener.ended(
                                new StorageUnavailableException(
                                    "etcd ended the watch of posts", null)))));
    return watcher::close;
  }
}
