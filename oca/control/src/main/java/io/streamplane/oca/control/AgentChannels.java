package io.streamplane.oca.control;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One gRPC channel per appliance agent address, shared by the inventory poll and the fill scheduler. */
public final class AgentChannels implements AutoCloseable {
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public ManagedChannel to(String agentTarget) {
    return channels.computeIfAbsent(agentTarget,
        t -> Grpc.newChannelBuilder(t, InsecureChannelCredentials.create()).build());
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
