package dev.flock.backend.storage.etcd;

import dev.flock.backend.account.Account;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How records are written as etcd values: UTF-8 text, one field per line, the first line naming the
 * record and its format version ({@code account/1}, {@code session/2}, {@code post/1}, and {@code
 * post/2} for a reply). Instants are ISO-8601 ({@link Instant#toString()}), so they keep full
 * precision. Only the last field may contain line breaks (a post's text), so every value splits
 * unambiguously. A reader meeting an unknown version fails loudly instead of guessing.
 */
final class ValueFormat {

  private static final String ACCOUNT_V1 = "account/1";
  private static final String SESSION_V1 = "session/1";
  private static final String SESSION_V2 = "session/2";
  private static final String POST_V1 = "post/1";
  private static final String POST_V2 = "post/2";

  private ValueFormat() {}

  static ByteSequence account(Account account) {
    return lines(
        ACCOUNT_V1, account.username(), account.createdAt().toString(), account.passwordHash());
  }

  static Account account(ByteSequence value) {
    String[] f = fields(value, ACCOUNT_V1, 3);
    return new Account(f[0], f[2], instant(f[1], value));
  }

  static ByteSequence session(Session session) {
    return lines(
        SESSION_V2,
        session.tokenHash(),
        session.username(),
        session.expiresAt().toString(),
        session.startedAt().toString(),
        session.from());
  }

  /** A session of format 2, or of format 1 (before its start and origin were kept). */
  static Session session(ByteSequence value) {
    if (value.toString(StandardCharsets.UTF_8).startsWith(SESSION_V1 + "\n")) {
      String[] f = fields(value, SESSION_V1, 3);
      return new Session(f[0], f[1], instant(f[2], value));
    }
    String[] f = fields(value, SESSION_V2, 5);
    return new Session(f[0], f[1], instant(f[2], value), instant(f[3], value), f[4]);
  }

  /** A post as {@code post/1}; a reply as {@code post/2}, with the id and author it answers. */
  static ByteSequence post(Post post) {
    return post.replyTo()
        .map(
            to ->
                lines(
                    POST_V2,
                    post.id(),
                    post.author(),
                    post.createdAt().toString(),
                    to.postId(),
                    to.author(),
                    post.text()))
        .orElseGet(
            () ->
                lines(POST_V1, post.id(), post.author(), post.createdAt().toString(), post.text()));
  }

  static Post post(ByteSequence value) {
    if (value.toString(StandardCharsets.UTF_8).startsWith(POST_V2 + "\n")) {
      String[] f = fields(value, POST_V2, 6);
      return new Post(
          f[0], f[1], f[5], instant(f[2], value), Optional.of(new Post.ReplyTo(f[3], f[4])));
    }
    String[] f = fields(value, POST_V1, 4);
    return new Post(f[0], f[1], f[3], instant(f[2], value));
  }

  private static ByteSequence lines(String version, String... fields) {
    for (int i = 0; i < fields.length - 1; i++) {
      if (fields[i].indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a line break in field " + i + " of a " + version);
      }
    }
    return ByteSequence.from(version + "\n" + String.join("\n", fields), StandardCharsets.UTF_8);
  }

  private static String[] fields(ByteSequence value, String version, int count) {
    String text = value.toString(StandardCharsets.UTF_8);
    String[] parts = text.split("\n", count + 1);
    if (parts.length != count + 1 || !parts[0].equals(version)) {
      throw unreadable(value, "expected " + count + " fields of " + version);
    }
    String[] fields = new String[count];
    System.arraycopy(parts, 1, fields, 0, count);
    return fields;
  }

  private static Instant instant(String text, ByteSequence value) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw unreadable(value, "bad instant '" + text + "'");
    }
  }

  private static IllegalStateException unreadable(ByteSequence value, String why) {
    String text = value.toString(StandardCharsets.UTF_8);
    String head = text.substring(0, Math.min(40, text.length())).replace('\n', '|');
    return new IllegalStateException("unreadable etcd value (" + why + "): " + head);
  }
}
