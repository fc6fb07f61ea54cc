using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// English analysis for passages and questions: standard tokens, possessives dropped, lower case, accents folded,
/// stop words and question words removed, Porter stemming. The same chain indexes and queries.
/// </summary>
internal sealed class CaseAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly string[] ExtraStopWords =
    [
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whats", "did", "does", "do", "done",
        "is", "am", "are", "was", "were", "been", "being", "has", "have", "had", "can", "could", "would", "should",
        "shall", "may", "might", "must", "me", "my", "you", "your", "we", "our", "us", "he", "him", "his", "she",
        "her", "hers", "they", "them", "their", "its", "also", "any", "ever", "so", "than", "too", "very", "just",
        "about", "from", "up", "out", "over", "s", "please", "much", "many", "besides", "except", "apart", "else", "other", "others",
        "during", "while", "after", "before", "since", "until", "against", "between", "through", "without", "within",
        "upon", "onto", "toward", "towards", "among", "across", "again", "once", "here", "all", "both", "each", "some",
        "only", "nor", "whether", "whatever", "someone", "something", "anything", "anyone", "exactly", "actually",
    ];

    public static CharArraySet StopWords { get; } = BuildStopWords();

    /// <summary>Stems of the analyzed text in order (stop words removed).</summary>
    public List<string> Terms(string text)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream(PassageFields.Text, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>Stems of the analyzed text in order, each with the word it came from.</summary>
    public List<(string Stem, string Word)> TermsWithWords(string text)
    {
        var terms = new List<(string, string)>();
        using var stream = GetTokenStream(PassageFields.Text, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add((term.ToString(), text[offset.StartOffset..offset.EndOffset]));
        }

        stream.End();
        return terms;
    }

    /// <summary>The stem of one word, or null when it is a stop word.</summary>
    public string? Stem(string word)
    {
        var terms = Terms(word);
        return terms.Count == 1 ? terms[0] : null;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream result = new EnglishPossessiveFilter(Version, source);
        result = new LowerCaseFilter(Version, result);
        result = new ASCIIFoldingFilter(result);
        result = new StopFilter(Version, result, StopWords);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    private static CharArraySet BuildStopWords()
    {
        var set = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + ExtraStopWords.Length, ignoreCase: true);
        foreach (var word in EnglishAnalyzer.DefaultStopSet)
        {
            set.Add(word);
        }

        foreach (var word in ExtraStopWords)
        {
            set.Add(word);
        }

        return set.AsReadOnly();
    }
}
