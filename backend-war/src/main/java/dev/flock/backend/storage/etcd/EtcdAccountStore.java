package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.absent;
import static dev.flock.backend.storage.etcd.Guards.present;

import dev.flock.backend.account.Account;
import dev.flock.backend.storage.AccountStore;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** {@link AccountStore} in etcd: one key per account (see the package doc). */
@ApplicationScoped
@Typed(EtcdAccountStore.class)
@StorageCall
public class EtcdAccountStore implements AccountStore {

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;

  protected EtcdAccountStore() {} // for CDI proxies

  @Inject
  public EtcdAccountStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  @Override
  public boolean createAccount(Account account) {
    ByteSequence key = KeyLayout.user(account.username());
    TxnResponse txn =
        calls.await(
            "create account " + account.username(),
            () ->
                kv.txn()
                    .If(absent(key), absent(KeyLayout.retiredName(account.username())))
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
  public void retireAccount(String username) {
    calls.await(
        "retire account " + username,
        () ->
            kv.txn()
                .Then(
                    Op.put(KeyLayout.retiredName(username), ByteSequence.EMPTY, PutOption.DEFAULT),
                    Op.delete(KeyLayout.user(username), DeleteOption.DEFAULT))
                .commit());
  }

  @Override
  public boolean updateAccount(Account account) {
    ByteSequence key = KeyLayout.user(account.username());
    return calls
        .await(
            "update account " + account.username(),
            () ->
                kv.txn()
                    .If(present(key))
                    .Then(Op.put(key, ValueFormat.account(account), PutOption.DEFAULT))
                    .commit())
        .isSucceeded();
  }

  @Override
  public List<String> usernames(String prefix, Optional<String> after, int limit) {
    return ranges.names("usernames " + prefix, KeyLayout.usernames(prefix, after), limit);
  }
}
