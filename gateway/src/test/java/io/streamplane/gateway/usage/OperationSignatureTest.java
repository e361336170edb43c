package io.streamplane.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

/** The same operation spelled differently has one signature; a different operation has another. */
class OperationSignatureTest {

  private static String signature(String query, String operationName) {
    Document document = Parser.parse(query);
    OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).stream()
        .filter(op -> operationName == null || operationName.equals(op.getName())).findFirst().orElseThrow();
    return OperationSignature.of(document, operation);
  }

  @Test
  void literalsAliasesOrderWhitespaceAndCommentsDoNotMatter() {
    String a = signature("""
        query Page($id: ID!, $first: Int = 10) {
          # the page's header
          title(id: $id) { name rating }
          search(text: "star wars", limit: 5, filter: {year: 1977}) { ...Card }
        }
        fragment Card on Title { id name }
        fragment Unused on Title { rating }
        """, null);
    String b = signature("query Page($first:Int=25,$id:ID!){search(limit:20,filter:{year:2001,kind:\"movie\"},"
        + "text:\"alien\"){...Card} headline: title(id:$id){rating name}} fragment Card on Title{name id}", "Page");
    assertEquals(a, b);
    assertEquals("# Page\nquery Page($first:Int=0,$id:ID!){search(filter:{},limit:0,text:\"\"){...Card} "
        + "title(id:$id){name rating}} fragment Card on Title{id name}", a);
  }

  @Test
  void differentFieldsNamesOrBehaviourAreDifferentOperations() {
    String base = signature("query Page { title(id: \"1\") { name } }", null);
    assertNotEquals(base, signature("query Page { title(id: \"1\") { name rating } }", null));
    assertNotEquals(base, signature("query Other { title(id: \"1\") { name } }", null));
    // booleans and enums select behaviour (skip or not, which sort order): they are kept
    assertNotEquals(signature("{ title(id: 1) @include(if: true) { name } }", null),
        signature("{ title(id: 1) @include(if: false) { name } }", null));
    assertEquals(signature("{ list(order: ASC) { ... on Title { name } ...F } } fragment F on Title { id }", null),
        signature("{ list(order: ASC) { ...F ... on Title { name } } } fragment F on Title { id }", null));
  }

  @Test
  void theOperationNamedIsTheOneSigned() {
    String document = "query A { a } query B { b }";
    assertEquals("# B\nquery B{b}", signature(document, "B"));
  }
}
