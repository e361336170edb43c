package io.streamplane.oca.control;

import io.grpc.StatusRuntimeException;
import io.streamplane.oca.control.fill.FillPlanner;
import io.streamplane.oca.control.fill.TitleMedia;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.steering.Holdings;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.HeldAsset;
import io.streamplane.proto.oca.v1.InventoryRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Reads what every live appliance holds (its agent's Inventory): file by file for the fill plan, and the titles it
 * holds whole for steering, so a session is only sent where every file of the title is.
 */
public final class InventoryPoller {
  private static final Logger log = Logger.getLogger(InventoryPoller.class.getName());

  private final FleetRegistry fleet;
  private final Holdings holdings;
  private final AgentChannels channels;
  private final Supplier<Map<String, TitleMedia>> media;
  /** appliance id → title → path → sha256, as last listed. */
  private final Map<String, Map<String, Map<String, String>>> held = new ConcurrentHashMap<>();

  public InventoryPoller(FleetRegistry fleet, Holdings holdings, AgentChannels channels,
      Supplier<Map<String, TitleMedia>> media) {
    this.fleet = fleet;
    this.holdings = holdings;
    this.channels = channels;
    this.media = media;
  }

  public void pollOnce() {
    for (FleetRegistry.Member member : fleet.members()) {
      if (member.status() != FleetRegistry.Status.DOWN) {
        poll(member);
      }
    }
  }

  /** Reads one appliance now (after a fill or an eviction). */
  public void poll(String applianceId) {
    fleet.member(applianceId).ifPresent(this::poll);
  }

  private void poll(FleetRegistry.Member member) {
    String id = member.appliance().id();
    try {
      Map<String, Map<String, String>> files = new HashMap<>();
      for (HeldAsset asset : ApplianceAgentGrpc.newBlockingStub(channels.to(member.appliance().agentTarget()))
          .withDeadlineAfter(5, TimeUnit.SECONDS).inventory(InventoryRequest.getDefaultInstance()).getAssetsList()) {
        files.computeIfAbsent(asset.getTitleId(), t -> new HashMap<>()).put(asset.getPath(), asset.getSha256Hex());
      }
      held.put(id, files);
      holdings.replace(id, FillPlanner.completeTitles(files, media.get()));
    } catch (StatusRuntimeException e) {
      log.fine("inventory of " + id + " failed: " + e.getStatus());
    }
  }

  /** What an appliance held at its last successful poll (empty before the first). */
  public Map<String, Map<String, String>> held(String applianceId) {
    return held.getOrDefault(applianceId, Map.of());
  }

  /** Whether the appliance has been listed since this control plane started. */
  public boolean known(String applianceId) {
    return held.containsKey(applianceId);
  }
}
