package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.feed.HomeFeed;
import dev.flock.backend.feed.LiveFeed;
import dev.flock.backend.like.PostLikes;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Post;
import dev.flock.backend.post.Posts;
import dev.flock.backend.session.Session;
import dev.flock.grpc.v1.ExploreRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.NewPost;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.WatchHomeFeedRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

@Dependent
public class FeedEndpoint extends FeedServiceGrpc.FeedServiceImplBase {

  @Inject HomeFeed feed;
  @Inject LiveFeed live;
  @Inject Posts posts;
  @Inject PostLikes likes;
  @Inject Caller caller;

  @Override
  public void homeFeed(HomeFeedRequest request, StreamObserver<PostPage> response) {
    Session session = caller.session();
    var page = feed.page(session, PageRequest.of(request.getCursor(), request.getPageSize()));
    var shown = page.posts();
    reply(
        response,
        Messages.postPage(
            shown, likes.of(shown.items(), Optional.of(session.username()), page.likesVersion())));
  }

  @Override
  public void watchHomeFeed(WatchHomeFeedRequest request, StreamObserver<NewPost> response) {
    var stream = (ServerCallStreamObserver<NewPost>) response;
    AtomicReference<LiveFeed.Subscription> opened = new AtomicReference<>();
    stream.setOnCancelHandler(
        () -> Optional.ofNullable(opened.get()).ifPresent(LiveFeed.Subscription::close));
    opened.set(
        live.open(
            caller.session(),
            Optional.of(request.getAfterPostId()).filter(id -> !id.isEmpty()),
            new LiveFeed.Listener() {
              @Override
              public void newPost(Post post) {
                if (!stream.isCancelled()) {
                  stream.onNext(
                      NewPost.newBuilder().setPostId(post.id()).setAuthor(post.author()).build());
                }
              }

              @Override
              public void ended(Throwable cause) {
                if (stream.isCancelled()) {
                  return;
                }
                if (cause == null) {
                  stream.onCompleted();
                } else {
                  // the storage's watch broke: the caller opens another stream, maybe elsewhere
                  stream.onError(
                      Status.UNAVAILABLE
                          .withDescription("The live feed ended; open it again.")
                          .asRuntimeException());
                }
              }
            }));
    if (stream.isCancelled()) {
      opened.get().close();
    }
  }

  @Override
  public void explore(ExploreRequest request, StreamObserver<PostPage> response) {
    var page = posts.everyones(PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page, likes.of(page.items(), caller.usernameIfSignedIn())));
  }
}
