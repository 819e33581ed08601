package dev.flock.backend.storage.etcd;

import dev.flock.backend.session.Session;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;

/** The compares that make the adapters' transactions atomic checks, and safe to retry. */
final class Guards {

  private Guards() {}

  /**
   * True while {@code session} lives: a session's value never changes while it lives, and a compare
   * on a missing key fails.
   */
  static Cmp signedIn(Session session) {
    return new Cmp(
        KeyLayout.session(session.tokenHash()),
        Cmp.Op.EQUAL,
        CmpTarget.value(ValueFormat.session(session)));
  }

  /**
   * Whether {@code found}, a read of a session key, holds {@code session} (as {@link #signedIn}).
   */
  static boolean isSession(Session session, GetResponse found) {
    ByteSequence expected = ValueFormat.session(session);
    return found.getKvs().stream().anyMatch(kv -> kv.getValue().equals(expected));
  }

  static Cmp unchanged(ByteSequence key, long modRevision) {
    return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision));
  }

  static Cmp present(ByteSequence key) {
    return new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0));
  }

  static Cmp absent(ByteSequence key) {
    return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
  }
}
