package dev.flock.backend.storage.etcd;

import dev.flock.backend.storage.AttemptStore;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AttemptStore} in etcd: one key per attempt, {@code attempts/<subject>/<time>-<id>}.
 *
 * <p>Why a limit holds across any number of backends: an attempt is written and its subject's
 * recent attempts counted in one transaction, so each attempt sees every attempt committed before
 * it and itself. The {@code max} first of a window see a count up to {@code max} and go ahead; any
 * later one sees more, is refused and deletes its key. A cheap read of the local member first,
 * confirmed by a linearizable read (that member may not have seen a forget yet), refuses without
 * writing once a subject is over its limit, so a flood of refused attempts costs reads, not Raft
 * writes.
 *
 * <p>Keys expire with a lease shared by all attempts of one window length made in one period of
 * that length, granted for two periods: each key lives at least one window, and a backend grants
 * one lease per window length and period, not one per attempt.
 */
@ApplicationScoped
@Typed(EtcdAttemptStore.class)
@StorageCall
public class EtcdAttemptStore implements AttemptStore {

  private static final ByteSequence NOTHING = ByteSequence.EMPTY;

  private record PeriodLease(long period, long id) {}

  private final Map<Duration, PeriodLease> leasesByWindow = new ConcurrentHashMap<>();
  private KV kv;
  private Lease leases;
  private EtcdCalls calls;

  protected EtcdAttemptStore() {} // for CDI proxies

  @Inject
  public EtcdAttemptStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.leases = client.getLeaseClient();
    this.calls = calls;
  }

  @Override
  public Optional<Instant> record(String subject, Attempt attempt, int max, Duration window) {
    KeyLayout.Range recent = KeyLayout.attemptsAfter(subject, attempt.at().minus(window));
    GetResponse seen = attempts(subject, recent, true);
    if (seen.getCount() >= max) {
      // The member's own copy may not have seen a forget or an expiry yet: refuse on what the
      // cluster says, a read still, never a write.
      seen = attempts(subject, recent, false);
      if (seen.getCount() >= max) {
        return Optional.of(nextChance(seen, window));
      }
    }
    ByteSequence key = KeyLayout.attempt(subject, attempt.at(), attempt.id());
    long lease = leaseFor(window, attempt.at());
    GetResponse counted =
        calls
            .await(
                "record attempt of " + subject,
                () ->
                    kv.txn()
                        .Then(
                            Op.put(key, NOTHING, PutOption.builder().withLeaseId(lease).build()),
                            Op.get(recent.start(), oldestAndCount(recent).build()))
                        .commit())
            .getGetResponses()
            .get(0);
    if (counted.getCount() <= max) {
      return Optional.empty();
    }
    calls.await("forget refused attempt of " + subject, () -> kv.delete(key));
    return Optional.of(nextChance(counted, window));
  }

  /**
   * The oldest of the attempts in {@code recent} and their count, from one member if serializable.
   */
  private GetResponse attempts(String subject, KeyLayout.Range recent, boolean serializable) {
    return calls.await(
        "attempts of " + subject,
        () ->
            kv.get(recent.start(), oldestAndCount(recent).withSerializable(serializable).build()));
  }

  @Override
  public void forget(String subject, Attempt attempt) {
    ByteSequence key = KeyLayout.attempt(subject, attempt.at(), attempt.id());
    calls.await("forget attempt of " + subject, () -> kv.delete(key));
  }

  @Override
  public boolean anyAfter(String subject, Instant since) {
    KeyLayout.Range after = KeyLayout.attemptsAfter(subject, since);
    return calls
            .await(
                "attempts of " + subject,
                () -> kv.get(after.start(), oldestAndCount(after).withSerializable(true).build()))
            .getCount()
        > 0;
  }

  @Override
  public void forgetAll(String subject) {
    KeyLayout.Range all = KeyLayout.attemptsAfter(subject, Instant.EPOCH.minusMillis(1));
    calls.await(
        "forget attempts of " + subject,
        () -> kv.delete(all.start(), DeleteOption.builder().withRange(all.end()).build()));
  }

  /** The oldest key of the range, and how many it holds (etcd counts past the limit of 1). */
  private static GetOption.Builder oldestAndCount(KeyLayout.Range range) {
    return GetOption.builder().withRange(range.end()).withKeysOnly(true).withLimit(1);
  }

  /** When the oldest attempt counted leaves the window: one attempt can be made again then. */
  private static Instant nextChance(GetResponse oldestFirst, Duration window) {
    return oldestFirst.getKvs().isEmpty()
        ? Instant.now().plus(window)
        : KeyLayout.attemptTime(oldestFirst.getKvs().get(0).getKey()).plus(window);
  }

  /** The lease of attempts made at {@code at} with this window, granted once per period. */
  private long leaseFor(Duration window, Instant at) {
    long period = at.toEpochMilli() / Math.max(1, window.toMillis());
    PeriodLease current = leasesByWindow.get(window);
    if (current != null && current.period() == period) {
      return current.id();
    }
    long ttlSeconds = 2 * Math.max(1, window.toSeconds()) + 1;
    long id = calls.await("grant attempts lease", () -> leases.grant(ttlSeconds)).getID();
    leasesByWindow.put(window, new PeriodLease(period, id));
    return id;
  }
}
