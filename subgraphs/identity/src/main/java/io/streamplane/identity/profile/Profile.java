package io.streamplane.identity.profile;

import java.util.UUID;

/**
 * A viewer inside an account.
 *
 * @param maturityLimit the highest catalog maturity level (minimum viewer age: 0, 7, 13, 16, 18) the profile may watch
 * @param language BCP 47 language tag, e.g. {@code en} or {@code pt-BR}
 */
public record Profile(UUID accountId, UUID id, String name, boolean kids, int maturityLimit, String language) {}
