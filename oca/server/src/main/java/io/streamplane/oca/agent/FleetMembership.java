package io.streamplane.oca.agent;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.streamplane.proto.oca.v1.FleetServiceGrpc;
import io.streamplane.proto.oca.v1.HealthBeat;
import io.streamplane.proto.oca.v1.RegisterRequest;
import io.streamplane.proto.oca.v1.StreamHealthSummary;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps this appliance a member of the fleet: registers with the control plane and streams a health beat every
 * interval the control plane asked for. When the control plane is away it keeps trying; when it comes back (or
 * restarts and forgot us) the appliance registers again.
 */
public final class FleetMembership implements AutoCloseable {
  private static final Logger log = Logger.getLogger(FleetMembership.class.getName());

  private final ManagedChannel channel;
  private final RegisterRequest registration;
  private final HealthSampler health;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "oca-fleet-membership");
    thread.setDaemon(true);
    return thread;
  });
  private StreamObserver<HealthBeat> beats;
  private long intervalMs = 1000;

  public FleetMembership(String controlPlaneTarget, RegisterRequest registration, HealthSampler health) {
    this.channel = Grpc.newChannelBuilder(controlPlaneTarget, InsecureChannelCredentials.create()).build();
    this.registration = registration;
    this.health = health;
  }

  public FleetMembership start() {
    scheduler.execute(this::beat);
    return this;
  }

  private void beat() {
    long next = intervalMs;
    try {
      if (beats == null) {
        intervalMs = FleetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .register(registration).getIntervalMs();
        next = intervalMs;
        beats = FleetServiceGrpc.newStub(channel).streamHealth(new StreamObserver<StreamHealthSummary>() {
          @Override public void onNext(StreamHealthSummary summary) { }
          @Override public void onError(Throwable t) {
            scheduler.execute(() -> beats = null);  // register again on the next beat
          }
          @Override public void onCompleted() { }
        });
        log.info("registered with the control plane as " + registration.getApplianceId());
      }
      beats.onNext(HealthBeat.newBuilder().setApplianceId(registration.getApplianceId()).setHealth(health.sample())
          .build());
    } catch (Exception e) {
      beats = null;
      next = Math.min(5_000, Math.max(1_000, intervalMs));
      log.fine("control plane unavailable: " + e.getMessage());
    }
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::beat, next, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    if (beats != null) {
      try {
        beats.onCompleted();
      } catch (RuntimeException ignored) {
        // the stream is already gone
      }
    }
    channel.shutdownNow();
  }
}
