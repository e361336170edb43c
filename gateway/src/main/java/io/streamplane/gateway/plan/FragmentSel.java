package io.streamplane.gateway.plan;

import java.util.List;

/** An inline fragment (or an inlined named fragment); {@code typeCondition} null means "same type as the parent". */
public record FragmentSel(String typeCondition, List<Sel> selections) implements Sel {}
