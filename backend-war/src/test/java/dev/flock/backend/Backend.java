package dev.flock.backend;

import dev.flock.backend.account.AccountDeletion;
import dev.flock.backend.account.Accounts;
import dev.flock.backend.account.PasswordHashing;
import dev.flock.backend.account.Registration;
import dev.flock.backend.account.UserDirectory;
import dev.flock.backend.feed.HomeFeed;
import dev.flock.backend.feed.LiveFeed;
import dev.flock.backend.graph.FollowGraph;
import dev.flock.backend.like.PostLikes;
import dev.flock.backend.limits.RateLimits;
import dev.flock.backend.post.PostIds;
import dev.flock.backend.post.Posts;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.Stores;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.glassfish.soteria.identitystores.hash.Pbkdf2PasswordHashImpl;

/**
 * The backend's domain services wired by hand over one storage (in memory unless given), as CDI
 * wires them in production, with a {@link ManualClock} and a cheap password hash so tests stay
 * fast.
 */
public final class Backend {

  /** The least Jakarta Security's PBKDF2 accepts: fast tests, far below production's 100,000. */
  public static final int TEST_ITERATIONS = 1024;

  public static final long SESSION_TTL_SECONDS = 3600;

  /** The most live feed streams open at once. */
  public static final int LIVE_STREAMS = 3;

  /** The password {@link #register} gives every user. */
  public static final String PASSWORD = "correct horse";

  private static final Validator VALIDATOR =
      Validation.buildDefaultValidatorFactory().getValidator();

  public final ManualClock clock;
  public final Stores stores;
  public final PasswordHashing passwords =
      new PasswordHashing(new Pbkdf2PasswordHashImpl(), TEST_ITERATIONS);
  public final Accounts accounts;
  public final Sessions sessions;
  public final FollowGraph graph;
  public final PostIds postIds;
  public final Posts posts;
  public final PostLikes likes;
  public final HomeFeed feed;
  public final LiveFeed live;
  public final UserDirectory directory;
  public final RateLimits limits;
  public final AccountDeletion deletion;

  /** Over a fresh in-memory storage. */
  public Backend() {
    this(ManualClock.startingNow(), Stores::inMemory);
  }

  /** Over the storage {@code storage} makes with {@code clock}. */
  public Backend(ManualClock clock, Function<Clock, Stores> storage) {
    this.clock = clock;
    stores = storage.apply(clock);
    accounts = new Accounts(stores.accounts(), passwords, VALIDATOR, clock);
    sessions = new Sessions(stores.sessions(), clock, SESSION_TTL_SECONDS);
    graph =
        new FollowGraph(
            stores.follows(), stores.followReads(), accounts, FollowGraph.MAX_FOLLOWING);
    postIds = new PostIds(clock);
    posts = new Posts(stores.posts(), accounts, postIds, VALIDATOR);
    likes = new PostLikes(stores.likes(), stores.posts(), accounts);
    feed = new HomeFeed(stores.feed(), OpenTelemetry.noop());
    live = new LiveFeed(stores.postWatch(), stores.feed(), graph, feed, LIVE_STREAMS);
    directory =
        new UserDirectory(stores.accounts(), stores.follows(), stores.posts(), accounts, graph);
    limits = new RateLimits(stores.attempts(), clock, Map.of());
    deletion =
        new AccountDeletion(
            accounts,
            stores.accounts(),
            stores.follows(),
            stores.posts(),
            stores.likes(),
            sessions);
  }

  /** Registers {@code username} with a valid password. */
  public void register(String username) {
    accounts.register(new Registration(username, PASSWORD));
  }

  /** A session of {@code username}, as the backend finds it for a signed-in call. */
  public Session signIn(String username) {
    return sessions.signedIn(Optional.of(sessions.issue(username).token()));
  }

  public static Validator validator() {
    return VALIDATOR;
  }
}
