package dev.flock.web.live;

import dev.flock.core.FlockException;
import dev.flock.grpc.shutdown.GracefulShutdown;
import dev.flock.web.backend.FlockBackend;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live streams this instance holds open, each joining a browser's event stream to a backend's
 * {@code WatchHomeFeed}: at most {@code flock.web.live.max-streams} (more are refused with 503 and
 * {@code Retry-After}), each for about {@code flock.web.live.lifetime-seconds} (± 20 %, so that the
 * browsers of a busy minute do not all come back in the same second), with a comment every {@value
 * #HEARTBEAT_SECONDS} s: it keeps proxies from timing the stream out and finds the browsers that
 * have gone. Either end stopping stops the other.
 */
@ApplicationScoped
public class LiveStreams {

  private static final Logger LOG = Logger.getLogger(LiveStreams.class.getName());

  /** Under the load balancer's 30 s idle timeout (docker/lb/haproxy.cfg). */
  static final int HEARTBEAT_SECONDS = 15;

  /** How long a browser waits before it opens the next stream, once one has ended. */
  private static final long RECONNECT_MILLIS = 1_000;

  private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

  @Inject
  @ConfigProperty(name = "flock.web.live.max-streams", defaultValue = "2000")
  int maxStreams;

  @Inject
  @ConfigProperty(name = "flock.web.live.lifetime-seconds", defaultValue = "300")
  int lifetimeSeconds;

  @Inject FlockBackend backend;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<Stream> open = ConcurrentHashMap.newKeySet();
  private Semaphore places;
  private ScheduledFuture<?> heartbeat;

  @PostConstruct
  void start() {
    places = new Semaphore(maxStreams);
    heartbeat =
        scheduler.scheduleAtFixedRate(
            this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Answers with a stream of {@code token}'s new posts after {@code afterPostId};
   * RESOURCE_EXHAUSTED when this instance holds as many streams as it takes.
   */
  void open(String token, Optional<String> afterPostId, SseEventSink sink, Sse sse) {
    if (!places.tryAcquire()) {
      throw FlockException.tooManyAttempts(
          "Too many live feeds are open here right now. Please try again later.", RETRY_WHEN_FULL);
    }
    Stream stream = new Stream(sink, sse);
    open.add(stream);
    stream.send(sse.newEventBuilder().comment("live").reconnectDelay(RECONNECT_MILLIS).build());
    try {
      stream.call = watch(token, afterPostId, stream, sse);
    } catch (RuntimeException failure) {
      // e.g. the channel is shutting down: the stream ends, and the browser comes back later
      LOG.fine(() -> "A live stream could not open: " + failure);
      stream.close();
      return;
    }
    if (stream.closed.get()) {
      stream.call.run(); // it ended while the call was being opened
    }
  }

  private Runnable watch(String token, Optional<String> afterPostId, Stream stream, Sse sse) {
    return backend.watchHomeFeed(
        token,
        afterPostId,
        lifetime(),
        new FlockBackend.NewPosts() {
          @Override
          public void told(String postId, String author) {
            stream.send(sse.newEventBuilder().name("post").id(postId).data(author).build());
          }

          @Override
          public void ended(Throwable failure) {
            if (failure != null) {
              LOG.fine(() -> "A live stream ended: " + failure);
            }
            stream.close();
          }
        });
  }

  /** The streams open now. */
  public int openStreams() {
    return open.size();
  }

  private Duration lifetime() {
    long millis = lifetimeSeconds * 1000L;
    return Duration.ofMillis(
        ThreadLocalRandom.current().nextLong(millis * 8 / 10, millis * 12 / 10));
  }

  private void beat() {
    open.forEach(stream -> stream.send(stream.sse.newEventBuilder().comment("").build()));
  }

  /**
   * This instance is going away: its browsers reconnect now, to the instances staying. Only if it
   * ever held a stream: made while stopping, this bean would start its heartbeat from the signal's
   * thread, which the container refuses (and that failed the whole drain).
   */
  void draining(
      @Observes(notifyObserver = Reception.IF_EXISTS) GracefulShutdown.Draining draining) {
    closeAll();
  }

  @PreDestroy
  void stop() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    closeAll();
  }

  private void closeAll() {
    List.copyOf(open).forEach(Stream::close);
  }

  /** One browser's stream. */
  private final class Stream {

    private final SseEventSink sink;
    private final Sse sse;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable call = () -> {};

    Stream(SseEventSink sink, Sse sse) {
      this.sink = sink;
      this.sse = sse;
    }

    void send(OutboundSseEvent event) {
      if (closed.get() || sink.isClosed()) {
        close();
        return;
      }
      sink.send(event)
          .whenComplete(
              (sent, failure) -> {
                if (failure != null) {
                  close(); // the browser has gone
                }
              });
    }

    void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      open.remove(this);
      places.release();
      call.run();
      try {
        sink.close();
      } catch (IOException | RuntimeException e) {
        LOG.fine(() -> "Closing a live stream: " + e);
      }
    }
  }
}
