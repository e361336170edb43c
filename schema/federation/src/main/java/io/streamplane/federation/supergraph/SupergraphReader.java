package io.streamplane.federation.supergraph;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValue;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectField;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectValue;
import graphql.language.OperationTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.language.Value;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Federation 2 supergraph (core schema with link v1.0, join v0.2–v0.5, inaccessible, tag) into per-subgraph
 * models and the client-facing API schema. Follows the extraction semantics of the join spec: a field without
 * {@code @join__field} exists in every subgraph that has its parent type.
 */
public final class SupergraphReader {

  private static final Set<String> BUILT_IN_DIRECTIVES = Set.of("deprecated", "specifiedBy", "oneOf", "include", "skip", "defer", "stream");
  /** Security features we do not enforce: serving a supergraph that uses them would silently drop access rules. */
  private static final Set<String> UNENFORCED_SECURITY = Set.of("authenticated", "requiresScopes", "policy", "context");

  public static Supergraph read(String sdl) {
    Document document;
    try {
      document = Parser.parse(ParserEnvironment.newParserEnvironment().document(sdl)
          .parserOptions(ParserOptions.getDefaultSdlParserOptions()).build());
    } catch (RuntimeException e) {
      throw new SupergraphException("SUPERGRAPH_SYNTAX", "the supergraph is not valid GraphQL SDL: " + e.getMessage());
    }
    return new SupergraphReader(true).extract(document);
  }

  /**
   * Reads a supergraph for analysis (composition's satisfiability check) rather than serving: linked features this
   * gateway refuses to serve (access control it does not enforce, unknown execution features) are accepted.
   */
  public static Supergraph readForAnalysis(String sdl) {
    return readForAnalysis(sdl, null);
  }

  /** As {@link #readForAnalysis(String)}, reusing an API schema the caller already built from the same SDL. */
  public static Supergraph readForAnalysis(String sdl, GraphQLSchema apiSchema) {
    Document document;
    try {
      document = Parser.parse(ParserEnvironment.newParserEnvironment().document(sdl)
          .parserOptions(ParserOptions.getDefaultSdlParserOptions()).build());
    } catch (RuntimeException e) {
      throw new SupergraphException("SUPERGRAPH_SYNTAX", "the supergraph is not valid GraphQL SDL: " + e.getMessage());
    }
    SupergraphReader reader = new SupergraphReader(false);
    reader.prebuiltApiSchema = apiSchema;
    return reader.extract(document);
  }

  /** An API schema built by the caller from the same SDL, or null to build it here. */
  private GraphQLSchema prebuiltApiSchema;
  /** Whether features the gateway cannot serve are refused. */
  private final boolean forServing;

  private SupergraphReader(boolean forServing) {
    this.forServing = forServing;
  }

  private final List<LinkedFeature> features = new ArrayList<>();
  private LinkedFeature join;
  private LinkedFeature inaccessible;

  private Supergraph extract(Document document) {
    SchemaDefinition schemaDef = document.getDefinitionsOfType(SchemaDefinition.class).stream().findFirst()
        .orElseThrow(() -> new SupergraphException("NOT_A_SUPERGRAPH", "no schema definition with @link: not a supergraph"));
    readLinks(schemaDef);
    Map<String, String> rootTypes = new LinkedHashMap<>();
    for (OperationTypeDefinition op : schemaDef.getOperationTypeDefinitions()) {
      rootTypes.put(op.getName(), op.getTypeName().getName());
    }

    Map<String, String> graphNames = new LinkedHashMap<>();
    Map<String, String> graphUrls = new LinkedHashMap<>();
    EnumTypeDefinition graphEnum = document.getDefinitionsOfType(EnumTypeDefinition.class).stream()
        .filter(e -> e.getName().equals(join.localName() + "__Graph")).findFirst()
        .orElseThrow(() -> new SupergraphException("NOT_A_SUPERGRAPH", "no " + join.localName() + "__Graph enum"));
    for (EnumValueDefinition v : graphEnum.getEnumValueDefinitions()) {
      Directive g = v.getDirectives(join.directive("graph")).stream().findFirst()
          .orElseThrow(() -> new SupergraphException("NOT_A_SUPERGRAPH", "graph " + v.getName() + " has no @join__graph"));
      graphNames.put(v.getName(), string(g, "name"));
      graphUrls.put(v.getName(), string(g, "url"));
    }

    List<TypeDefinition> typeDefs = new ArrayList<>();
    for (Definition<?> d : document.getDefinitions()) {
      if (d instanceof TypeDefinition<?> t && !isMachinery(t.getName())) {
        typeDefs.add(t);
      }
    }

    Map<String, SupergraphType> superTypes = supergraphTypes(typeDefs);
    Map<String, Map<String, SubgraphTypeBuilder>> perGraph = new LinkedHashMap<>();
    graphNames.keySet().forEach(g -> perGraph.put(g, new LinkedHashMap<>()));
    for (TypeDefinition<?> t : typeDefs) {
      extractType(t, graphNames.keySet(), perGraph);
    }

    Map<String, Subgraph> subgraphs = new LinkedHashMap<>();
    for (String graph : graphNames.keySet()) {
      Map<String, SubgraphType> types = new LinkedHashMap<>();
      perGraph.get(graph).forEach((name, b) -> types.put(name, b.build()));
      // an interface's implementations in a subgraph come from the objects' join__implements there
      for (SubgraphType t : List.copyOf(types.values())) {
        for (String itf : t.interfaces()) {
          SubgraphType i = types.get(itf);
          if (i != null && i.kind() == TypeKind.INTERFACE) {
            i.members().add(t.name());
          }
        }
      }
      String name = graphNames.get(graph);
      subgraphs.put(name, new Subgraph(name, graphUrls.get(graph), types));
    }
    return new Supergraph(subgraphs, superTypes, rootTypes,
        prebuiltApiSchema != null ? prebuiltApiSchema : apiSchema(document, typeDefs, schemaDef));
  }

  private void readLinks(SchemaDefinition schemaDef) {
    for (Directive d : schemaDef.getDirectives()) {
      if (d.getName().equals("core")) {
        throw new SupergraphException("FEDERATION_1_SUPERGRAPH",
            "this supergraph uses @core (Federation 1); recompose it with Federation 2 (join v0.3 or later)");
      }
      if (!d.getName().equals("link")) {
        continue;
      }
      Map<String, String> imports = new LinkedHashMap<>();
      if (d.getArgument("import") != null && d.getArgument("import").getValue() instanceof ArrayValue arr) {
        for (Value<?> v : arr.getValues()) {
          if (v instanceof StringValue s) {
            imports.put(s.getValue(), s.getValue());
          } else if (v instanceof ObjectValue o) {
            String n = null;
            String as = null;
            for (ObjectField f : o.getObjectFields()) {
              if (f.getName().equals("name")) {
                n = ((StringValue) f.getValue()).getValue();
              } else if (f.getName().equals("as")) {
                as = ((StringValue) f.getValue()).getValue();
              }
            }
            if (n != null) {
              imports.put(n, as != null ? as : n);
            }
          }
        }
      }
      String purpose = d.getArgument("for") != null && d.getArgument("for").getValue() instanceof EnumValue e ? e.getName() : null;
      features.add(LinkedFeature.of(string(d, "url"), string(d, "as"), purpose, imports));
    }
    if (features.isEmpty()) {
      throw new SupergraphException("NOT_A_SUPERGRAPH", "the schema has no @link: not a supergraph");
    }
    for (LinkedFeature f : features) {
      checkSupported(f);
    }
    if (join == null) {
      throw new SupergraphException("NOT_A_SUPERGRAPH", "the schema does not link the join spec: not a supergraph");
    }
  }

  private void checkSupported(LinkedFeature f) {
    if (f.isApolloSpec("link")) {
      if (f.major() != 1) {
        throw unsupported(f);
      }
    } else if (f.isApolloSpec("join")) {
      if (f.major() == 0 && f.minor() == 1) {
        throw new SupergraphException("FEDERATION_1_SUPERGRAPH",
            "join v0.1 is a Federation 1 supergraph; recompose it with Federation 2 (join v0.3 or later)");
      }
      if (f.major() != 0 || f.minor() < 2 || f.minor() > 5) {
        throw unsupported(f);
      }
      join = f;
    } else if (f.isApolloSpec("inaccessible")) {
      if (f.major() != 0 || f.minor() > 2) {
        throw unsupported(f);
      }
      inaccessible = f;
    } else if (f.isApolloSpec("tag")) {
      if (f.major() != 0 || f.minor() > 3) {
        throw unsupported(f);
      }
    } else if (!forServing) {
      return;
    } else if (UNENFORCED_SECURITY.stream().anyMatch(f::isApolloSpec)) {
      throw new SupergraphException("UNSUPPORTED_FEATURE", "the supergraph links " + f.url()
          + ", a security feature this gateway does not enforce; refusing to serve it");
    } else if ("EXECUTION".equals(f.purpose()) || "SECURITY".equals(f.purpose())) {
      throw new SupergraphException("UNSUPPORTED_FEATURE", "the supergraph links " + f.url() + " for " + f.purpose()
          + ", which this gateway does not implement; refusing to serve it");
    }
  }

  private static SupergraphException unsupported(LinkedFeature f) {
    return new SupergraphException("UNSUPPORTED_FEATURE", "unsupported version " + f.version() + " of " + f.identity());
  }

  private boolean isMachinery(String name) {
    return features.stream().anyMatch(f -> f.ownsName(name));
  }

  private Map<String, SupergraphType> supergraphTypes(List<TypeDefinition> typeDefs) {
    Map<String, SupergraphType> types = new LinkedHashMap<>();
    Map<String, Set<String>> possible = new LinkedHashMap<>();
    for (TypeDefinition<?> t : typeDefs) {
      if (t instanceof ObjectTypeDefinition o) {
        for (Type<?> i : o.getImplements()) {
          possible.computeIfAbsent(((TypeName) i).getName(), k -> new LinkedHashSet<>()).add(o.getName());
        }
      } else if (t instanceof UnionTypeDefinition u) {
        Set<String> members = possible.computeIfAbsent(u.getName(), k -> new LinkedHashSet<>());
        u.getMemberTypes().forEach(m -> members.add(((TypeName) m).getName()));
      }
    }
    for (TypeDefinition<?> t : typeDefs) {
      Map<String, String> fields = new LinkedHashMap<>();
      List<FieldDefinition> defs = t instanceof ObjectTypeDefinition o ? o.getFieldDefinitions()
          : t instanceof InterfaceTypeDefinition i ? i.getFieldDefinitions() : List.of();
      defs.forEach(f -> fields.put(f.getName(), print(f.getType())));
      types.put(t.getName(), new SupergraphType(t.getName(), kind(t), fields, possible.getOrDefault(t.getName(), Set.of())));
    }
    return types;
  }

  private void extractType(TypeDefinition<?> t, Set<String> graphs, Map<String, Map<String, SubgraphTypeBuilder>> perGraph) {
    List<Directive> joinTypes = t.getDirectives(join.directive("type"));
    Map<String, SubgraphTypeBuilder> inGraphs = new LinkedHashMap<>();
    if (joinTypes.isEmpty()) {
      for (String g : graphs) {
        inGraphs.put(g, perGraph.get(g).computeIfAbsent(t.getName(), n -> new SubgraphTypeBuilder(n, kind(t))));
      }
    }
    for (Directive jt : joinTypes) {
      String graph = enumArg(jt, "graph");
      boolean interfaceObject = bool(jt, "isInterfaceObject", false);
      TypeKind kind = interfaceObject ? TypeKind.OBJECT : kind(t);
      SubgraphTypeBuilder b = perGraph.get(graph).computeIfAbsent(t.getName(), n -> new SubgraphTypeBuilder(n, kind));
      b.interfaceObject |= interfaceObject;
      String key = string(jt, "key");
      if (key != null) {
        b.keys.add(new EntityKey(FieldSet.parse(key), bool(jt, "resolvable", true)));
      }
      inGraphs.put(graph, b);
    }
    for (Directive ji : t.getDirectives(join.directive("implements"))) {
      SubgraphTypeBuilder b = inGraphs.get(enumArg(ji, "graph"));
      if (b != null) {
        b.interfaces.add(string(ji, "interface"));
      }
    }
    if (t instanceof UnionTypeDefinition u) {
      List<Directive> members = u.getDirectives(join.directive("unionMember"));
      if (members.isEmpty()) {
        inGraphs.values().forEach(b -> u.getMemberTypes().forEach(m -> b.members.add(((TypeName) m).getName())));
      }
      for (Directive m : members) {
        SubgraphTypeBuilder b = inGraphs.get(enumArg(m, "graph"));
        if (b != null) {
          b.members.add(string(m, "member"));
        }
      }
    }
    List<FieldDefinition> fields = t instanceof ObjectTypeDefinition o ? o.getFieldDefinitions()
        : t instanceof InterfaceTypeDefinition i ? i.getFieldDefinitions() : List.of();
    for (FieldDefinition f : fields) {
      extractField(f, inGraphs);
    }
  }

  private void extractField(FieldDefinition f, Map<String, SubgraphTypeBuilder> inGraphs) {
    List<Directive> joinFields = f.getDirectives(join.directive("field"));
    String superType = print(f.getType());
    if (joinFields.isEmpty()) {
      inGraphs.values().forEach(b -> b.fields.put(f.getName(),
          new SubgraphField(f.getName(), superType, false, null, null, null, null, false)));
      return;
    }
    for (Directive jf : joinFields) {
      String graph = enumArg(jf, "graph");
      SubgraphTypeBuilder b = graph == null ? null : inGraphs.get(graph);
      if (b == null) {
        continue; // graph: null marks a field only inherited through an @interfaceObject
      }
      String type = string(jf, "type");
      String requires = string(jf, "requires");
      String provides = string(jf, "provides");
      String label = string(jf, "overrideLabel");
      boolean usedOverridden = bool(jf, "usedOverridden", false);
      b.fields.put(f.getName(), new SubgraphField(f.getName(), type != null ? type : superType,
          bool(jf, "external", false),
          requires == null ? null : FieldSet.parse(requires), provides == null ? null : FieldSet.parse(provides),
          string(jf, "override"), label, usedOverridden && label == null));
    }
  }

  // ---- API schema -------------------------------------------------------------------------------------------

  private GraphQLSchema apiSchema(Document document, List<TypeDefinition> typeDefs, SchemaDefinition schemaDef) {
    Set<String> hidden = new LinkedHashSet<>();
    for (TypeDefinition<?> t : typeDefs) {
      if (isInaccessible(t)) {
        hidden.add(t.getName());
      }
    }
    List<Definition> defs = new ArrayList<>();
    defs.add(schemaDef.transform(b -> b.directives(List.of())));
    for (Definition<?> d : document.getDefinitions()) {
      if (d instanceof DirectiveDefinition dd && !isMachinery(dd.getName()) && !BUILT_IN_DIRECTIVES.contains(dd.getName())) {
        defs.add(dd);
      }
    }
    for (TypeDefinition<?> t : typeDefs) {
      if (!hidden.contains(t.getName())) {
        defs.add(apiType(t, hidden));
      }
    }
    try {
      return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().buildRegistry(Document.newDocument().definitions(defs).build()));
    } catch (RuntimeException e) {
      throw new SupergraphException("INVALID_API_SCHEMA", "the supergraph's API schema is invalid: " + e.getMessage());
    }
  }

  private Definition<?> apiType(TypeDefinition<?> t, Set<String> hidden) {
    if (t instanceof ObjectTypeDefinition o) {
      return o.transform(b -> b.directives(kept(o)).fieldDefinitions(apiFields(o.getFieldDefinitions()))
          .implementz(o.getImplements().stream().filter(i -> !hidden.contains(((TypeName) i).getName())).toList()));
    }
    if (t instanceof InterfaceTypeDefinition i) {
      return i.transform(b -> b.directives(kept(i)).definitions(apiFields(i.getFieldDefinitions()))
          .implementz(i.getImplements().stream().filter(x -> !hidden.contains(((TypeName) x).getName())).toList()));
    }
    if (t instanceof UnionTypeDefinition u) {
      return u.transform(b -> b.directives(kept(u))
          .memberTypes(u.getMemberTypes().stream().filter(m -> !hidden.contains(((TypeName) m).getName())).toList()));
    }
    if (t instanceof EnumTypeDefinition e) {
      return e.transform(b -> b.directives(kept(e)).enumValueDefinitions(e.getEnumValueDefinitions().stream()
          .filter(v -> !isInaccessible(v)).map(v -> v.transform(vb -> vb.directives(kept(v)))).toList()));
    }
    if (t instanceof InputObjectTypeDefinition in) {
      return in.transform(b -> b.directives(kept(in)).inputValueDefinitions(apiInputs(in.getInputValueDefinitions())));
    }
    ScalarTypeDefinition s = (ScalarTypeDefinition) t;
    return s.transform(b -> b.directives(kept(s)));
  }

  private List<FieldDefinition> apiFields(List<FieldDefinition> fields) {
    return fields.stream().filter(f -> !isInaccessible(f))
        .map(f -> f.transform(b -> b.directives(kept(f)).inputValueDefinitions(apiInputs(f.getInputValueDefinitions()))))
        .toList();
  }

  private List<InputValueDefinition> apiInputs(List<InputValueDefinition> inputs) {
    return inputs.stream().filter(v -> !isInaccessible(v)).map(v -> v.transform(b -> b.directives(kept(v)))).toList();
  }

  /** Directive applications the API schema keeps: the built-in ones and custom ones not owned by a linked feature. */
  private List<Directive> kept(DirectivesContainer<?> element) {
    List<Directive> keep = new ArrayList<>();
    for (Directive d : element.getDirectives()) {
      if (BUILT_IN_DIRECTIVES.contains(d.getName())) {
        keep.add(d);
      }
    }
    return keep;
  }

  private boolean isInaccessible(DirectivesContainer<?> element) {
    return inaccessible != null && element.hasDirective(inaccessible.directive("inaccessible"));
  }

  // ---- small AST helpers ------------------------------------------------------------------------------------

  private static TypeKind kind(TypeDefinition<?> t) {
    if (t instanceof ObjectTypeDefinition) {
      return TypeKind.OBJECT;
    }
    if (t instanceof InterfaceTypeDefinition) {
      return TypeKind.INTERFACE;
    }
    if (t instanceof UnionTypeDefinition) {
      return TypeKind.UNION;
    }
    if (t instanceof EnumTypeDefinition) {
      return TypeKind.ENUM;
    }
    if (t instanceof InputObjectTypeDefinition) {
      return TypeKind.INPUT_OBJECT;
    }
    return TypeKind.SCALAR;
  }

  static String print(Type<?> type) {
    if (type instanceof NonNullType nn) {
      return print(nn.getType()) + "!";
    }
    if (type instanceof ListType l) {
      return "[" + print(l.getType()) + "]";
    }
    return ((TypeName) type).getName();
  }

  private static String string(Directive d, String arg) {
    Argument a = d.getArgument(arg);
    return a != null && a.getValue() instanceof StringValue s ? s.getValue() : null;
  }

  private static String enumArg(Directive d, String arg) {
    Argument a = d.getArgument(arg);
    return a != null && a.getValue() instanceof EnumValue e ? e.getName() : null;
  }

  private static boolean bool(Directive d, String arg, boolean fallback) {
    Argument a = d.getArgument(arg);
    return a != null && a.getValue() instanceof BooleanValue b ? b.isValue() : fallback;
  }

  private static final class SubgraphTypeBuilder {
    final String name;
    final TypeKind kind;
    final List<EntityKey> keys = new ArrayList<>();
    final Map<String, SubgraphField> fields = new LinkedHashMap<>();
    final Set<String> interfaces = new LinkedHashSet<>();
    final Set<String> members = new LinkedHashSet<>();
    boolean interfaceObject;

    SubgraphTypeBuilder(String name, TypeKind kind) {
      this.name = name;
      this.kind = kind;
    }

    SubgraphType build() {
      return new SubgraphType(name, kind, List.copyOf(keys), interfaceObject, fields, interfaces, members);
    }
  }
}
