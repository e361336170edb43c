package io.streamplane.playback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The playback subgraph: GraphQL (DGS, federation), the manifest and licence endpoints, in one process. */
@SpringBootApplication
public class PlaybackApplication {
  public static void main(String[] args) {
    SpringApplication.run(PlaybackApplication.class, args);
  }
}
