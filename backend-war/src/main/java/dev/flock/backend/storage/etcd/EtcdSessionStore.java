package dev.flock.backend.storage.etcd;

import dev.flock.backend.session.Session;
import dev.flock.backend.storage.SessionStore;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link SessionStore} in etcd: one key per session, and one under its user's sessions, both on a
 * lease that expires with it (revoking the lease deletes both).
 */
@ApplicationScoped
@Typed(EtcdSessionStore.class)
@StorageCall
public class EtcdSessionStore implements SessionStore {

  private KV kv;
  private Lease leases;
  private EtcdCalls calls;
  private Clock clock;

  protected EtcdSessionStore() {} // for CDI proxies

  @Inject
  public EtcdSessionStore(Client client, EtcdCalls calls, Clock clock) {
    this.kv = client.getKVClient();
    this.leases = client.getLeaseClient();
    this.calls = calls;
    this.clock = clock;
  }

  @Override
  public void saveSession(Session session) {
    long millisLeft = Duration.between(clock.instant(), session.expiresAt()).toMillis();
    if (millisLeft <= 0) {
      return; // already expired: it would never be found anyway
    }
    long ttlSeconds = (millisLeft + 999) / 1000;
    ByteSequence key = KeyLayout.session(session.tokenHash());
    ByteSequence indexKey = KeyLayout.userSession(session.username(), session.tokenHash());
    ByteSequence value = ValueFormat.session(session);
    // A retry grants a second lease; the first, if granted, holds no key or loses it to the
    // second put, and expires on its own. Both keys are on one lease: they go together.
    calls.await(
        "save session",
        () ->
            leases
                .grant(ttlSeconds)
                .thenCompose(
                    lease -> {
                      PutOption onLease = PutOption.builder().withLeaseId(lease.getID()).build();
                      return kv.txn()
                          .Then(Op.put(key, value, onLease), Op.put(indexKey, value, onLease))
                          .commit();
                    }));
  }

  @Override
  public Optional<Session> findSession(String tokenHash) {
    GetResponse found = calls.await("find session", () -> kv.get(KeyLayout.session(tokenHash)));
    // The lease removes the key on etcd's clock; our clock decides too, so a session is never
    // honoured past its expiry even if the lease (whole seconds, min. TTL) outlives it a little.
    return found.getKvs().stream()
        .findFirst()
        .map(kv -> ValueFormat.session(kv.getValue()))
        .filter(session -> !session.isExpiredAt(clock.instant()));
  }

  @Override
  public void deleteSession(String tokenHash) {
    ByteSequence key = KeyLayout.session(tokenHash);
    calls.await(
        "delete session",
        () ->
            kv.get(key)
                .thenCompose(
                    found -> {
                      if (found.getKvs().isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                      }
                      long lease = found.getKvs().get(0).getLease();
                      if (lease == 0) {
                        return kv.delete(key).thenApply(deleted -> null);
                      }
                      // Revoking the lease deletes the key; "lease not found" means it already
                      // expired (or an earlier attempt revoked it), and the key went with it.
                      return leases
                          .revoke(lease)
                          .handle(
                              (revoked, failure) -> {
                                if (failure != null && !isLeaseNotFound(failure)) {
                                  throw new CompletionException(EtcdCalls.unwrap(failure));
                                }
                                return null;
                              });
                    }));
  }

  @Override
  public List<Session> sessionsOf(String username, int limit) {
    KeyLayout.Range range = KeyLayout.sessionsOf(username);
    GetResponse found =
        calls.await(
            "sessions of " + username,
            () ->
                kv.get(
                    range.start(),
                    GetOption.builder().withRange(range.end()).withLimit(limit).build()));
    Instant now = clock.instant();
    return found.getKvs().stream()
        .map(kv -> ValueFormat.session(kv.getValue()))
        .filter(session -> !session.isExpiredAt(now))
        .toList();
  }

  private static boolean isLeaseNotFound(Throwable failure) {
    Throwable cause = EtcdCalls.unwrap(failure);
    String message = String.valueOf(cause.getMessage());
    return EtcdCalls.codeOf(cause) == Status.Code.NOT_FOUND || message.contains("lease not found");
  }
}
