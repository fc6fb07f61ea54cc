using System.Diagnostics;
using System.Text.RegularExpressions;
using CaseBot.Core.Articles;
using Microsoft.Data.Sqlite;

namespace CaseBot.Perf;

/// <summary>
/// The peer engine for side-by-side figures: SQLite FTS5 with its BM25 ranking and Porter stemming over the same
/// citable passages, queried with the question's words (CaseBot's stop words removed, OR-ed).
/// </summary>
internal sealed partial class SqlitePeer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<(string Source, string Text)> _passages = [];

    private SqlitePeer(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
    }

    public TimeSpan BuildTime { get; private set; }

    public int Passages => _passages.Count;

    public long SizeBytes { get; private set; }

    public static SqlitePeer Build(string articles, string path)
    {
        var stopwatch = Stopwatch.StartNew();
        var peer = new SqlitePeer(path);
        var corpus = new ArticleLoader(Microsoft.Extensions.Logging.Abstractions.NullLogger<ArticleLoader>.Instance).Load(articles);
        using (var create = peer._connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE VIRTUAL TABLE passages USING fts5(text, tokenize='porter unicode61');";
            create.ExecuteNonQuery();
        }

        using (var transaction = peer._connection.BeginTransaction())
        using (var insert = peer._connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO passages(rowid, text) VALUES ($id, $text)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            foreach (var passage in corpus.Passages.Where(p => p.IsCitable))
            {
                peer._passages.Add((passage.Source, passage.Text));
                id.Value = peer._passages.Count;
                text.Value = passage.Text;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        peer.BuildTime = stopwatch.Elapsed;
        peer.SizeBytes = new FileInfo(path).Length;
        return peer;
    }

    /// <summary>The sources of the top <paramref name="k"/> passages for a question.</summary>
    public List<string> Search(string question, Func<string, bool> isStopWord, int k)
    {
        var words = Word().Matches(question).Select(m => m.Value.ToLowerInvariant()).Where(w => !isStopWord(w)).Distinct().ToList();
        if (words.Count == 0)
        {
            return [];
        }

        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT rowid FROM passages WHERE passages MATCH $q ORDER BY bm25(passages) LIMIT $k";
        query.Parameters.AddWithValue("$q", string.Join(" OR ", words.Select(w => $"\"{w}\"")));
        query.Parameters.AddWithValue("$k", k);
        var sources = new List<string>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            sources.Add(_passages[(int)reader.GetInt64(0) - 1].Source);
        }

        return sources;
    }

    public void Dispose() => _connection.Dispose();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
