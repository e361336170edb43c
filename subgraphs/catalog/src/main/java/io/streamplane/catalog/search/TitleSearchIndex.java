package io.streamplane.catalog.search;

import io.streamplane.catalog.model.AvailabilityWindow;
import io.streamplane.catalog.model.Credit;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.Title;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * In-process full-text search over titles (names, people, genres, synopsis) with typo tolerance and relevance ranking.
 * Every replica builds its own index from the store at start and applies changes as they are written; nothing here
 * is the source of truth.
 */
public final class TitleSearchIndex implements AutoCloseable {
  public static final int MAX_TEXT_LENGTH = 200;
  public static final int MAX_RESULTS = 50;

  private static final String ID = "id";
  private static final String NAME = "name";
  private static final String NAME_EXACT = "name_exact";
  private static final String PEOPLE = "people";
  private static final String GENRES = "genres";
  private static final String SYNOPSIS = "synopsis";
  private static final String COUNTRY = "country";
  private static final String BOOST = "popularity_boost";

  private final Analyzer analyzer = new FoldingAnalyzer();
  private final IndexWriter writer;
  private final SearcherManager searchers;

  public TitleSearchIndex() {
    try {
      writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(analyzer));
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Hit(String titleId, float score) {}

  /** Adds or replaces titles; they are searchable when this returns. */
  public void upsert(List<Title> titles) {
    try {
      for (Title title : titles) {
        writer.updateDocument(new Term(ID, title.id()), document(title));
      }
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int size() {
    return writer.getDocStats().numDocs;
  }

  /**
   * The best matches for {@code text} among titles with an availability window in {@code country}, best first.
   * Callers re-check the window's dates, which the index does not hold.
   */
  public List<Hit> search(String text, String country, int limit) {
    Query query = query(text, country);
    if (query == null) {
      return List.of();
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc doc : searcher.search(query, limit).scoreDocs) {
          hits.add(new Hit(searcher.storedFields().document(doc.doc).get(ID), doc.score));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each word must match a name, person, genre or synopsis word, exactly (best), as a prefix (the word being typed) or
   * within a small edit distance (typos). Whole-phrase and exact-name matches score higher; popularity breaks ties.
   */
  Query query(String text, String country) {
    List<String> words = analyze(text);
    if (words.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder allWords = new BooleanQuery.Builder();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      boolean last = i == words.size() - 1;
      BooleanQuery.Builder oneWord = new BooleanQuery.Builder()
          .add(boost(new TermQuery(new Term(NAME, word)), 4f), Occur.SHOULD)
          .add(boost(new TermQuery(new Term(PEOPLE, word)), 2.5f), Occur.SHOULD)
          .add(boost(new TermQuery(new Term(GENRES, word)), 1.5f), Occur.SHOULD)
          .add(boost(new TermQuery(new Term(SYNOPSIS, word)), 0.5f), Occur.SHOULD);
      int edits = maxEdits(word);
      if (edits > 0) {
        oneWord.add(boost(new FuzzyQuery(new Term(NAME, word), edits, 1), 2f), Occur.SHOULD)
            .add(boost(new FuzzyQuery(new Term(PEOPLE, word), edits, 1), 1.2f), Occur.SHOULD);
      }
      if (last && word.length() >= 2) {
        oneWord.add(boost(new PrefixQuery(new Term(NAME, word)), 2f), Occur.SHOULD);
      }
      allWords.add(oneWord.build(), Occur.SHOULD);
    }
    // Long queries tolerate one word that matches nothing (e.g. a stray article or a bad typo).
    allWords.setMinimumNumberShouldMatch(words.size() <= 2 ? words.size() : words.size() - 1);

    BooleanQuery.Builder query = new BooleanQuery.Builder()
        .add(allWords.build(), Occur.MUST)
        .add(boost(new TermQuery(new Term(NAME_EXACT, String.join(" ", words))), 8f), Occur.SHOULD)
        .add(new TermQuery(new Term(COUNTRY, country)), Occur.FILTER);
    if (words.size() > 1) {
      query.add(boost(new PhraseQuery(1, NAME, words.toArray(String[]::new)), 3f), Occur.SHOULD);
    }
    return FunctionScoreQuery.boostByValue(query.build(), DoubleValuesSource.fromDoubleField(BOOST));
  }

  private static Query boost(Query query, float boost) {
    return new BoostQuery(query, boost);
  }

  /** Short words must match exactly: one typo in a 3-letter word is a different word. */
  static int maxEdits(String word) {
    int length = word.codePointCount(0, word.length());
    return length <= 3 ? 0 : length <= 6 ? 1 : 2;
  }

  private Document document(Title title) {
    Document doc = new Document();
    doc.add(new StringField(ID, title.id(), Field.Store.YES));
    doc.add(new TextField(NAME, title.name(), Field.Store.NO));
    doc.add(new StringField(NAME_EXACT, String.join(" ", analyze(title.name())), Field.Store.NO));
    for (Credit credit : title.credits()) {
      doc.add(new TextField(PEOPLE, credit.name(), Field.Store.NO));
    }
    for (Genre genre : title.genres()) {
      doc.add(new TextField(GENRES, genre.name(), Field.Store.NO));
    }
    if (title.synopsis() != null) {
      doc.add(new TextField(SYNOPSIS, title.synopsis(), Field.Store.NO));
    }
    Set<String> countries = new LinkedHashSet<>();
    for (AvailabilityWindow window : title.availability()) {
      countries.add(window.country());
    }
    countries.forEach(c -> doc.add(new StringField(COUNTRY, c, Field.Store.NO)));
    // Popular titles win ties, but only by a bounded factor (1.0 … ~1.8) so relevance dominates.
    doc.add(new DoubleDocValuesField(BOOST, 1.0 + 0.25 * Math.log10(1.0 + Math.max(0.0, title.popularity()))));
    return doc;
  }

  List<String> analyze(String text) {
    List<String> words = new ArrayList<>();
    try (TokenStream tokens = analyzer.tokenStream(NAME, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        words.add(term.toString());
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unicode words, lower-cased and folded to ASCII so "Amelie" finds "Amélie". */
  private static final class FoldingAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      StandardTokenizer tokenizer = new StandardTokenizer();
      TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
      return new TokenStreamComponents(tokenizer, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
  }
}
