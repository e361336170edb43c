package io.streamplane.playback.graphql;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamplane.playback.play.Heartbeat;
import org.springframework.stereotype.Component;

/**
 * Quality-of-experience figures from heartbeats as Prometheus metrics (streamplane_playback_qoe_*): bitrate and
 * picture height played, rebuffering time and dropped frames per heartbeat interval.
 */
@Component
public class QoeMetrics {
  private final DistributionSummary bitrate;
  private final DistributionSummary height;
  private final DistributionSummary rebuffer;
  private final DistributionSummary dropped;

  public QoeMetrics(MeterRegistry registry) {
    this.bitrate = DistributionSummary.builder("streamplane.playback.qoe.bitrate").baseUnit("bits_per_second")
        .register(registry);
    this.height = DistributionSummary.builder("streamplane.playback.qoe.height").baseUnit("pixels").register(registry);
    this.rebuffer = DistributionSummary.builder("streamplane.playback.qoe.rebuffer").baseUnit("milliseconds")
        .register(registry);
    this.dropped = DistributionSummary.builder("streamplane.playback.qoe.dropped.frames").register(registry);
  }

  void record(Heartbeat beat) {
    if (beat.bitrateBps() != null && beat.bitrateBps() >= 0) {
      bitrate.record(beat.bitrateBps());
    }
    if (beat.height() != null && beat.height() >= 0) {
      height.record(beat.height());
    }
    if (beat.rebufferMs() != null && beat.rebufferMs() >= 0) {
      rebuffer.record(beat.rebufferMs());
    }
    if (beat.droppedFrames() != null && beat.droppedFrames() >= 0) {
      dropped.record(beat.droppedFrames());
    }
  }
}
