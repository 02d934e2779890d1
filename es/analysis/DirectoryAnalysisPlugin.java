import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.SpanishStemmer;

/**
 * The analysis components the directory's index uses that Elastic ships in its
 * analysis-common module, which is not published on Maven Central. Same names
 * and settings as the stock ones, built from the same Lucene classes, so the
 * mapping is identical on this development node and on a real cluster.
 *
 * Spanish: the stemmer's "light_spanish" (Lucene's SpanishLightStemFilter) and
 * "spanish" (the Snowball Spanish stemmer) languages, and the built-in
 * "spanish" analyzer, both as a ready name and as a type taking "stopwords"
 * and "stem_exclusion". The "stop" filter and its "_spanish_" list are in the
 * server itself.
 */
public final class DirectoryAnalysisPlugin extends Plugin implements AnalysisPlugin {

    private static TokenFilterFactory filter(String name, Settings settings,
                                             java.util.function.UnaryOperator<TokenStream> wrap) {
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream stream) {
                return wrap.apply(stream);
            }
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (index, env, name, s) -> filter(name, s,
                stream -> new ASCIIFoldingFilter(stream, s.getAsBoolean("preserve_original", false))),
            "porter_stem", (index, env, name, s) -> filter(name, s, PorterStemFilter::new),
            "stemmer", (index, env, name, s) -> stemmer(name, s),
            "edge_ngram", (index, env, name, s) -> filter(name, s, stream -> new EdgeNGramTokenFilter(
                stream, s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2),
                s.getAsBoolean("preserve_original", false))),
            "synonym_graph", (index, env, name, s) -> synonyms(name, s),
            "synonym", (index, env, name, s) -> synonyms(name, s)
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "keyword", (index, env, name, s) -> TokenizerFactory.newFactory(name, KeywordTokenizer::new),
            "whitespace", (index, env, name, s) -> TokenizerFactory.newFactory(name, WhitespaceTokenizer::new)
        );
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("spanish", (index, env, name, s) -> spanish(env, name, s));
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(new PreBuiltAnalyzerProviderFactory("spanish", CachingStrategy.LUCENE, SpanishAnalyzer::new));
    }

    /** Language names as analysis-common's StemmerTokenFilterFactory spells them (any case). */
    private static TokenFilterFactory stemmer(String name, Settings s) {
        String language = s.get("language", s.get("name", "english")).toLowerCase(Locale.ROOT);
        return switch (language) {
            case "english", "porter" -> filter(name, s, PorterStemFilter::new);
            case "light_english", "kstem" -> filter(name, s, KStemFilter::new);
            case "minimal_english" -> filter(name, s, EnglishMinimalStemFilter::new);
            case "possessive_english" -> filter(name, s, EnglishPossessiveFilter::new);
            case "spanish" -> filter(name, s, stream -> new SnowballFilter(stream, new SpanishStemmer()));
            case "light_spanish", "lightspanish" -> filter(name, s, SpanishLightStemFilter::new);
            default -> throw new IllegalArgumentException("stemmer language [" + language + "] is not available");
        };
    }

    /** Solr-format rules ("aa, alcoholics anonymous"), parsed with a standard, lower-casing chain. */
    private static TokenFilterFactory synonyms(String name, Settings s) throws IOException {
        List<String> rules = s.getAsList("synonyms");
        Analyzer parsing = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                return new TokenStreamComponents(source, new LowerCaseFilter(source));
            }
        };
        SolrSynonymParser parser = new SolrSynonymParser(true, s.getAsBoolean("expand", true), parsing);
        try {
            parser.parse(new StringReader(String.join("\n", rules)));
        } catch (ParseException e) {
            throw new IllegalArgumentException("failed to parse synonyms: " + e.getMessage(), e);
        }
        SynonymMap map = parser.build();
        return filter(name, s, stream -> map.fst == null ? stream : new SynonymGraphFilter(stream, map, false));
    }

    /** The "spanish" analyzer type: Lucene's SpanishAnalyzer, as analysis-common's SpanishAnalyzerProvider builds it. */
    private static AnalyzerProvider<SpanishAnalyzer> spanish(Environment env, String name, Settings s) {
        SpanishAnalyzer analyzer = new SpanishAnalyzer(
            Analysis.parseStopWords(env, s, SpanishAnalyzer.getDefaultStopSet()),
            Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET));
        return new AbstractIndexAnalyzerProvider<>(name, s) {
            @Override
            public SpanishAnalyzer get() {
                return analyzer;
            }
        };
    }
}
