package io.streamplane.oca.control;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.steering.Holdings;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.HeldAsset;
import io.streamplane.proto.oca.v1.InventoryRequest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Reads what every live appliance holds (its agent's Inventory), so steering only offers appliances that have it. */
public final class InventoryPoller implements AutoCloseable {
  private static final Logger log = Logger.getLogger(InventoryPoller.class.getName());

  private final FleetRegistry fleet;
  private final Holdings holdings;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public InventoryPoller(FleetRegistry fleet, Holdings holdings) {
    this.fleet = fleet;
    this.holdings = holdings;
  }

  public void pollOnce() {
    for (FleetRegistry.Member member : fleet.members()) {
      if (member.status() == FleetRegistry.Status.DOWN) {
        continue;
      }
      String target = member.appliance().agentTarget();
      ManagedChannel channel = channels.computeIfAbsent(target,
          t -> Grpc.newChannelBuilder(t, InsecureChannelCredentials.create()).build());
      try {
        Set<String> titles = new HashSet<>();
        for (HeldAsset asset : ApplianceAgentGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS)
            .inventory(InventoryRequest.getDefaultInstance()).getAssetsList()) {
          titles.add(asset.getTitleId());
        }
        holdings.replace(member.appliance().id(), titles);
      } catch (StatusRuntimeException e) {
        log.fine("inventory of " + member.appliance().id() + " failed: " + e.getStatus());
      }
    }
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
