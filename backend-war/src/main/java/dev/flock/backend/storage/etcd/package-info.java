/**
 * Flock's state in an etcd cluster (3 members or more), chosen with {@code flock.storage=etcd}: an
 * adapter per port ({@code EtcdAccountStore}, {@code EtcdSessionStore}, {@code EtcdFollowStore},
 * {@code EtcdFollowReads}, {@code EtcdPostStore}, {@code EtcdLikeStore}, {@code EtcdFeedReads},
 * {@code EtcdAttemptStore}, {@code EtcdPostWatch}, {@code EtcdClusterProbe}), all over one jetcd
 * {@code Client} ({@code EtcdClientProducer}) and one {@code EtcdCalls}, where they wait for etcd.
 *
 * <h2>Key layout</h2>
 *
 * <pre>
 * /flock/users/{username}                 account   "account/1\n{username}\n{createdAt}\n{passwordHash}"
 * /flock/sessions/{tokenHash}             session   "session/2\n{tokenHash}\n{username}\n{expiresAt}\n
 *                                                   {startedAt}\n{from}", on a lease of its own
 * /flock/user-sessions/{username}/{tokenHash}
 *                                         session   the same, on the same lease: a user's sessions
 * /flock/following/{follower}/{followee}  ""        one follow edge, outgoing
 * /flock/followers/{followee}/{follower}  ""        the same edge, incoming
 * /flock/retired-names/{username}        ""        the name of a deleted account: never again
 * /flock/follows-version/{follower}       ""        put again by each follow and unfollow: its
 *                                                   mod revision versions the follower's list
 * /flock/followers-version/{followee}     ""        the same for who follows {followee}
 * /flock/most-followed/{40 - band}/{username}
 *                                         ""        a user with followers, under the band of
 *                                                   their count (FollowStore.band: 1, 2-3, 4-7,
 *                                                   ...), so key order is most followed first
 * /flock/posts/{author}/{postId, each hex digit complemented}
 *                                         post      "post/1\n{id}\n{author}\n{createdAt}\n{text}"
 * /flock/everyones-posts/{postId, each hex digit complemented}
 *                                         post      the same post again: the global timeline
 * /flock/replies/{postId}/{replyId}       post      a reply again, under the post it answers
 *                                                   (a reply is "post/2": also the id and author
 *                                                   it answers)
 * /flock/mentions/{username}/{postId, complemented}
 *                                         post      a post again, under each user it mentions
 * /flock/tags/{tag}/{postId, complemented}
 *                                         post      a post again, under each of its hashtags
 *                                                   (at most 10 mentions and 10 tags per post)
 * /flock/time-index/{list}/d/{day}        ""        a day that holds posts of {list} (a list
 * /flock/time-index/{list}/m/{day}/{minute}          above without /flock/: everyones-posts/,
 * /flock/time-index/{list}/s/{minute}/{second}       tags/{tag}/, ...), its minutes, their
 *                                                   seconds: 13 digits of their start in the
 *                                                   list's order; each key's version counts the
 *                                                   posts its bucket got (TimeIndex)
 * /flock/backfills/post-lists-1           time      the posts an older Flock stored were put in
 *                                                   the lists above (PostListsBackfill)
 * /flock/likes/{postId}/{liker}           ""        one like, counted under its post
 * /flock/likes/                           ""        put again by every change of likes: its mod
 *                                                   revision versions all likes (LikesCache)
 * /flock/liked/{liker}/{postId, complemented}
 *                                         ""        the same like, listed under its liker
 * /flock/attempts/{limit}:{who}/{12 hex digits of epoch ms}-{attemptId}
 *                                         ""        one attempt a rate limit counts, on a lease
 *                                                   shared per window length and period
 * </pre>
 *
 * Values are UTF-8 lines whose first line names the record and its format version; only the last
 * field (a post's text) may hold line breaks; instants are ISO-8601 ({@code ValueFormat}). Names
 * are {@code [a-z0-9_]} and post ids hex digits, so no segment contains {@code /}; etcd sorts keys
 * by bytes, which for these names is name order.
 *
 * <h2>Operations</h2>
 *
 * <ul>
 *   <li>{@code createAccount}: one txn, {@code If(createRevision(key) == 0) Then(put) Else(get)}:
 *       exactly one of any number of concurrent registrations wins. A retried attempt that finds
 *       its own account (same hash, same instant) counts as the win it was.
 *   <li>{@code saveSession}: grant a lease of TTL = seconds until {@code expiresAt} (by the
 *       injected clock, rounded up; etcd raises very short TTLs to its minimum, ~2 s), then put the
 *       key with it. Expiry needs no sweeper: etcd deletes the key with its lease. A session
 *       already expired is not stored. {@code findSession} also checks {@code expiresAt} against
 *       the clock, so a lease that outlives its session by a fraction of a second never matters.
 *       {@code deleteSession} revokes the key's lease (which deletes the key).
 *   <li>{@code follow} / {@code unfollow}: both edge keys in one txn of two puts / two deletes, so
 *       the two directions never disagree, and applying the txn twice changes nothing; the same txn
 *       puts the follower's follows-version key, whose new revision tells readers the list changed.
 *       The read before the write also counts the followee's followers, and when the change takes
 *       that count into another band the same txn moves their ranking key: it deletes their key in
 *       every other band (41 deletes at most) and puts the new one, so a user is in exactly one
 *       band, and it is guarded by the followee's followers-version key (put by every follow and
 *       unfollow of them) being unchanged since the read, so the count it moves by is exact and a
 *       retry can never leave anyone out. A band's edge is crossed about log2(followers) times in a
 *       user's life: almost every follow writes one key more than before and is not guarded. An
 *       unguarded change that read its count before a move landed may leave a user a band off until
 *       their count next crosses an edge; the ranking only suggests people, and their exact counts
 *       are read when they are shown. An unfollow reads first (the edge, the count) and writes
 *       nothing when there is no edge.
 *   <li>{@code mostFollowed} ("who to follow"): one range of the ranking's keys with a limit, in
 *       key order: never a scan of all users, whatever their number. {@code followersOf} (the
 *       counts of a page of users, and whether the reader follows each) is one txn of a count-only
 *       range and a get per user, 60 users per txn; {@code followingOfEach} one txn of up to 128
 *       limited ranges.
 *   <li>{@code savePost}: one txn, {@code If(createRevision(key) == 0 && value(session key) ==
 *       author's session) Then(put, put each copy) Else(count key)}: a retried or concurrent write
 *       of the same id never duplicates or changes the post, and a post never lands after its
 *       author's sign-out (a session's value never changes while it lives; a compare on a missing
 *       key fails). {@code saveReply} also compares the answered post's key among everyone's posts
 *       ({@code createRevision > 0}), so a reply never lands after what it answers was deleted.
 *   <li>{@code record} (an attempt a rate limit counts): a serializable read of the subject's
 *       window (oldest key and count) refuses at once when it is full; otherwise one txn puts the
 *       attempt and counts the window, so each attempt sees all committed before it: the first
 *       {@code max} go ahead, a later one deletes its key and is refused (see {@code
 *       EtcdAttemptStore}).
 *   <li>Lists are one range read each, with a limit: {@code usernames}, {@code following}, {@code
 *       followers} ascend (keys only); {@code postsBy} reads from just after the {@code before} key
 *       onward. etcd fetches only the keys it returns, but walks every key of the range in its
 *       in-memory index to count them (etcd 3.4; 3.5 still counts), so a range to the end of a list
 *       costs as many steps as the list has keys: 2 s for everyone's million posts at shape XL. The
 *       lists that grow with the site ({@code everyonesPosts}, {@code taggedWith}, {@code
 *       mentionsOf}, {@code repliesTo}) are therefore read through their {@code TimeIndex}: each
 *       post's txn also puts the key of its day, minute and second in each of its lists, whose
 *       version counts the posts the bucket got; a page lists the buckets ahead of its cursor,
 *       reads a run of those that fit in one range and enters one that holds more. A page walks
 *       about its own length of keys plus one second's posts and the buckets it lists (the days
 *       with posts, at most 1,440 minutes and 60 seconds), in 2 to 4 round trips (more when deleted
 *       posts leave buckets emptier than their counts). Posts an older Flock wrote are in none of
 *       these lists: {@code PostListsBackfill} puts them there once per cluster, in the background
 *       when a backend starts (one guarded txn per post). Post ids start with 13 digits of epoch
 *       milliseconds, so they sort in publication order, and a post's key holds its id with each
 *       hex digit complemented (0 for f, ...), so key order is newest first. No read asks etcd to
 *       sort: etcd reads a whole range before sorting it, while a range in key order with a limit
 *       reads only what it returns (an author's two newest posts, not all of them). Counts are
 *       count-only ranges: etcd walks its in-memory index of that one prefix and sends back a
 *       number, no values.
 *   <li>{@code followingWhileSignedIn}: one txn without writes, {@code If(value(session key) ==
 *       reader's session) Then(range)}, which etcd serves like a single linearizable read: the
 *       reader's session is checked without a round trip of its own.
 *   <li>{@code followedWhileSignedIn} (a home feed's first read): the feed keeps whom each recent
 *       reader follows with the mod revision of their follows-version key ({@code FollowsCache}),
 *       and passes it in; the posts are read in one txn without writes, {@code If(value(session
 *       key) == reader's session && modRevision(follows-version) == known) Then(one range per
 *       author) Else(get session key, follows-version, names)}. A page whose reader's follows have
 *       not changed is one round trip, however many authors; a changed list fails the compare, and
 *       the other branch brings the new names and revision in the same round trip (then a second
 *       reads the posts). Nothing is trusted from memory: the compare proves the list current at
 *       the read's revision.
 *   <li>{@code likesOf} (how many like each post of a page, and whether the reader does): each
 *       backend keeps the likes of the posts it showed lately in a {@code LikesCache}, kept up to
 *       date by one watch of {@code /flock/likes/}. A like or unlike also puts the likes-version
 *       key in its txn, and a home feed page reads that key in its one txn: once the watch has
 *       applied that revision, the page's likes cost no read at all. Other pages read the key on
 *       its own (one point get); posts the cache does not know cost one txn per 60 posts of a count
 *       and up to 32 likers each, plus the reader's own like key.
 *   <li>Every read is linearizable (etcd's default): it reflects every write acknowledged before
 *       it, on any member. The likes cache answers only as of a version read that way.
 * </ul>
 *
 * <h2>Failures, deadlines, retries</h2>
 *
 * jetcd is asynchronous; the adapters block only in {@code EtcdCalls}, for at most {@code
 * flock.etcd.timeout-ms} (default 2000) per call, or less when the incoming gRPC call has less time
 * left (a caller already gone starts no etcd request), and then throw {@code
 * StorageUnavailableException}, never an empty or partial answer. Within that deadline {@code
 * EtcdCalls} retries failures that may be transient (no leader, connection lost, etcd's own request
 * timeout) with a short back-off, and abandons an attempt after a third of the deadline: after a
 * leader dies, a follower keeps a forwarded proposal for etcd's ~7 s request timeout, while a new
 * leader is elected in ~1-2 s, so a fresh attempt succeeds long before the old one would fail.
 * jetcd itself never retries writes, and a write that failed or timed out may still have been
 * applied; that is why every write above is idempotent by construction (txn-guarded creates, edge
 * puts/deletes, lease revoke), and the only thing a retry can leave behind is an unused lease,
 * which expires. Each data request (KV, Lease) carries etcd's {@code hasleader} header, so a member
 * cut off from the leader answers "no leader" at once instead of waiting; status requests do not,
 * so a lone member still reports itself ({@code RequireLeader}). jetcd's own retries are switched
 * off ({@code retryMaxAttempts(0)}): retrying happens in one place, under one deadline.
 *
 * <p>One thing idempotence cannot rule out: an attempt abandoned after a third of the deadline may
 * still be applied later (within etcd's request timeout), after the caller has moved on; a follow
 * abandoned, retried, then undone by an unfollow could thus come back. It needs a leader change
 * inside those few seconds and the same pair clicked twice; we accept it.
 *
 * <h2>etcd's limits and how each operation stays within them</h2>
 *
 * <ul>
 *   <li><b>128 operations per txn</b> ({@code --max-txn-ops}): a post is at most 89 puts (its key,
 *       its copies and their time buckets); deleting an account's posts takes as many per txn as
 *       fit with their copies, and its likes 60 at a time (two keys each); a follow or unfollow 4,
 *       or 45 when it moves the ranking; other writes at most 3 operations; reads of many authors'
 *       posts are split into txns of at most 128 ranges, and the follows of readers who follow more
 *       than 128 people come without a version to keep (their page reads the names in slices).
 *   <li><b>1.5 MiB per request</b> ({@code --max-request-bytes}): the largest value is a post of at
 *       most 280 characters (about 1 KiB in UTF-8 with its fields).
 *   <li><b>Response size</b> (gRPC's 4 MiB default on the client): every range has a limit from the
 *       caller's page size; the feed reads up to 129 followed names with the session check (more in
 *       slices of 500 keys, ~50 KiB) and at most a page of posts per author, in transactions of at
 *       most ~3,000 posts (~3 MiB).
 *   <li><b>Backend quota</b> ({@code --quota-backend-bytes}, 2 GiB by default): keys are never
 *       rewritten in place except follow edges, each user's follows- and followers-version keys and
 *       ranking key, and the likes-version key, and the cluster auto-compacts old revisions.
 * </ul>
 *
 * <h2>Connection</h2>
 *
 * One {@code Client} per application with every member's endpoint, round-robin load balancing, an
 * explicit connect timeout (= the call timeout) and HTTP/2 keepalive (10 s, 3 s timeout, also when
 * idle), so a dead member's connection is noticed and skipped. {@code EtcdClientProducer} makes it
 * on first use and closes it when the application stops.
 */
package dev.flock.backend.storage.etcd;
