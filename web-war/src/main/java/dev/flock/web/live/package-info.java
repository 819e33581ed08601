/**
 * The live home feed: {@code GET /live/home} is a stream of Server-Sent Events, one {@code post}
 * event (its id the post's id) for each new post of the people the signed-in reader follows, fed by
 * the backend's {@code WatchHomeFeed} gRPC stream. The page's {@code live.js} turns them into a "N
 * new posts" notice; without JavaScript the page is as it always was.
 *
 * <p>Nothing is kept between requests: a stream lives a few minutes, then ends, and the browser
 * opens another, on any web instance, sending the id of the last post it was told ({@code
 * Last-Event-ID}); the backend first tells of the posts newer than that. Each instance bounds how
 * many streams it holds open ({@code flock.web.live.max-streams}); an open stream holds no thread,
 * only its connection and a gRPC stream on the one shared channel.
 */
package dev.flock.web.live;
