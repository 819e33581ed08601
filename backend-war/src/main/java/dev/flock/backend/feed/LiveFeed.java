package dev.flock.backend.feed;

import dev.flock.backend.graph.FollowGraph;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Post;
import dev.flock.backend.post.PostIds;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.FeedReads;
import dev.flock.backend.storage.PostWatch;
import dev.flock.core.FlockException;
import dev.flock.grpc.shutdown.GracefulShutdown;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Home feeds as they grow: each open stream is told of the new posts of the people its reader
 * follows. One {@link PostWatch} of the storage per backend instance serves every open stream (in
 * etcd, one watch however many readers), and each stream keeps only the posts of the authors its
 * reader followed when it opened: a reader who follows someone new reloads the page and opens a new
 * stream. A stream told of a post id twice tells its reader once.
 *
 * <p>A stream may end at any time: its caller's deadline, the watch breaking, the instance
 * draining. Its caller opens another with the newest post id it was told, on any instance; the new
 * stream first tells of the posts of the reader's first feed page newer than that id (a page's
 * worth at most), so posts saved between the two streams are not lost.
 */
@ApplicationScoped
public class LiveFeed {

  /** How many new post ids a stream remembers, to tell each once. */
  private static final int REMEMBERED_IDS = 256;

  private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

  /** What a stream tells its caller. Calls to one listener never overlap. */
  public interface Listener {
    void newPost(Post post);

    /** The stream is over ({@code cause} is null when this instance is draining). */
    void ended(Throwable cause);
  }

  /** An open stream; closing it (its caller has gone) tells nothing more. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private PostWatch storage;
  private FeedReads reads;
  private FollowGraph graph;
  private HomeFeed feed;
  private int maxStreams;

  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

  /** The storage's watch while one runs; guarded by {@code this}. */
  private PostWatch.Watching watching;

  protected LiveFeed() {} // for CDI proxies

  @Inject
  public LiveFeed(
      PostWatch storage,
      FeedReads reads,
      FollowGraph graph,
      HomeFeed feed,
      @ConfigProperty(name = "flock.feed.live.max-streams", defaultValue = "10000")
          int maxStreams) {
    this.storage = storage;
    this.reads = reads;
    this.graph = graph;
    this.feed = feed;
    this.maxStreams = maxStreams;
  }

  /**
   * Opens a stream of {@code reader}'s new posts, first those of their first feed page newer than
   * {@code afterPostId}. UNAUTHENTICATED once the session has ended, INVALID_ARGUMENT for an id of
   * another shape, RESOURCE_EXHAUSTED when this instance has as many streams open as it takes.
   */
  public Subscription open(Session reader, Optional<String> afterPostId, Listener listener) {
    if (afterPostId.isPresent() && !PostIds.isPostId(afterPostId.get())) {
      throw FlockException.invalid("That is not a post id.");
    }
    if (streams.size() >= maxStreams) {
      throw FlockException.tooManyAttempts(
          "Too many live feeds are open right now. Please try again later.", RETRY_WHEN_FULL);
    }
    Set<String> authors =
        Set.copyOf(
            reads
                .followingWhileSignedIn(reader, Optional.empty(), graph.maxFollowing())
                .orElseThrow(Sessions::signInAgain));
    Stream stream = new Stream(authors, afterPostId, listener);
    streams.add(stream); // before the page is read: a post saved meanwhile is told by the watch
    watchStorage();
    try {
      if (afterPostId.isPresent()) {
        feed.page(reader, PageRequest.first(PageRequest.DEFAULT_SIZE)).posts().items().stream()
            .sorted(Comparator.comparing(Post::id))
            .forEach(stream::tell);
      }
    } catch (RuntimeException e) {
      streams.remove(stream);
      throw e;
    }
    return () -> streams.remove(stream);
  }

  /** The streams open on this instance. */
  public int openStreams() {
    return streams.size();
  }

  private synchronized void watchStorage() {
    if (watching == null) {
      watching = storage.watch(new Fanout());
    }
  }

  /**
   * Ends every stream: the callers open new ones, elsewhere if this instance is going away. Only if
   * this instance ever had a stream: nothing is made while it stops.
   */
  void draining(
      @Observes(notifyObserver = Reception.IF_EXISTS) GracefulShutdown.Draining draining) {
    endAll(null);
  }

  @PreDestroy
  synchronized void stop() {
    if (watching != null) {
      watching.close();
      watching = null;
    }
    endAll(null);
  }

  private void endAll(Throwable cause) {
    for (Stream stream : List.copyOf(streams)) {
      streams.remove(stream);
      stream.end(cause);
    }
  }

  /** Hands each post the storage tells of to every open stream. */
  private final class Fanout implements PostWatch.Listener {

    @Override
    public void saved(Post post) {
      streams.forEach(stream -> stream.tell(post));
    }

    @Override
    public void ended(Throwable cause) {
      synchronized (LiveFeed.this) {
        if (watching != null) {
          watching.close();
          watching = null;
        }
      }
      endAll(cause);
    }
  }

  /** One reader's stream. */
  private static final class Stream {

    private final Set<String> authors;
    private final Optional<String> after;
    private final Listener listener;
    private final SequencedSet<String> told = new LinkedHashSet<>();

    Stream(Set<String> authors, Optional<String> after, Listener listener) {
      this.authors = authors;
      this.after = after;
      this.listener = listener;
    }

    synchronized void tell(Post post) {
      if (!authors.contains(post.author())
          || after.filter(id -> post.id().compareTo(id) <= 0).isPresent()
          || !told.add(post.id())) {
        return;
      }
      if (told.size() > REMEMBERED_IDS) {
        told.removeFirst();
      }
      listener.newPost(post);
    }

    synchronized void end(Throwable cause) {
      listener.ended(cause);
    }
  }
}
