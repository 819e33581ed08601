package dev.flock.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The etcd cluster's own limits, measured with jetcd at a given number of requests in flight: PUT
 * (one key of 128 bytes), TXN (create-if-absent: compare createRevision == 0, then put a new key,
 * as Flock's creates do), RANGE (50 keys under one prefix, as a feed page reads) and GET (one key,
 * linearizable). Keys live under {@code bench/}, apart from Flock's.
 */
final class EtcdLoad {

  private static final ByteSequence VALUE = bytes("x".repeat(128));

  private EtcdLoad() {}

  /** {@code etcd --endpoints http://..,.. --op TXN --conns 64 --duration 20s [--warmup 3s]}. */
  static int run(Options options) throws Exception {
    String op = options.get("op").toUpperCase(Locale.ROOT);
    int conns = options.integer("conns", 64);
    Duration duration = options.duration("duration", "20s");
    Duration warmup = options.duration("warmup", "3s");
    try (Client client = Client.builder().endpoints(options.get("endpoints").split(",")).build()) {
      KV kv = client.getKVClient();
      for (int i = 0; i < 50; i++) {
        kv.put(bytes(String.format("bench/range/%02d", i)), VALUE).get(10, TimeUnit.SECONDS);
      }
      AtomicLong counter = new AtomicLong(System.nanoTime());
      runFor(kv, op, conns, warmup, counter);
      ProcessSample processes = ProcessSample.withDriver(options.get("pids", ""));
      processes.start();
      long start = System.nanoTime();
      LatencyRecorder recorder = runFor(kv, op, conns, duration, counter);
      System.out.print(processes.lines());
      System.out.println(recorder.line(op, conns, DataSet.seconds(System.nanoTime() - start)));
      return 0;
    }
  }

  private static LatencyRecorder runFor(
      KV kv, String op, int conns, Duration duration, AtomicLong counter)
      throws InterruptedException {
    LatencyRecorder recorder = new LatencyRecorder();
    Semaphore inFlight = new Semaphore(conns);
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long t0 = System.nanoTime();
      call(kv, op, counter.incrementAndGet())
          .whenComplete(
              (result, failure) -> {
                synchronized (recorder) {
                  if (failure == null) {
                    recorder.record(System.nanoTime() - t0);
                  } else {
                    recorder.error();
                  }
                }
                inFlight.release();
              });
    }
    inFlight.acquire(conns); // let the last ones finish
    return recorder;
  }

  private static CompletableFuture<?> call(KV kv, String op, long n) {
    return switch (op) {
      case "PUT" -> kv.put(bytes("bench/put/" + (n % 1000)), VALUE);
      case "TXN" -> {
        ByteSequence key = bytes("bench/txn/" + n);
        yield kv.txn()
            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
            .Then(Op.put(key, VALUE, PutOption.DEFAULT))
            .commit();
      }
      case "RANGE" ->
          kv.get(bytes("bench/range/"), GetOption.builder().isPrefix(true).withLimit(50).build());
      case "GET" -> kv.get(bytes("bench/range/00"));
      default -> throw new IllegalArgumentException("op must be PUT, TXN, RANGE or GET: " + op);
    };
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
