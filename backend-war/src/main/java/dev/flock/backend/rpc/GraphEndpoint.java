package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.graph.FollowGraph;
import dev.flock.backend.graph.Person;
import dev.flock.backend.limits.RateLimits;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.core.TextRules;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.FollowResponse;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.ListConnectionsRequest;
import dev.flock.grpc.v1.ListConnectionsResponse;
import dev.flock.grpc.v1.SuggestFollowsRequest;
import dev.flock.grpc.v1.SuggestFollowsResponse;
import dev.flock.grpc.v1.UnfollowRequest;
import dev.flock.grpc.v1.UnfollowResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

@Dependent
public class GraphEndpoint extends GraphServiceGrpc.GraphServiceImplBase {

  @Inject FollowGraph graph;
  @Inject Caller caller;
  @Inject RateLimits limits;

  @Override
  public void follow(FollowRequest request, StreamObserver<FollowResponse> response) {
    String follower = caller.username();
    limits.follow(follower);
    graph.follow(follower, TextRules.username(request.getUsername()));
    reply(response, FollowResponse.getDefaultInstance());
  }

  @Override
  public void unfollow(UnfollowRequest request, StreamObserver<UnfollowResponse> response) {
    graph.unfollow(caller.username(), TextRules.username(request.getUsername()));
    reply(response, UnfollowResponse.getDefaultInstance());
  }

  @Override
  public void listFollowing(
      ListConnectionsRequest request, StreamObserver<ListConnectionsResponse> response) {
    reply(
        response,
        connections(
            graph.following(
                TextRules.username(request.getUsername()),
                pageOf(request),
                caller.usernameIfSignedIn())));
  }

  @Override
  public void listFollowers(
      ListConnectionsRequest request, StreamObserver<ListConnectionsResponse> response) {
    reply(
        response,
        connections(
            graph.followers(
                TextRules.username(request.getUsername()),
                pageOf(request),
                caller.usernameIfSignedIn())));
  }

  @Override
  public void suggestFollows(
      SuggestFollowsRequest request, StreamObserver<SuggestFollowsResponse> response) {
    reply(
        response,
        SuggestFollowsResponse.newBuilder()
            .addAllUsers(Messages.users(graph.suggestions(caller.username(), request.getLimit())))
            .build());
  }

  private static PageRequest pageOf(ListConnectionsRequest request) {
    return PageRequest.of(request.getCursor(), request.getPageSize());
  }

  private static ListConnectionsResponse connections(Page<Person> page) {
    return ListConnectionsResponse.newBuilder()
        .addAllUsers(Messages.users(page.items()))
        .setNextCursor(page.nextCursor())
        .build();
  }
}
