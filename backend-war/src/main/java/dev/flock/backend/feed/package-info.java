/**
 * The home feed: posts of the people a user follows, newest first.
 *
 * <p>Strategy: <b>fan-out on read</b>. A page is a k-way merge of the newest posts of each followed
 * author, read from that author's own timeline as a bounded slice older than the cursor. Reading a
 * whole page from every author would read F times what is shown, so a page is read in two passes:
 * first an even share of the page from each of the F authors (⌈(page size + 1) / F⌉ + 1: one to
 * spare), then a full page only from the authors who may hold more of it: those whose whole share
 * is newer than the merged page's oldest post (they posted more than their share lately), or, when
 * the page is not full, every author whose share came back whole. On a site where authors post at
 * similar rates the second pass reads nothing; a page costs O(F + page size) posts read and O((F +
 * page size) · log F) to merge: it depends on the page size and on how many people the reader
 * follows, never on the number of posts on the site. Writes stay O(1): a post is stored once, and
 * follow/unfollow take effect on the next page with no copying of old posts (fan-out on write would
 * copy each post to every follower's inbox and rewrite inboxes on every follow and unfollow). The
 * cursor is the id of the last post shown, and ids are unique and totally ordered, so paging has
 * neither duplicates nor gaps while new posts arrive.
 *
 * <p>Each pass asks the storage for the slices of all its authors at once ({@code
 * FeedReads.followedWhileSignedIn}, then {@code postsByEach}): on etcd they travel as read-only
 * transactions of up to 128 ranges, so a page is one round trip while the reader's follows are
 * unchanged (the shares, read with the checks that the session still lives and that the follows the
 * backend knows are current), two after a change (the names, then the shares), one more when
 * someone posted more than their share, whether the reader follows 2 people or 100, not one more
 * per author. Whom each recent reader follows, and as of which version, is the feed's own knowledge
 * ({@link dev.flock.backend.feed.FollowsCache}): the storage only checks it.
 *
 * <p>The live feed ({@link dev.flock.backend.feed.LiveFeed}) is fan-out at delivery instead: one
 * watch of the storage per backend instance (in etcd, one watch of everyone's posts) hands each new
 * post to every open stream, which keeps it if its reader follows the author (a set look-up). A
 * post costs O(open streams) look-ups on each backend and no storage read; opening a stream reads
 * whom its reader follows once (one round trip), plus the first feed page when it resumes.
 */
package dev.flock.backend.feed;
