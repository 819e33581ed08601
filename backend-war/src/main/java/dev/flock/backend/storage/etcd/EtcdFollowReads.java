package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.RangeReads.countAll;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;

import dev.flock.backend.storage.FollowReads;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link FollowReads} in etcd: read-only transactions over the keys {@link EtcdFollowStore} writes,
 * each as many ranges as etcd takes in one transaction.
 */
@ApplicationScoped
@Typed(EtcdFollowReads.class)
@StorageCall
public class EtcdFollowReads implements FollowReads {

  /** Users whose followers one transaction counts: two operations each, within etcd's 128. */
  private static final int NAMES_PER_READ = 60;

  /** Ranges one transaction reads: etcd's limit of operations per transaction. */
  private static final int RANGES_PER_READ = 128;

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;

  protected EtcdFollowReads() {} // for CDI proxies

  @Inject
  public EtcdFollowReads(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  /**
   * Per name a count-only range of its followers (etcd counts them in its index and sends a number)
   * and the reader's own edge: one txn for a page of users.
   */
  @Override
  public Map<String, Followers> followersOf(List<String> usernames, Optional<String> reader) {
    Map<String, Followers> found = new LinkedHashMap<>();
    for (int from = 0; from < usernames.size(); from += NAMES_PER_READ) {
      List<String> slice =
          usernames.subList(from, Math.min(usernames.size(), from + NAMES_PER_READ));
      List<Op> reads = new ArrayList<>();
      for (String name : slice) {
        KeyLayout.Range fans = KeyLayout.followersOf(name, Optional.empty());
        reads.add(Op.get(fans.start(), countAll(fans)));
        reader.ifPresent(me -> reads.add(Op.get(KeyLayout.following(me, name), countOnly())));
      }
      List<GetResponse> counted =
          calls
              .await("followers of each", () -> kv.txn().Then(reads.toArray(Op[]::new)).commit())
              .getGetResponses();
      int perName = reader.isPresent() ? 2 : 1;
      for (int i = 0; i < slice.size(); i++) {
        boolean byReader = reader.isPresent() && counted.get(i * perName + 1).getCount() > 0;
        found.put(slice.get(i), new Followers(counted.get(i * perName).getCount(), byReader));
      }
    }
    return found;
  }

  /** One range (keys only, with the limit) per name: one txn for up to 128 names. */
  @Override
  public Map<String, List<String>> followingOfEach(List<String> usernames, int limit) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    if (limit <= 0) { // etcd reads a limit of 0 as "no limit"
      usernames.forEach(name -> found.put(name, List.of()));
      return found;
    }
    for (int from = 0; from < usernames.size(); from += RANGES_PER_READ) {
      List<String> slice =
          usernames.subList(from, Math.min(usernames.size(), from + RANGES_PER_READ));
      Op[] reads =
          slice.stream()
              .map(name -> KeyLayout.followingOf(name, Optional.empty()))
              .map(range -> Op.get(range.start(), RangeReads.keysInOrder(range, limit)))
              .toArray(Op[]::new);
      List<GetResponse> lists =
          calls.await("following of each", () -> kv.txn().Then(reads).commit()).getGetResponses();
      for (int i = 0; i < slice.size(); i++) {
        found.put(slice.get(i), RangeReads.names(lists.get(i)));
      }
    }
    return found;
  }

  /** One range of the ranking's keys, in key order: the highest band first. */
  @Override
  public List<String> mostFollowed(int limit) {
    return ranges.names("most followed", KeyLayout.mostFollowed(), limit);
  }
}
