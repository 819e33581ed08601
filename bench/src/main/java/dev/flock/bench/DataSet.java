package dev.flock.bench;

import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.Profile;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Builds a shape's data set through the backend's gRPC API, in parallel, and checks it. Order:
 * every account, then every follow, then the posts in rounds: round p publishes post p of every
 * user (in parallel), and round p+1 starts when round p is done, so each user's posts and the
 * rounds are in a fixed order. A call the backend cannot do for now is sent again ({@link
 * Retries}).
 */
final class DataSet {

  private DataSet() {}

  /** {@code load --target host:port --shape S [--threads 16]}. */
  static int load(Options options) throws Exception {
    Shape shape = Shape.of(options.get("shape"));
    int threads = options.integer("threads", 16);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Retries retries = new Retries(Duration.ofSeconds(1));
    try (Backend backend = new Backend(options.get("target"))) {
      long start = System.nanoTime();
      parallel(
          pool,
          shape.users(),
          i -> {
            retries.unlessDone(
                () -> backend.register(shape.user(i), Shape.PASSWORD),
                () -> backend.exists(shape.user(i)));
            return null;
          });
      long registered = System.nanoTime();
      List<String> tokens =
          parallel(
              pool,
              shape.users(),
              i -> retries.repeatable(() -> backend.login(shape.user(i), Shape.PASSWORD)));
      long signedIn = System.nanoTime();
      parallel(
          pool,
          shape.users(),
          i -> {
            for (int target : shape.followed(i)) {
              retries.repeatable(
                  () -> {
                    backend.follow(tokens.get(i), shape.user(target));
                    return null;
                  });
            }
            return null;
          });
      long followed = System.nanoTime();
      for (int p = 0; p < shape.posts(); p++) {
        int round = p;
        parallel(
            pool,
            shape.users(),
            i -> {
              // each user has one post on its way at a time: the count says whether it landed
              retries.unlessDone(
                  () -> backend.post(tokens.get(i), shape.text(i, round)),
                  () -> backend.profile(tokens.get(i), shape.user(i)).getPostCount() > round);
              return null;
            });
      }
      long posted = System.nanoTime();
      System.out.printf(
          "loaded shape %s (%d users, %d follows, %d posts) in %.1f s: register %.1f s, sign-in %.1f s,"
              + " follow %.1f s, post %.1f s%n",
          shape.name(),
          shape.users(),
          follows(shape),
          (long) shape.users() * shape.posts(),
          seconds(posted - start),
          seconds(registered - start),
          seconds(signedIn - registered),
          seconds(followed - signedIn),
          seconds(posted - followed));
      int problems = verify(pool, backend, shape, tokens, true);
      System.out.printf("check: %s%n", problems == 0 ? "ok" : problems + " problem(s)");
      return problems == 0 ? 0 : 1;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@code check --target host:port --shape S [--repair N]}: before a run. The follow graph must be
   * exact; posts may have grown (POST runs add some), so at least P each and a full first feed
   * page.
   */
  static int check(Options options) throws Exception {
    Shape shape = Shape.of(options.get("shape"));
    ExecutorService pool = Executors.newFixedThreadPool(options.integer("threads", 16));
    try (Backend backend = new Backend(options.get("target"))) {
      // a sample of users (all of them up to 200): signing in costs a password hash each
      int sample = Math.min(shape.users(), 200);
      int step = shape.users() / sample;
      // wrk and the drivers stop in the middle of FOLLOW pairs: undo the follows of the users they
      // drove
      int repair = Math.min(options.integer("repair", 0), shape.users());
      parallel(
          pool,
          repair,
          i -> {
            backend.unfollow(
                backend.login(shape.user(i), Shape.PASSWORD), shape.user(shape.followTarget(i)));
            return null;
          });
      List<String> tokens =
          parallel(pool, sample, j -> backend.login(shape.user(j * step), Shape.PASSWORD));
      int problems = 0;
      for (int j = 0; j < sample; j++) {
        problems += verifyUser(backend, shape, j * step, tokens.get(j), false);
      }
      System.out.printf(
          "check of shape %s (%d users sampled): %s%n",
          shape.name(), sample, problems == 0 ? "ok" : problems + " problem(s)");
      return problems == 0 ? 0 : 1;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@code repair --target host:port --sessions file}: a wrk run ends in the middle of FOLLOW
   * pairs; undo the follows of its users (with their own session tokens: the {@code flock_session}
   * cookie is the token) so that the next run starts with every pair in step.
   */
  static int repair(Options options) throws Exception {
    List<String[]> users =
        java.nio.file.Files.readAllLines(java.nio.file.Path.of(options.get("sessions"))).stream()
            .filter(line -> !line.isBlank())
            .map(line -> line.split(" "))
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Backend backend = new Backend(options.get("target"))) {
      parallel(
          pool,
          users.size(),
          i -> {
            backend.unfollow(users.get(i)[1], users.get(i)[3]);
            return null;
          });
      return 0;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int verify(
      ExecutorService pool, Backend backend, Shape shape, List<String> tokens, boolean exact)
      throws Exception {
    return parallel(pool, shape.users(), i -> verifyUser(backend, shape, i, tokens.get(i), exact))
        .stream()
        .mapToInt(Integer::intValue)
        .sum();
  }

  private static int verifyUser(Backend backend, Shape shape, int i, String token, boolean exact) {
    try {
      return verifyUserOrThrow(backend, shape, i, token, exact);
    } catch (StatusRuntimeException e) {
      // a problem to report like the others, not a reason to drop the whole check unexplained
      System.out.printf("  %s could not be checked: %s%n", shape.user(i), e.getStatus());
      return 1;
    }
  }

  private static int verifyUserOrThrow(
      Backend backend, Shape shape, int i, String token, boolean exact) {
    int problems = 0;
    String user = shape.user(i);
    Profile profile = backend.profile(token, user);
    if (profile.getFollowingCount() != shape.followed(i).size()) {
      System.out.printf(
          "  %s follows %d users, expected %d%n",
          user, profile.getFollowingCount(), shape.followed(i).size());
      problems++;
    }
    if (exact ? profile.getPostCount() != shape.posts() : profile.getPostCount() < shape.posts()) {
      System.out.printf(
          "  %s has %d posts, expected %d%n", user, profile.getPostCount(), shape.posts());
      problems++;
    }
    PostPage feed = backend.homeFeed(token, Shape.PAGE_SIZE);
    int expected = shape.firstFeedPage(i);
    if (exact ? feed.getPostsCount() != expected : feed.getPostsCount() < expected) {
      System.out.printf(
          "  %s's feed shows %d posts, expected %d%n", user, feed.getPostsCount(), expected);
      problems++;
    }
    if (exact && feed.getPostsCount() > 0) {
      // newest first: the last round's post of a followed user
      String newest = feed.getPosts(0).getText();
      if (!newest.contains("post " + String.format("%03d", shape.posts() - 1))) {
        System.out.printf("  %s's feed starts with an older post: %s%n", user, newest);
        problems++;
      }
    }
    return problems;
  }

  private static long follows(Shape shape) {
    long total = 0;
    for (int i = 0; i < shape.users(); i++) {
      total += shape.followed(i).size();
    }
    return total;
  }

  /**
   * Runs task(0..count-1) on the pool and returns the results in index order; the first failure
   * wins.
   */
  static <T> List<T> parallel(ExecutorService pool, int count, IntFunction<T> task)
      throws Exception {
    List<Future<T>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> task.apply(index)));
    }
    List<T> results = new ArrayList<>(count);
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
