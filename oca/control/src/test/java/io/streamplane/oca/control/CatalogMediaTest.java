package io.streamplane.oca.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.streamplane.oca.control.fill.TitleMedia;
import io.streamplane.proto.catalog.v1.AvailabilityWindow;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.Title;
import io.streamplane.proto.catalog.v1.TitleAssets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control plane's view of the catalog, read over the catalog's gRPC contract. */
class CatalogMediaTest {
  @Test
  void upcomingReleasesComeWithTheirPopularityAndReleaseDateSoPlacementCanPrePositionThem() throws Exception {
    Instant release = Instant.now().plusSeconds(2 * 86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (TestCatalog catalog = new TestCatalog()) {
      catalog.put(title("80000001", 5.0, Instant.ofEpochSecond(1)), media("80000001"));
      catalog.put(title("80000002", 9.0, release), media("80000002"));
      ManagedChannel channel = Grpc.newChannelBuilder(catalog.target(), InsecureChannelCredentials.create()).build();
      try {
        CatalogMedia media = new CatalogMedia(channel, Clock.systemUTC());
        media.refreshAll();
        Map<String, TitleMedia> titles = media.titles();
        assertEquals(2, titles.size(), titles.toString());
        TitleMedia upcoming = titles.get("80000002");
        assertEquals(9.0, upcoming.popularity());
        assertEquals(release, upcoming.availableFrom());
        assertTrue(titles.get("80000001").availableFrom().isBefore(Instant.now()));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static Title title(String id, double popularity, Instant from) {
    return Title.newBuilder().setId(id).setName(id).setPopularity(popularity)
        .addAvailability(AvailabilityWindow.newBuilder().setCountry("US").setAvailableFromEpochS(from.getEpochSecond()))
        .build();
  }

  private static TitleAssets media(String id) {
    return TitleAssets.newBuilder().setTitleId(id).addAssets(MediaAsset.newBuilder().setId("manifest.mpd")
        .setPath("manifest.mpd").setKind("DASH_MANIFEST").setSizeBytes(1024).setSha256("ab".repeat(32))).build();
  }
}
