/**
 * The social graph: who follows whom. Follow and unfollow are idempotent and reversible.
 *
 * <h2>Lists of people</h2>
 *
 * Every list of users (followers, following, and the name search in {@code account}) shows each
 * one's follower count and whether the reader follows them ({@link
 * dev.flock.backend.graph.FollowGraph#people}): the names of a page are read first (one range of
 * page size + 1 keys), then their counts and the reader's edges for the whole page in one storage
 * step ({@code FollowReads.followersOf}; etcd: one read-only txn of a count-only range and a key
 * lookup per name, 60 names per txn). So a page costs two round trips and O(page size) keys,
 * whatever the number of users; a count-only range costs etcd a walk of that one user's followers
 * in its in-memory index, as the profile page's count always has.
 *
 * <h2>Who to follow</h2>
 *
 * {@link dev.flock.backend.graph.FollowGraph#suggestions} (shown on an empty home feed) reads, in
 * this order: the first 10 people the reader follows (one range of 10 keys); the first 10 each of
 * them follows (one txn of up to 10 ranges of 10 keys); the first 15 of the ranking of the most
 * followed ({@code FollowReads.mostFollowed}: one range of 15 keys); then the counts of at most 40
 * candidates and whether the reader follows each (one txn). People followed by the most of the
 * reader's people come first, then the most followed by their exact count; the reader and anyone
 * they follow never. That is four round trips and about 200 keys in the worst case, the same on a
 * site of ten users or ten million: it only ever looks at the first few of each list, in name
 * order, so it is a sample of the reader's neighbourhood, not the whole of it.
 *
 * <p>The ranking of the most followed is kept by the storage as follows happen, not computed per
 * request: users sit in bands of their follower count (1, 2-3, 4-7, ...), and a follow or unfollow
 * moves its followee only when it crosses a band's edge (etcd: in the same txn as the edge, so a
 * retry can never leave them out; about log2(followers) moves in a user's life). Reading it is one
 * range with a limit, never a scan of all users. The price is precision: within a band users are in
 * name order, so the top 15 are the most followed to within a factor of two, which is enough to
 * suggest people, and their exact counts are read before they are shown. A per-backend cache of a
 * scan of everyone's counts was the other way: it costs O(users) reads every few seconds on every
 * backend, and grows with the site.
 */
package dev.flock.backend.graph;
