package io.streamplane.federation.compose;

import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.Type;
import graphql.language.TypeName;

import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;

/** Operations on type references ({@code [String!]!} and the like) that composition needs. */
final class TypeShapes {

    private TypeShapes() {
    }

    static String namedType(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return namedType(nonNull.getType());
        }
        if (type instanceof ListType list) {
            return namedType(list.getType());
        }
        return ((TypeName) type).getName();
    }

    static String print(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return print(nonNull.getType()) + "!";
        }
        if (type instanceof ListType list) {
            return "[" + print(list.getType()) + "]";
        }
        return ((TypeName) type).getName();
    }

    /** True when both references have the same list structure and named type, ignoring nullability at every level. */
    static boolean sameShape(Type<?> a, Type<?> b) {
        return sameShape(a, b, String::equals);
    }

    /** Like {@link #sameShape(Type, Type)}, with named types compared by {@code sameName}. */
    static boolean sameShape(Type<?> a, Type<?> b, BiPredicate<String, String> sameName) {
        Type<?> left = nullable(a);
        Type<?> right = nullable(b);
        if (left instanceof ListType l && right instanceof ListType r) {
            return sameShape(l.getType(), r.getType(), sameName);
        }
        return left instanceof TypeName l && right instanceof TypeName r && sameName.test(l.getName(), r.getName());
    }

    /** True when {@code candidate} has the shape of {@code reference} and is non-null wherever the reference is. */
    static boolean atLeastAsStrict(Type<?> candidate, Type<?> reference) {
        if (reference instanceof NonNullType nonNullReference) {
            return candidate instanceof NonNullType nonNull
                    && atLeastAsStrict(nonNull.getType(), nonNullReference.getType());
        }
        Type<?> inner = nullable(candidate);
        if (reference instanceof ListType list) {
            return inner instanceof ListType candidateList && atLeastAsStrict(candidateList.getType(), list.getType());
        }
        return inner instanceof TypeName name && name.getName().equals(((TypeName) reference).getName());
    }

    /**
     * Merges two references of the same shape: for outputs the most general one (nullable where either is
     * nullable), for inputs the most restrictive one (non-null where either is non-null); {@code name} picks the
     * named type when the two differ.
     */
    static Type<?> merge(Type<?> a, Type<?> b, boolean input, BinaryOperator<String> name) {
        boolean aNonNull = a instanceof NonNullType;
        boolean bNonNull = b instanceof NonNullType;
        Type<?> inner;
        Type<?> left = nullable(a);
        Type<?> right = nullable(b);
        if (left instanceof ListType l && right instanceof ListType r) {
            inner = ListType.newListType(merge(l.getType(), r.getType(), input, name)).build();
        } else {
            inner = TypeName.newTypeName(name.apply(((TypeName) left).getName(), ((TypeName) right).getName())).build();
        }
        boolean nonNull = input ? aNonNull || bNonNull : aNonNull && bNonNull;
        return nonNull ? NonNullType.newNonNullType(inner).build() : inner;
    }

    static Type<?> nullable(Type<?> type) {
        return type instanceof NonNullType nonNull ? nonNull.getType() : type;
    }
}
