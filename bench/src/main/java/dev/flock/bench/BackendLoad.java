package dev.flock.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The gRPC backend alone, without pages: N callers, each its own signed-in user, repeat one
 * operation for a duration (after an untimed warm-up), so that backend cost and page cost can be
 * told apart. Operations: FEED (HomeFeed, 20 per page), EXPLORE (Explore, 20 per page), LIKE
 * (LikePost then UnlikePost of the follow target's newest post, each call counted), POST
 * (CreatePost, 100 characters), REPLY (CreatePost answering the follow target's newest post), LOGIN
 * (Login: one PBKDF2 hash), FOLLOW (Follow then Unfollow of the same user, each call counted).
 */
final class BackendLoad {

  private BackendLoad() {}

  /**
   * {@code backend --target host:port --shape S --op FEED --conns 16 --duration 20s [--warmup 5s]}.
   */
  static int run(Options options) throws Exception {
    Shape shape = Shape.of(options.get("shape"));
    String op = options.get("op").toUpperCase(Locale.ROOT);
    int conns = options.integer("conns", 16);
    Duration duration = options.duration("duration", "20s");
    Duration warmup = options.duration("warmup", "5s");
    ExecutorService pool = Executors.newFixedThreadPool(conns);
    try (Backend backend = new Backend(options.get("target"))) {
      List<String> tokens =
          DataSet.parallel(pool, conns, i -> backend.login(shape.user(i), Shape.PASSWORD));
      runFor(pool, backend, shape, op, tokens, warmup);
      ProcessSample processes = ProcessSample.withDriver(options.get("pids", ""));
      processes.start();
      long start = System.nanoTime();
      LatencyRecorder total = runFor(pool, backend, shape, op, tokens, duration);
      double seconds = DataSet.seconds(System.nanoTime() - start);
      System.out.print(processes.lines());
      System.out.println(total.line(op, conns, seconds));
      return 0;
    } finally {
      pool.shutdownNow();
    }
  }

  private static LatencyRecorder runFor(
      ExecutorService pool,
      Backend backend,
      Shape shape,
      String op,
      List<String> tokens,
      Duration duration)
      throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    List<LatencyRecorder> parts =
        DataSet.parallel(
            pool,
            tokens.size(),
            i -> {
              LatencyRecorder recorder = new LatencyRecorder();
              String token = tokens.get(i);
              // the same target as the wrk scripts: the next user, whom nobody follows in any shape
              String target = shape.user(shape.followTarget(i));
              String text = shape.text(i, 999);
              String liked =
                  Set.of("LIKE", "REPLY").contains(op) ? backend.newestPostOf(target) : "";
              boolean follow = true;
              while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                  switch (op) {
                    case "FEED" -> backend.homeFeed(token, Shape.PAGE_SIZE);
                    case "EXPLORE" -> backend.explore(token, Shape.PAGE_SIZE);
                    case "POST" -> backend.post(token, text);
                    case "REPLY" -> backend.reply(token, liked, text);
                    case "LOGIN" -> backend.login(shape.user(i), Shape.PASSWORD);
                    case "LIKE" -> {
                      if (follow) {
                        backend.like(token, liked);
                      } else {
                        backend.unlike(token, liked);
                      }
                      follow = !follow;
                    }
                    case "FOLLOW" -> {
                      if (follow) {
                        backend.follow(token, target);
                      } else {
                        backend.unfollow(token, target);
                      }
                      follow = !follow;
                    }
                    default ->
                        throw new IllegalArgumentException(
                            "op must be FEED, EXPLORE, POST, REPLY, LOGIN, FOLLOW or LIKE: " + op);
                  }
                  recorder.record(System.nanoTime() - t0);
                } catch (io.grpc.StatusRuntimeException e) {
                  recorder.error();
                }
              }
              if (!follow && op.equals("FOLLOW")) {
                backend.unfollow(token, target); // leave the graph as it was
              } else if (!follow) {
                backend.unlike(token, liked);
              }
              return recorder;
            });
    LatencyRecorder total = new LatencyRecorder();
    parts.forEach(total::add);
    return total;
  }
}
