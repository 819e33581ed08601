package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.feed.HomeFeed;
import dev.flock.backend.like.PostLikes;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Posts;
import dev.flock.backend.session.Session;
import dev.flock.grpc.v1.ExploreRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.PostPage;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Optional;

@Dependent
public class FeedEndpoint extends FeedServiceGrpc.FeedServiceImplBase {

  @Inject HomeFeed feed;
  @Inject Posts posts;
  @Inject PostLikes likes;
  @Inject Caller caller;

  @Override
  public void homeFeed(HomeFeedRequest request, StreamObserver<PostPage> response) {
    Session session = caller.session();
    var page = feed.page(session, PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(
        response, Messages.postPage(page, likes.of(page.items(), Optional.of(session.username()))));
  }

  @Override
  public void explore(ExploreRequest request, StreamObserver<PostPage> response) {
    var page = posts.everyones(PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page, likes.of(page.items(), caller.usernameIfSignedIn())));
  }
}
