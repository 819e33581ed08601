package dev.flock.backend.limits;

import dev.flock.backend.storage.AttemptStore;
import dev.flock.backend.storage.AttemptStore.Attempt;
import dev.flock.core.FlockException;
import dev.flock.core.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * The rate limits of {@link RateLimit}, counted in the storage's {@link AttemptStore} so that all
 * backends share them. Over a limit, a call fails with RESOURCE_EXHAUSTED carrying when to try
 * again; nothing of it is done.
 */
@ApplicationScoped
public class RateLimits {

  /** How long a browser an account signed in from stays known to it (after that sign-in). */
  public static final Duration KNOWN_DEVICE_FOR = Duration.ofDays(365);

  private AttemptStore attempts;
  private Clock clock;
  private Map<RateLimit, RateLimit.Rule> rules;

  protected RateLimits() {} // for CDI proxies

  @Inject
  public RateLimits(AttemptStore attempts, Clock clock, Config config) {
    this(attempts, clock, rulesOf(config));
  }

  public RateLimits(AttemptStore attempts, Clock clock, Map<RateLimit, RateLimit.Rule> rules) {
    this.attempts = attempts;
    this.clock = clock;
    this.rules = new EnumMap<>(RateLimit.class);
    for (RateLimit limit : RateLimit.values()) {
      this.rules.put(
          limit,
          rules.getOrDefault(limit, new RateLimit.Rule(limit.defaultMax(), limit.defaultWindow())));
    }
  }

  /** Each limit as configured, or its default. */
  static Map<RateLimit, RateLimit.Rule> rulesOf(Config config) {
    Map<RateLimit, RateLimit.Rule> rules = new EnumMap<>(RateLimit.class);
    for (RateLimit limit : RateLimit.values()) {
      String prefix = "flock.limits." + limit.configName();
      int max = config.getOptionalValue(prefix + ".max", Integer.class).orElse(limit.defaultMax());
      Duration window =
          config
              .getOptionalValue(prefix + ".window-seconds", Long.class)
              .map(Duration::ofSeconds)
              .orElse(limit.defaultWindow());
      rules.put(limit, new RateLimit.Rule(max, window));
    }
    return rules;
  }

  /** The limit's setting in force. */
  public RateLimit.Rule rule(RateLimit limit) {
    return rules.get(limit);
  }

  /** Counts a sign-up from {@code address} (none: a tool of ours calling directly). */
  public void signUp(Optional<String> address) {
    address.ifPresent(from -> count(RateLimit.SIGN_UPS_PER_ADDRESS, from));
  }

  public void post(String username) {
    count(RateLimit.POSTS_PER_ACCOUNT, username);
  }

  public void follow(String username) {
    count(RateLimit.FOLLOWS_PER_ACCOUNT, username);
  }

  public void like(String username) {
    count(RateLimit.LIKES_PER_ACCOUNT, username);
  }

  /**
   * Runs a sign-in of {@code username} from {@code address}, in a browser with the device token
   * {@code device}. It is counted as an attempt before the password is checked, so concurrent
   * guesses cannot slip past the limit, and forgotten again unless the password was wrong: only
   * failures count. A success also clears the account's failures (its owner got in), but not the
   * address's: one account of their own must not let anybody go on guessing others' passwords.
   *
   * <p>The account's limit does not apply in a browser this account has signed in from before (its
   * device token is known for {@link #KNOWN_DEVICE_FOR}): however long strangers go on guessing the
   * password, its owner gets in where they usually do (OWASP's "device cookies").
   */
  public <T> T signIn(
      String username,
      Optional<String> address,
      Optional<String> device,
      Supplier<T> authenticate) {
    // A name longer than any account's has no account to guard, and is not stored as a key.
    boolean anAccountsName = username.length() <= Limits.USERNAME_MAX_LENGTH;
    Optional<String> deviceSubject =
        device.filter(token -> anAccountsName).map(token -> knownDevice(username, token));
    boolean known =
        deviceSubject
            .map(subject -> attempts.anyAfter(subject, clock.instant().minus(KNOWN_DEVICE_FOR)))
            .orElse(false);
    List<Counted> counted = new ArrayList<>();
    try {
      address.ifPresent(from -> counted.add(count(RateLimit.SIGN_IN_FAILURES_PER_ADDRESS, from)));
      if (!known && anAccountsName) {
        counted.add(count(RateLimit.SIGN_IN_FAILURES_PER_ACCOUNT, username));
      }
    } catch (FlockException refused) {
      counted.forEach(this::forget);
      throw refused;
    }
    try {
      T signedIn = authenticate.get();
      counted.forEach(this::forget);
      if (anAccountsName) {
        attempts.forgetAll(subject(RateLimit.SIGN_IN_FAILURES_PER_ACCOUNT, username));
      }
      if (!known) {
        deviceSubject.ifPresent(
            subject ->
                attempts.record(
                    subject,
                    new Attempt(newId(), clock.instant()),
                    Integer.MAX_VALUE,
                    KNOWN_DEVICE_FOR));
      }
      return signedIn;
    } catch (FlockException failure) {
      if (failure.reason() != FlockException.Reason.UNAUTHENTICATED) {
        counted.forEach(this::forget); // not a wrong password: the storage failed
      }
      throw failure;
    }
  }

  /** An account's sign-in from a browser: a hash of its device token, never the token itself. */
  private static String knownDevice(String username, String device) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(device.getBytes(StandardCharsets.UTF_8));
      return "known-device:" + username + ":" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private record Counted(String subject, Attempt attempt) {}

  private Counted count(RateLimit limit, String who) {
    RateLimit.Rule rule = rules.get(limit);
    Instant now = clock.instant();
    String subject = subject(limit, who);
    Attempt attempt = new Attempt(newId(), now);
    Optional<Instant> blocked = attempts.record(subject, attempt, rule.max(), rule.window());
    if (blocked.isPresent()) {
      Duration wait = Duration.between(now, blocked.get());
      Duration retryAfter = wait.isNegative() ? Duration.ofSeconds(1) : wait;
      throw FlockException.tooManyAttempts(
          limit.reason() + " Please try again " + inWords(retryAfter) + ".", retryAfter);
    }
    return new Counted(subject, attempt);
  }

  private static String subject(RateLimit limit, String who) {
    return limit.configName() + ":" + who.replace('/', '_');
  }

  private void forget(Counted counted) {
    attempts.forget(counted.subject(), counted.attempt());
  }

  /** "in 40 seconds", "in 5 minutes", "in 3 hours": rounded up, as people say it. */
  static String inWords(Duration wait) {
    long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    if (seconds < 60) {
      return "in " + seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = (seconds + 59) / 60;
    if (minutes < 120) {
      return "in " + minutes + (minutes == 1 ? " minute" : " minutes");
    }
    long hours = (minutes + 59) / 60;
    return "in " + hours + " hours";
  }

  private static String newId() {
    byte[] id = new byte[8];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
