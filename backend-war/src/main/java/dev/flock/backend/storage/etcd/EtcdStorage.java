package dev.flock.backend.storage.etcd;

import dev.flock.backend.account.Account;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.Storage;
import dev.flock.backend.storage.StorageStatus;
import dev.flock.backend.storage.StorageUnavailableException;
import dev.flock.grpc.DaemonThreads;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntUnaryOperator;

/**
 * {@link Storage} in an etcd cluster, through one jetcd {@link Client} (see the package doc for the
 * key layout, the value format and how each operation stays safe to retry).
 *
 * <p>Every public method blocks only in {@link EtcdCalls}, for at most its deadline (the configured
 * timeout, or what the incoming gRPC call has left): it retries a failure that may be transient
 * until then, and then throws {@link StorageUnavailableException}; it never returns an empty or
 * partial answer for a request that failed.
 */
public final class EtcdStorage implements Storage, AutoCloseable {

  /** Etcd's default limit of operations in one transaction ({@code --max-txn-ops}). */
  private static final int MAX_TXN_OPS = 128;

  /**
   * Posts one read may return: each is at most ~1 KiB (280 characters of up to 3 bytes in UTF-8,
   * its key and fields), so an answer stays under 3 MiB, below the 4 MiB a gRPC client accepts.
   */
  private static final int MAX_POSTS_PER_READ = 3 * 1024 * 1024 / (3 * NewPost.MAX_LENGTH + 200);

  private static final ByteSequence EDGE = ByteSequence.EMPTY;

  /** How far below the following cap a follow is written without a guard (see {@link #follow}). */
  private static final int UNGUARDED_MARGIN = 100;

  /** At most this many readers' follows are kept; past it the map starts over (see below). */
  private static final int KNOWN_FOLLOWS_MAX = 4096;

  private final Client client;
  private final KV kv;
  private final Lease leases;
  private final Clock clock;
  private final EtcdCalls calls;

  /**
   * Whom recent readers follow, as of a revision of their follows-version key: a home feed page
   * reads the posts of these names in one transaction that also checks the key is unchanged.
   */
  private final Map<String, KnownFollows> knownFollows = new ConcurrentHashMap<>();

  /** The members as last listed by the cluster (at first: the configured endpoints). */
  private volatile List<KnownMember> knownMembers;

  /**
   * Connects to the members at {@code endpoints} (all of them, so any one may fail). Connecting is
   * lazy: a cluster that is down now makes calls fail, not this constructor. Every request to etcd
   * passes {@code telemetry} (its span and metrics).
   */
  public EtcdStorage(
      List<String> endpoints, Duration timeout, Clock clock, ClientInterceptor telemetry) {
    this.calls = new EtcdCalls(timeout);
    this.client =
        Client.builder()
            .endpoints(endpoints.stream().map(URI::create).toList())
            .loadBalancerPolicy("round_robin")
            .connectTimeout(timeout)
            .keepaliveTime(Duration.ofSeconds(10))
            .keepaliveTimeout(Duration.ofSeconds(3))
            .keepaliveWithoutCalls(true)
            // Fail fast when no member is connected, and leave every retry to this class: one
            // retry loop, within one deadline, for reads and writes alike.
            .waitForReady(false)
            .retryMaxAttempts(0)
            .retryMaxDuration(timeout)
            .interceptor(telemetry, new RequireLeader())
            // jetcd starts each request on this executor's threads: they carry the caller's trace
            // context, so every etcd request is a child of the storage call that made it.
            .executorService(
                Context.taskWrapping(
                    Executors.newCachedThreadPool(DaemonThreads.named("flock-etcd-client"))))
            .build();
    this.kv = client.getKVClient();
    this.leases = client.getLeaseClient();
    this.clock = clock;
    this.knownMembers = endpoints.stream().map(url -> new KnownMember(0, url, url)).toList();
  }

  // ---- accounts ----------------------------------------------------------------------------

  @Override
  public boolean createAccount(Account account) {
    ByteSequence key = KeyLayout.user(account.username());
    TxnResponse txn =
        calls.await(
            "create account " + account.username(),
            () ->
                kv.txn()
                    .If(absent(key))
                    .Then(Op.put(key, ValueFormat.account(account), PutOption.DEFAULT))
                    .Else(Op.get(key, GetOption.DEFAULT))
                    .commit());
    if (txn.isSucceeded()) {
      return true;
    }
    // The name was taken: by someone else, or by an earlier attempt of this very call whose
    // answer was lost. Only the second is a success.
    List<KeyValue> existing = txn.getGetResponses().get(0).getKvs();
    return !existing.isEmpty() && ValueFormat.account(existing.get(0).getValue()).equals(account);
  }

  @Override
  public Optional<Account> findAccount(String username) {
    GetResponse found =
        calls.await("find account " + username, () -> kv.get(KeyLayout.user(username)));
    return found.getKvs().stream().findFirst().map(kv -> ValueFormat.account(kv.getValue()));
  }

  @Override
  public List<String> usernames(String prefix, Optional<String> after, int limit) {
    return names("usernames " + prefix, KeyLayout.usernames(prefix, after), limit);
  }

  // ---- sessions ----------------------------------------------------------------------------

  @Override
  public void saveSession(Session session) {
    long millisLeft = Duration.between(clock.instant(), session.expiresAt()).toMillis();
    if (millisLeft <= 0) {
      return; // already expired: it would never be found anyway
    }
    long ttlSeconds = (millisLeft + 999) / 1000;
    ByteSequence key = KeyLayout.session(session.tokenHash());
    ByteSequence value = ValueFormat.session(session);
    // A retry grants a second lease; the first, if granted, holds no key or loses it to the
    // second put, and expires on its own.
    calls.await(
        "save session",
        () ->
            leases
                .grant(ttlSeconds)
                .thenCompose(
                    lease ->
                        kv.put(
                            key, value, PutOption.builder().withLeaseId(lease.getID()).build())));
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

  // ---- follow graph ------------------------------------------------------------------------

  /**
   * One read (is the edge there, how many are followed, the follows-version key), then both edges
   * in one txn. Near the cap the txn is guarded by the follows-version key being unchanged: every
   * follow and unfollow of {@code follower} puts it, so the count read still holds when the write
   * lands, and a guard that fails (a concurrent change, or this very write applied by an attempt
   * whose answer was lost) reads again, until the deadline. Far below the cap the write is not
   * guarded, so a busy account's follows and unfollows do not retry one another: the count could
   * only pass the cap if more than {@value #UNGUARDED_MARGIN} follows of one account were in flight
   * at once.
   */
  @Override
  public boolean follow(String follower, String followee, int maxFollowing) {
    ByteSequence out = KeyLayout.following(follower, followee);
    ByteSequence in = KeyLayout.follower(followee, follower);
    ByteSequence version = KeyLayout.followsVersion(follower);
    KeyLayout.Range all = KeyLayout.followingOf(follower, Optional.empty());
    GetOption countAll = GetOption.builder().withRange(all.end()).withCountOnly(true).build();
    long deadline = calls.deadline("follow");
    while (true) {
      List<GetResponse> seen =
          calls
              .await(
                  "follow check",
                  () ->
                      kv.txn()
                          .Then(
                              Op.get(out, countOnly()),
                              Op.get(all.start(), countAll),
                              Op.get(version, GetOption.DEFAULT))
                          .commit())
              .getGetResponses();
      long following = seen.get(1).getCount();
      if (seen.get(0).getCount() > 0) {
        return true;
      }
      if (following >= maxFollowing) {
        return false;
      }
      Cmp[] guard =
          following < (long) maxFollowing - UNGUARDED_MARGIN
              ? new Cmp[0]
              : new Cmp[] {unchanged(version, modRevision(seen.get(2)))};
      TxnResponse done =
          calls.await(
              "follow",
              () ->
                  kv.txn()
                      .If(guard)
                      .Then(
                          Op.put(out, EDGE, PutOption.DEFAULT),
                          Op.put(in, EDGE, PutOption.DEFAULT),
                          followsChanged(follower))
                      .commit());
      if (done.isSucceeded()) {
        knownFollows.remove(follower);
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw EtcdCalls.unavailable(
            "follow of " + followee + " by " + follower + " kept meeting concurrent changes", null);
      }
    }
  }

  @Override
  public void unfollow(String follower, String followee) {
    ByteSequence out = KeyLayout.following(follower, followee);
    ByteSequence in = KeyLayout.follower(followee, follower);
    calls.await(
        "unfollow",
        () ->
            kv.txn()
                .Then(
                    Op.delete(out, DeleteOption.DEFAULT),
                    Op.delete(in, DeleteOption.DEFAULT),
                    followsChanged(follower))
                .commit());
    knownFollows.remove(follower);
  }

  /** Every follow and unfollow puts this key again, so its mod revision changes with the list. */
  private static Op followsChanged(String follower) {
    return Op.put(KeyLayout.followsVersion(follower), EDGE, PutOption.DEFAULT);
  }

  @Override
  public boolean isFollowing(String follower, String followee) {
    ByteSequence key = KeyLayout.following(follower, followee);
    return calls.await("is following", () -> kv.get(key, countOnly())).getCount() > 0;
  }

  @Override
  public List<String> following(String username, Optional<String> after, int limit) {
    return names("following of " + username, KeyLayout.followingOf(username, after), limit);
  }

  @Override
  public Optional<List<String>> followingWhileSignedIn(
      Session reader, Optional<String> after, int limit) {
    KeyLayout.Range range = KeyLayout.followingOf(reader.username(), after);
    if (limit <= 0 || range.isEmpty()) {
      return findSession(reader.tokenHash()).filter(reader::equals).map(session -> List.of());
    }
    // Without writes, etcd serves a transaction like one linearizable read: the check is free.
    TxnResponse read =
        calls.await(
            "following of " + reader.username(),
            () ->
                kv.txn()
                    .If(signedIn(reader))
                    .Then(Op.get(range.start(), keysInOrder(range, limit)))
                    .commit());
    return read.isSucceeded()
        ? Optional.of(names(read.getGetResponses().get(0)))
        : Optional.empty();
  }

  /**
   * One read-only transaction when this storage knows whom the reader follows: {@code If(reader
   * signed in, follows-version unchanged) Then(the posts of each)}. Otherwise, or when the compare
   * fails, the transaction's other branch (or a first one) reads the reader's session, the
   * follows-version key and the names, and a second reads the posts: two round trips. Readers who
   * follow more than fit in one transaction are not kept: their names are read in slices after the
   * first read, then their posts.
   */
  @Override
  public Optional<Followed> followedWhileSignedIn(
      Session reader, Optional<String> before, IntUnaryOperator share) {
    String username = reader.username();
    ByteSequence version = KeyLayout.followsVersion(username);
    KeyLayout.Range follows = KeyLayout.followingOf(username, Optional.empty());
    Op readVersion = Op.get(version, GetOption.DEFAULT);
    Op readNames = Op.get(follows.start(), keysInOrder(follows, MAX_TXN_OPS + 1));
    KnownFollows known = knownFollows.get(username);
    List<GetResponse> fresh;
    if (known != null) {
      int limit = share.applyAsInt(known.names().size());
      List<KeyLayout.Range> ranges = postRanges(known.names(), before);
      TxnResponse read =
          calls.await(
              "home feed of " + username,
              () ->
                  kv.txn()
                      .If(signedIn(reader), unchanged(version, known.revision()))
                      .Then(postReads(ranges, limit))
                      .Else(
                          Op.get(KeyLayout.session(reader.tokenHash()), GetOption.DEFAULT),
                          readVersion,
                          readNames)
                      .commit());
      if (read.isSucceeded()) {
        return Optional.of(new Followed(known.names(), postsOf(ranges, read.getGetResponses())));
      }
      List<GetResponse> found = read.getGetResponses();
      if (!isSession(reader, found.get(0))) {
        knownFollows.remove(username);
        return Optional.empty();
      }
      fresh = found.subList(1, 3);
    } else {
      TxnResponse read =
          calls.await(
              "following of " + username,
              () -> kv.txn().If(signedIn(reader)).Then(readVersion, readNames).commit());
      if (!read.isSucceeded()) {
        return Optional.empty();
      }
      fresh = read.getGetResponses();
    }
    List<String> authors = names(fresh.get(1));
    if (authors.size() > MAX_TXN_OPS) {
      // Too many to read with their posts in one transaction, so not kept; the session check is
      // done, the rest of the names follow in slices.
      knownFollows.remove(username);
      authors = withTheRestOf(username, authors);
    } else {
      if (knownFollows.size() >= KNOWN_FOLLOWS_MAX) {
        knownFollows.clear(); // crude but bounded: each reader pays one refresh at worst
      }
      knownFollows.put(username, new KnownFollows(modRevision(fresh.get(0)), authors));
    }
    return Optional.of(
        new Followed(authors, postsByEach(authors, before, share.applyAsInt(authors.size()))));
  }

  /** {@code first}, the first names {@code username} follows, and all the names after them. */
  private List<String> withTheRestOf(String username, List<String> first) {
    List<String> all = new ArrayList<>(first);
    List<String> slice;
    do {
      slice = following(username, Optional.of(all.get(all.size() - 1)), FOLLOWING_SLICE);
      all.addAll(slice);
    } while (slice.size() == FOLLOWING_SLICE);
    return all;
  }

  /** Whom a reader follows, as of the mod revision of their follows-version key (0: none yet). */
  private record KnownFollows(long revision, List<String> names) {}

  private static long modRevision(GetResponse found) {
    return found.getKvs().isEmpty() ? 0 : found.getKvs().get(0).getModRevision();
  }

  /**
   * Whether {@code found}, a read of a session key, holds {@code session} (as {@link #signedIn}).
   */
  private static boolean isSession(Session session, GetResponse found) {
    ByteSequence expected = ValueFormat.session(session);
    return found.getKvs().stream().anyMatch(kv -> kv.getValue().equals(expected));
  }

  @Override
  public List<String> followers(String username, Optional<String> after, int limit) {
    return names("followers of " + username, KeyLayout.followersOf(username, after), limit);
  }

  @Override
  public long followingCount(String username) {
    return count("following count", KeyLayout.followingOf(username, Optional.empty()));
  }

  @Override
  public long followerCount(String username) {
    return count("follower count", KeyLayout.followersOf(username, Optional.empty()));
  }

  // ---- posts -------------------------------------------------------------------------------

  @Override
  public boolean savePost(Post post, Session author) {
    ByteSequence key = KeyLayout.post(post.author(), post.id());
    ByteSequence value = ValueFormat.post(post);
    // Put only if the id was never stored, so a retry of an applied attempt changes nothing and
    // finds the post in the else branch.
    TxnResponse done =
        calls.await(
            "save post",
            () ->
                kv.txn()
                    .If(absent(key), signedIn(author))
                    .Then(Op.put(key, value, PutOption.DEFAULT))
                    .Else(Op.get(key, countOnly()))
                    .commit());
    return done.isSucceeded() || done.getGetResponses().get(0).getCount() > 0;
  }

  @Override
  public List<Post> postsBy(String author, Optional<String> before, int limit) {
    KeyLayout.Range range = KeyLayout.postsOf(author, before);
    if (limit <= 0 || range.isEmpty()) {
      return List.of();
    }
    GetResponse found =
        calls.await("posts by " + author, () -> kv.get(range.start(), newestFirst(range, limit)));
    return posts(found);
  }

  /**
   * All authors' ranges in read-only transactions of at most {@value #MAX_TXN_OPS} ranges and
   * {@link #MAX_POSTS_PER_READ} posts: etcd serves such a transaction like one linearizable range
   * (no Raft proposal), so a feed page costs one round trip however many people the reader follows,
   * instead of one per author.
   */
  @Override
  public List<List<Post>> postsByEach(List<String> authors, Optional<String> before, int limit) {
    if (limit <= 0) {
      return authors.stream().map(author -> List.<Post>of()).toList(); // etcd: 0 = "no limit"
    }
    int perRead = Math.max(1, Math.min(MAX_TXN_OPS, MAX_POSTS_PER_READ / limit));
    List<List<Post>> all = new ArrayList<>(authors.size());
    for (int from = 0; from < authors.size(); from += perRead) {
      List<String> batch = authors.subList(from, Math.min(authors.size(), from + perRead));
      all.addAll(postsInOneRead(batch, before, limit));
    }
    return all;
  }

  private List<List<Post>> postsInOneRead(
      List<String> authors, Optional<String> before, int limit) {
    List<KeyLayout.Range> ranges = postRanges(authors, before);
    Op[] reads = postReads(ranges, limit);
    List<GetResponse> found =
        reads.length == 0
            ? List.of()
            : calls
                .await("posts of " + reads.length + " authors", () -> kv.txn().Then(reads).commit())
                .getGetResponses();
    return postsOf(ranges, found);
  }

  /** Each author's range of posts with ids below {@code before}. */
  private static List<KeyLayout.Range> postRanges(List<String> authors, Optional<String> before) {
    return authors.stream().map(author -> KeyLayout.postsOf(author, before)).toList();
  }

  /** One newest-first read for each range that may hold posts (none when limit is 0). */
  private static Op[] postReads(List<KeyLayout.Range> ranges, int limit) {
    if (limit <= 0) {
      return new Op[0]; // etcd reads a limit of 0 as "no limit"
    }
    return ranges.stream()
        .filter(range -> !range.isEmpty())
        .map(range -> Op.get(range.start(), newestFirst(range, limit)))
        .toArray(Op[]::new);
  }

  /** The posts of each range, from {@code found}, the answers to {@link #postReads}. */
  private static List<List<Post>> postsOf(List<KeyLayout.Range> ranges, List<GetResponse> found) {
    List<List<Post>> posts = new ArrayList<>(ranges.size());
    int next = 0;
    for (KeyLayout.Range range : ranges) {
      boolean read = !range.isEmpty() && next < found.size();
      posts.add(read ? posts(found.get(next++)) : List.of());
    }
    return posts;
  }

  /** Post keys sort newest first (see KeyLayout.newestFirst), so the range needs no sort. */
  private static GetOption newestFirst(KeyLayout.Range range, int limit) {
    return GetOption.builder().withRange(range.end()).withLimit(limit).build();
  }

  private static List<Post> posts(GetResponse found) {
    return found.getKvs().stream().map(kv -> ValueFormat.post(kv.getValue())).toList();
  }

  @Override
  public long postCount(String author) {
    return count("post count", KeyLayout.postsOf(author, Optional.empty()));
  }

  // ---- status ------------------------------------------------------------------------------

  /**
   * Proves a quorum with a linearizable read of one key, while the member list and every member's
   * Raft status are fetched in parallel; the whole takes about one timeout at most.
   */
  @Override
  public StorageStatus describe() {
    long deadline;
    try {
      deadline = calls.deadline("a status probe");
    } catch (StorageUnavailableException e) {
      return new StorageStatus(
          "etcd", false, e.getMessage(), List.of(), Optional.empty(), OptionalLong.empty());
    }
    CompletableFuture<List<Probe>> probes = probeMembers(deadline);
    String detail;
    boolean available;
    try {
      calls.await("a quorum read", () -> kv.get(KeyLayout.quorumProbe(), countOnly()));
      available = true;
      detail = "a quorum answered a linearizable read";
    } catch (StorageUnavailableException e) {
      available = false;
      detail = e.getMessage();
    }
    List<Probe> answered;
    try {
      long left = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
      answered = probes.get(left, TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      answered = List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answered = List.of();
    }
    Map<Long, String> names = new LinkedHashMap<>();
    answered.forEach(probe -> names.put(probe.member().id(), probe.member().name()));
    Optional<String> leader =
        answered.stream()
            .flatMap(probe -> probe.status().stream())
            .map(StatusResponse::getLeader)
            .filter(id -> id != 0 && names.containsKey(id))
            .findFirst()
            .map(names::get);
    OptionalLong raftIndex =
        answered.stream()
            .flatMap(probe -> probe.status().stream())
            .mapToLong(StatusResponse::getRaftIndex)
            .max();
    List<StorageStatus.Member> members =
        answered.stream()
            .map(
                probe ->
                    new StorageStatus.Member(
                        probe.member().name(),
                        probe.member().endpoint(),
                        probe.status().isPresent()))
            .toList();
    return new StorageStatus("etcd", available, detail, members, leader, raftIndex);
  }

  /** A member as the cluster lists it; id 0 and the URL as name until it has been listed. */
  private record KnownMember(long id, String name, String endpoint) {}

  /** One member and its answer to the status request, if it answered in time. */
  private record Probe(KnownMember member, Optional<StatusResponse> status) {}

  /**
   * Lists the members (a member without a leader refuses, so the last list is kept for then) and
   * asks each for its status, all in parallel and each bounded by the timeout.
   */
  private CompletableFuture<List<Probe>> probeMembers(long deadline) {
    long millis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    return client
        .getClusterClient()
        .listMember()
        .orTimeout(millis, TimeUnit.MILLISECONDS)
        .handle(
            (listed, failure) -> {
              if (listed != null) {
                knownMembers =
                    listed.getMembers().stream()
                        .map(m -> new KnownMember(m.getId(), m.getName(), endpointOf(m)))
                        .toList();
              }
              return knownMembers;
            })
        .thenCompose(
            members -> {
              List<CompletableFuture<Probe>> probes =
                  members.stream()
                      .map(
                          member ->
                              statusOf(member.endpoint())
                                  .handle(
                                      (status, failure) ->
                                          new Probe(member, Optional.ofNullable(status)))
                                  .completeOnTimeout(
                                      new Probe(member, Optional.empty()),
                                      millis,
                                      TimeUnit.MILLISECONDS))
                      .toList();
              return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                  .thenApply(done -> probes.stream().map(CompletableFuture::join).toList());
            });
  }

  @Override
  public void close() {
    client.close();
  }

  private CompletableFuture<StatusResponse> statusOf(String endpoint) {
    try {
      return client.getMaintenanceClient().statusMember(endpoint);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String endpointOf(Member member) {
    return member.getClientURIs().isEmpty() ? "" : member.getClientURIs().get(0).toString();
  }

  private List<String> names(String what, KeyLayout.Range range, int limit) {
    if (limit <= 0 || range.isEmpty()) {
      return List.of(); // etcd reads a limit of 0 as "no limit"
    }
    return names(calls.await(what, () -> kv.get(range.start(), keysInOrder(range, limit))));
  }

  private static GetOption keysInOrder(KeyLayout.Range range, int limit) {
    return GetOption.builder().withRange(range.end()).withKeysOnly(true).withLimit(limit).build();
  }

  private static List<String> names(GetResponse found) {
    return found.getKvs().stream().map(kv -> KeyLayout.lastSegment(kv.getKey())).toList();
  }

  private long count(String what, KeyLayout.Range range) {
    GetOption countOnly = GetOption.builder().withRange(range.end()).withCountOnly(true).build();
    return calls.await(what, () -> kv.get(range.start(), countOnly)).getCount();
  }

  private static GetOption countOnly() {
    return GetOption.builder().withCountOnly(true).build();
  }

  /**
   * True while {@code session} lives: a session's value never changes while it lives, and a compare
   * on a missing key fails.
   */
  private static Cmp signedIn(Session session) {
    return new Cmp(
        KeyLayout.session(session.tokenHash()),
        Cmp.Op.EQUAL,
        CmpTarget.value(ValueFormat.session(session)));
  }

  private static Cmp unchanged(ByteSequence key, long modRevision) {
    return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision));
  }

  private static Cmp absent(ByteSequence key) {
    return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
  }

  private static boolean isLeaseNotFound(Throwable failure) {
    Throwable cause = EtcdCalls.unwrap(failure);
    String message = String.valueOf(cause.getMessage());
    return EtcdCalls.codeOf(cause) == Status.Code.NOT_FOUND || message.contains("lease not found");
  }

  /**
   * Adds etcd's {@code hasleader} header to data requests (KV, Lease), so a member without a leader
   * fails them at once instead of holding them for its ~7 s request timeout. Status requests go
   * without it: a member cut off from its peers still says who and where it is.
   */
  private static final class RequireLeader implements ClientInterceptor {
    private static final Metadata.Key<String> HAS_LEADER =
        Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> DATA_SERVICES =
        Set.of("etcdserverpb.KV", "etcdserverpb.Lease");

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      ClientCall<Q, R> call = next.newCall(method, options);
      if (!DATA_SERVICES.contains(method.getServiceName())) {
        return call;
      }
      return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          headers.put(HAS_LEADER, "true");
          super.start(listener, headers);
        }
      };
    }
  }
}
