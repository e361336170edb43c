package io.streamplane.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The identity subgraph: GraphQL (DGS, federation) and the JWKS on HTTP, IdentityService on gRPC, in one process. */
@SpringBootApplication
@EnableScheduling
public class IdentityApplication {
  public static void main(String[] args) {
    SpringApplication.run(IdentityApplication.class, args);
  }
}
