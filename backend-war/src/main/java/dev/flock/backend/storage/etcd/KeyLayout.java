package dev.flock.backend.storage.etcd;

import dev.flock.backend.post.PostIds;
import dev.flock.backend.storage.FollowStore;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** Where each piece of Flock's state lives in etcd's key space (see the package doc). */
final class KeyLayout {

  static final String ROOT = "/flock/";
  private static final String USERS = ROOT + "users/";
  private static final String RETIRED_NAMES = ROOT + "retired-names/";
  private static final String SESSIONS = ROOT + "sessions/";
  private static final String USER_SESSIONS = ROOT + "user-sessions/";
  private static final String FOLLOWING = ROOT + "following/";
  private static final String FOLLOWERS = ROOT + "followers/";
  private static final String FOLLOWS_VERSION = ROOT + "follows-version/";
  private static final String FOLLOWERS_VERSION = ROOT + "followers-version/";
  private static final String MOST_FOLLOWED = ROOT + "most-followed/";
  private static final String POSTS = ROOT + "posts/";
  private static final String EVERYONES_POSTS = ROOT + "everyones-posts/";
  private static final String REPLIES = ROOT + "replies/";
  private static final String MENTIONS = ROOT + "mentions/";
  private static final String TAGS = ROOT + "tags/";
  private static final String LIKES = ROOT + "likes/";
  private static final String LIKED = ROOT + "liked/";
  private static final String ATTEMPTS = ROOT + "attempts/";
  private static final String TIME_INDEX = ROOT + "time-index/";
  private static final String BACKFILLS = ROOT + "backfills/";

  private static final String HEX_DIGITS = "0123456789abcdef";

  /** Appended to a key, gives the smallest key strictly after it. */
  private static final String NEXT = "\0";

  private KeyLayout() {}

  /** A key nothing is stored under, read to prove that a quorum answers. */
  static ByteSequence quorumProbe() {
    return bytes(ROOT);
  }

  static ByteSequence user(String username) {
    return bytes(USERS + username);
  }

  /** The name of a deleted account, reserved for ever. */
  static ByteSequence retiredName(String username) {
    return bytes(RETIRED_NAMES + segment(username));
  }

  static ByteSequence session(String tokenHash) {
    return bytes(SESSIONS + tokenHash);
  }

  /** A session, listed under its user's sessions. */
  static ByteSequence userSession(String username, String tokenHash) {
    return bytes(USER_SESSIONS + segment(username) + "/" + segment(tokenHash));
  }

  /** Every session of {@code username}. */
  static Range sessionsOf(String username) {
    String dir = USER_SESSIONS + segment(username) + "/";
    return new Range(bytes(dir), prefixEnd(dir));
  }

  static ByteSequence following(String follower, String followee) {
    return bytes(FOLLOWING + segment(follower) + "/" + segment(followee));
  }

  static ByteSequence follower(String followee, String follower) {
    return bytes(FOLLOWERS + segment(followee) + "/" + segment(follower));
  }

  /** Rewritten by every follow and unfollow of {@code follower}: its revision versions the list. */
  static ByteSequence followsVersion(String follower) {
    return bytes(FOLLOWS_VERSION + segment(follower));
  }

  /**
   * Rewritten by every follow and unfollow of {@code followee}: its revision versions the count.
   */
  static ByteSequence followersVersion(String followee) {
    return bytes(FOLLOWERS_VERSION + segment(followee));
  }

  /**
   * A user in the ranking of the most followed, under the band of their follower count ({@code
   * FollowStore.band}), written so that the highest band sorts first.
   */
  static ByteSequence mostFollowed(int band, String username) {
    if (band < 0 || band > FollowStore.TOP_BAND) {
      throw new IllegalArgumentException("not a band: " + band);
    }
    return bytes(
        MOST_FOLLOWED + "%02d".formatted(FollowStore.TOP_BAND - band) + "/" + segment(username));
  }

  /** The ranking of the most followed: the highest band first, then by name. */
  static Range mostFollowed() {
    return new Range(bytes(MOST_FOLLOWED), prefixEnd(MOST_FOLLOWED));
  }

  static ByteSequence post(String author, String postId) {
    return bytes(POSTS + segment(author) + "/" + newestFirst(postId));
  }

  /** The prefix of every author's posts. */
  static byte[] allPostsPrefix() {
    return POSTS.getBytes(StandardCharsets.UTF_8);
  }

  /** Put once the backfill {@code name} has been done on the cluster. */
  static ByteSequence backfillDone(String name) {
    return bytes(BACKFILLS + segment(name));
  }

  /** A copy of a post among everyone's posts (the global timeline), newest first. */
  static ByteSequence everyonesPost(String postId) {
    return bytes(EVERYONES_POSTS + newestFirst(postId));
  }

  /** The prefix of every key of {@link #everyonesPost}: a post is saved when one is put there. */
  static ByteSequence allEveryonesPosts() {
    return bytes(EVERYONES_POSTS);
  }

  /** Everyone's posts, or those with ids strictly below {@code before}; newest first. */
  static PostList everyonesPosts(Optional<String> before) {
    return postList(EVERYONES_POSTS, before);
  }

  /** The replies to {@code postId}, or those with ids strictly above {@code after}. */
  static PostList repliesTo(String postId, Optional<String> after) {
    String dir = REPLIES + segment(postId) + "/";
    return new PostList(
        dir,
        namesAfter(dir, dir, after).start(),
        PostIds.epochMilliOf(after.orElse(postId)),
        false);
  }

  /** The posts that mention {@code username}, or those with ids strictly below {@code before}. */
  static PostList mentionsOf(String username, Optional<String> before) {
    return postList(MENTIONS + segment(username) + "/", before);
  }

  /** Every post that mentions {@code username}. */
  static Range allMentionsOf(String username) {
    String dir = MENTIONS + segment(username) + "/";
    return new Range(bytes(dir), prefixEnd(dir));
  }

  /** The posts tagged {@code tag}, or those with ids strictly below {@code before}. */
  static PostList taggedWith(String tag, Optional<String> before) {
    return postList(TAGS + segment(tag) + "/", before);
  }

  /** One like, under the post it likes. */
  static ByteSequence like(String postId, String liker) {
    return bytes(LIKES + segment(postId) + "/" + segment(liker));
  }

  /** Everyone who likes the post {@code postId}. */
  static Range likesOf(String postId) {
    String dir = LIKES + segment(postId) + "/";
    return new Range(bytes(dir), prefixEnd(dir));
  }

  /**
   * Put by every transaction that changes likes, so its mod revision is the version of all likes:
   * the directory of likes itself, a key no like can have, inside the range {@link #everyLike}.
   */
  static ByteSequence likesVersion() {
    return bytes(LIKES);
  }

  /** Every like and {@link #likesVersion}: what the likes cache watches. */
  static Range everyLike() {
    return new Range(bytes(LIKES), prefixEnd(LIKES));
  }

  /** A like key's post and liker; empty for {@link #likesVersion}. */
  static Optional<Like> likeOf(ByteSequence key) {
    String text = key.toString(StandardCharsets.UTF_8);
    int slash = text.indexOf('/', LIKES.length());
    return text.startsWith(LIKES) && slash > LIKES.length()
        ? Optional.of(new Like(text.substring(LIKES.length(), slash), text.substring(slash + 1)))
        : Optional.empty();
  }

  /** Who likes which post, as a like key names them. */
  record Like(String postId, String liker) {}

  /** The same like, under its liker, newest post first. */
  static ByteSequence liked(String liker, String postId) {
    return bytes(LIKED + segment(liker) + "/" + newestFirst(postId));
  }

  /** The posts {@code liker} likes, or those with ids strictly below {@code before}. */
  static Range likedBy(String liker, Optional<String> before) {
    return postsUnder(LIKED + segment(liker) + "/", before);
  }

  /**
   * One attempt at something limited, under its subject and named by its time first (fixed-width
   * hex milliseconds), so a subject's attempts sort oldest first.
   */
  static ByteSequence attempt(String subject, Instant at, String attemptId) {
    return bytes(ATTEMPTS + segment(subject) + "/" + millis(at) + "-" + segment(attemptId));
  }

  /** The attempts of {@code subject} made after {@code since}, oldest first. */
  static Range attemptsAfter(String subject, Instant since) {
    String dir = ATTEMPTS + segment(subject) + "/";
    return new Range(bytes(dir + millis(since.plusMillis(1))), prefixEnd(dir));
  }

  /** When the attempt under {@code key} was made. */
  static Instant attemptTime(ByteSequence key) {
    String name = lastSegment(key);
    return Instant.ofEpochMilli(Long.parseLong(name.substring(0, name.indexOf('-')), 16));
  }

  private static String millis(Instant at) {
    return "%012x".formatted(Math.max(0, at.toEpochMilli()));
  }

  /** Usernames starting with {@code prefix}, strictly after {@code after} if given. */
  static Range usernames(String prefix, Optional<String> after) {
    return namesAfter(USERS + prefix, USERS, after);
  }

  /** The people {@code follower} follows, strictly after {@code after} if given. */
  static Range followingOf(String follower, Optional<String> after) {
    String dir = FOLLOWING + follower + "/";
    return namesAfter(dir, dir, after);
  }

  /** The followers of {@code followee}, strictly after {@code after} if given. */
  static Range followersOf(String followee, Optional<String> after) {
    String dir = FOLLOWERS + followee + "/";
    return namesAfter(dir, dir, after);
  }

  /**
   * All of {@code author}'s posts, or those with ids strictly below {@code before}; in key order,
   * which is newest first.
   */
  static Range postsOf(String author, Optional<String> before) {
    return postsUnder(POSTS + author + "/", before);
  }

  private static Range postsUnder(String dir, Optional<String> before) {
    return postList(dir, before).all();
  }

  /** Newest first, from just below {@code before}, or from now when no cursor is given. */
  private static PostList postList(String dir, Optional<String> before) {
    return new PostList(
        dir,
        before.map(id -> bytes(dir + newestFirst(id) + NEXT)).orElseGet(() -> bytes(dir)),
        before.map(PostIds::epochMilliOf).orElseGet(System::currentTimeMillis),
        true);
  }

  /**
   * A list of posts that may grow with the site (everyone's, a tag's, a user's mentions, a post's
   * replies), from {@code start} to the end of {@code dir}, newest or oldest first, its first post
   * published about {@code fromMillis}. It is read through its {@link TimeIndex}: etcd walks every
   * key of a range in its index to count them, whatever the limit, so one range to the end of a
   * million posts costs a million steps.
   */
  record PostList(String dir, ByteSequence start, long fromMillis, boolean newestFirst) {

    /** True when read from the list's first post, not from a cursor. */
    boolean fromItsStart() {
      return start.equals(bytes(dir));
    }

    /** The key of the post {@code postId}'s copy in this list. */
    ByteSequence keyOf(String postId) {
      return bytes(dir + (newestFirst ? KeyLayout.newestFirst(postId) : segment(postId)));
    }

    /** Where the {@link TimeIndex} of this list is. */
    String indexDir() {
      return TIME_INDEX + dir.substring(ROOT.length());
    }

    /** Every key of the {@link TimeIndex} of this list. */
    Range index() {
      return new Range(bytes(indexDir()), prefixEnd(indexDir()));
    }

    /** The whole list from {@code start}. */
    Range all() {
      return new Range(start, prefixEnd(dir));
    }

    /**
     * From {@code start}, the posts published up to {@code epochMillis}: at or after it when newest
     * first, before it when oldest first (may be empty).
     */
    Range upTo(long epochMillis) {
      String firstIdThen = String.format("%013d%08x", epochMillis, 0);
      return new Range(
          start,
          bytes(dir + (newestFirst ? KeyLayout.newestFirst(firstIdThen) + NEXT : firstIdThen)));
    }

    /** The same list from {@code key} on. */
    PostList from(ByteSequence key) {
      return new PostList(dir, key, fromMillis, newestFirst);
    }
  }

  /**
   * A post id as a key segment that sorts newest first: every hex digit replaced by its complement
   * (0 and f, 1 and e, ...), which reverses the order of ids (all of one length). So etcd's own key
   * order is newest first and a range with a limit fetches only what it returns: asked to sort a
   * range the other way, etcd fetches the whole range first (an author's every post, per page). It
   * still walks the whole range in its in-memory index, to count it: see {@link PostList}.
   */
  static String newestFirst(String postId) {
    char[] key = new char[postId.length()];
    for (int i = 0; i < key.length; i++) {
      int value = HEX_DIGITS.indexOf(postId.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not a post id: '" + postId + "'");
      }
      key[i] = HEX_DIGITS.charAt(15 - value);
    }
    return new String(key);
  }

  /**
   * The id of the post under {@code key}: a key of {@link #post}, {@link #everyonesPost} or {@link
   * #liked}.
   */
  static String postId(ByteSequence key) {
    return newestFirst(lastSegment(key)); // the complement is its own inverse
  }

  /** The last path segment of a key: a name or a post id. */
  static String lastSegment(ByteSequence key) {
    String text = key.toString(StandardCharsets.UTF_8);
    return text.substring(text.lastIndexOf('/') + 1);
  }

  /** Keys from {@code start} (inclusive) to {@code end} (exclusive), as etcd ranges are. */
  record Range(ByteSequence start, ByteSequence end) {

    /** True when no key can be in the range, so etcd need not be asked. */
    boolean isEmpty() {
      return compare(start.getBytes(), end.getBytes()) >= 0;
    }
  }

  /**
   * Names under {@code dir} that start with the key prefix {@code from} (a directory or a directory
   * plus a name prefix), strictly after {@code after} when that sorts at or after it.
   */
  private static Range namesAfter(String from, String dir, Optional<String> after) {
    ByteSequence start =
        after
            .map(name -> dir + name + NEXT)
            .filter(key -> key.compareTo(from) >= 0)
            .map(KeyLayout::bytes)
            .orElseGet(() -> bytes(from));
    return new Range(start, prefixEnd(from));
  }

  /** The smallest key strictly after {@code key}. */
  static ByteSequence justAfter(ByteSequence key) {
    byte[] bytes = Arrays.copyOf(key.getBytes(), key.size() + 1); // a trailing 0 byte
    return ByteSequence.from(bytes);
  }

  /** The smallest key greater than every key that starts with {@code prefix}. */
  static ByteSequence prefixEnd(String prefix) {
    return prefixEnd(prefix.getBytes(StandardCharsets.UTF_8));
  }

  /** The smallest key greater than every key that starts with {@code prefix}. */
  static ByteSequence prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteSequence.from(Arrays.copyOf(end, i + 1));
      }
    }
    return ByteSequence.from(new byte[] {0}); // etcd's "to the end of the key space"
  }

  /**
   * A name or id used as one path segment: a '/' inside it would make two different pairs share a
   * key, so it is refused (usernames are {@code [a-z0-9_]}, post ids hex digits).
   */
  private static String segment(String name) {
    if (name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a valid key segment: '" + name + "'");
    }
    return name;
  }

  static ByteSequence bytes(String key) {
    return ByteSequence.from(key, StandardCharsets.UTF_8);
  }

  private static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
