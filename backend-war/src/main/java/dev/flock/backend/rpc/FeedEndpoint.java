package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.feed.HomeFeed;
import dev.flock.backend.paging.PageRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.PostPage;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

@Dependent
public class FeedEndpoint extends FeedServiceGrpc.FeedServiceImplBase {

  @Inject HomeFeed feed;
  @Inject Caller caller;

  @Override
  public void homeFeed(HomeFeedRequest request, StreamObserver<PostPage> response) {
    var page =
        feed.page(caller.session(), PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page));
  }
}
