package dev.flock.bench;

import java.util.Arrays;

/**
 * {@code java -cp ... dev.flock.bench.Main <command> [option]...}: {@code run} is {@code ./flock
 * bench} ({@link BenchRun}); the others are the tools it runs, one JVM each.
 */
public final class Main {

  private Main() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println(
          "commands: run (./flock bench --help), load, check, repair, sessions, backend, etcd,"
              + " table, profile, streams");
      System.exit(2);
    }
    if (argv[0].equals("run")) {
      System.exit(BenchRun.run(Arrays.asList(argv).subList(1, argv.length)));
    }
    Options options = Options.parse(Arrays.copyOfRange(argv, 1, argv.length));
    int status =
        switch (argv[0]) {
          case "load" -> DataSet.load(options);
          case "check" -> DataSet.check(options);
          case "repair" -> DataSet.repair(options);
          case "sessions" -> WebSessions.run(options);
          case "backend" -> BackendLoad.run(options);
          case "etcd" -> EtcdLoad.run(options);
          case "table" -> ResultsTable.run(options);
          case "profile" -> ProfileSummary.run(options);
          case "streams" -> IdleStreams.run(options);
          default -> {
            System.err.println("unknown command: " + argv[0]);
            yield 2;
          }
        };
    System.exit(status);
  }
}
