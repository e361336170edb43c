package io.streamplane.platform.spring;

import com.netflix.graphql.dgs.context.DgsCustomContextBuilderWithRequest;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.GraphqlErrors;
import io.streamplane.platform.graphql.OperationCache;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What every DGS subgraph gets: error codes on GraphQL errors, the caller read from the gateway's headers, and a cache
 * of parsed operations.
 */
@AutoConfiguration
@ConditionalOnClass(DgsCustomContextBuilderWithRequest.class)
public class SubgraphAutoConfiguration {

  /** Primary: DGS defines its own graphql-java handler, which would add class names to messages. */
  @Bean
  @Primary
  @Order(Ordered.HIGHEST_PRECEDENCE)
  GraphqlErrors graphqlErrors() {
    return new GraphqlErrors();
  }

  @Bean
  @ConditionalOnMissingBean(PreparsedDocumentProvider.class)
  PreparsedDocumentProvider operationCache() {
    return new OperationCache(2_000, Duration.ofHours(1));
  }

  @Bean
  @ConditionalOnMissingBean(DgsCustomContextBuilderWithRequest.class)
  DgsCustomContextBuilderWithRequest<Caller> callerContext(
      @Value("${streamplane.default-country:US}") String defaultCountry) {
    return (extensions, headers, request) -> Caller.fromHeaders(
        name -> headers == null ? null : headers.getFirst(name), defaultCountry);
  }
}
