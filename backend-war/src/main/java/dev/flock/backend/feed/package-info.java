/**
 * The home feed: posts of the people a user follows, newest first.
 *
 * <p>Strategy: <b>fan-out on read</b>. A page is a k-way merge of the newest posts of each followed
 * author, each read as one bounded slice ({@code page size + 1} posts older than the cursor) from
 * that author's own timeline. So a page costs O(F · log P + page size · log F) for F followed
 * authors and P posts per author: it depends on the page size and on how many people the reader
 * follows, never on the number of posts on the site. Writes stay O(1): a post is stored once, and
 * follow/unfollow take effect on the next page with no copying of old posts (fan-out on write would
 * copy each post to every follower's inbox and rewrite inboxes on every follow and unfollow). The
 * cursor is the id of the last post shown, and ids are unique and totally ordered, so paging has
 * neither duplicates nor gaps while new posts arrive.
 *
 * <p>The slices of all followed authors are asked of the storage at once ({@code
 * Storage.postsByEach}): on etcd they travel as read-only transactions of up to 128 ranges, so a
 * page is two round trips (the followed names, read together with the check that the reader's
 * session still lives, then the slices) whether the reader follows 2 people or 100, not one more
 * per author.
 */
package dev.flock.backend.feed;
