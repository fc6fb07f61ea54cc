using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseBot.Perf;

/// <summary>Figures of a load run against a bot's /api/messages.</summary>
internal sealed record LoadResult(int Sent, int Answered, int Errors, int Lost, int Duplicated, double Seconds, Percentiles Latency)
{
    public double Throughput => Answered / Seconds;
}

/// <summary>
/// Drives <c>/api/messages</c> on loopback with many concurrent conversations, as a channel would: each activity
/// names a local Connector endpoint (hosted here) as its serviceUrl, and the bot's replies are collected there. Each
/// conversation sends its messages one after another (a turn waits for its answer), so follow-ups stay in order.
/// Latency is from the POST to the answer's arrival. Bounded in messages and in time.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(Uri bot, int conversations, int messages, double rate, TimeSpan limit, IReadOnlyList<string> questions, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!bot.IsLoopback)
        {
            throw new ArgumentException($"load only drives a bot on loopback (localhost); {bot} is not.");
        }

        await using var connector = await LocalConnector.StartAsync();
        var serviceUrl = connector.ServiceUrl;

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = conversations * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var latencies = new ConcurrentBag<double>();
        int sent = 0, answered = 0, errors = 0, lost = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var perConversation = Math.Max(1, messages / conversations);
        var started = Stopwatch.StartNew();
        var report = Task.Run(async () =>
        {
            while (!deadline.IsCancellationRequested)
            {
                await Task.Delay(2000, CancellationToken.None);
                await progress.WriteLineAsync($"  {Volatile.Read(ref answered):N0}/{messages:N0} answered, {Volatile.Read(ref errors)} errors, {started.Elapsed.TotalSeconds:0} s");
                if (Volatile.Read(ref answered) + Volatile.Read(ref errors) + Volatile.Read(ref lost) >= conversations * perConversation)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        // Open loop: the conversations together offer `rate` messages per second (0 = as fast as answers come back).
        var interval = rate > 0 ? TimeSpan.FromSeconds(conversations / rate) : TimeSpan.Zero;
        var tasks = Enumerable.Range(0, conversations).Select(c => Task.Run(async () =>
        {
            var next = started.Elapsed + (interval * ((double)c / conversations));
            for (var m = 0; m < perConversation && !deadline.IsCancellationRequested; m++)
            {
                if (next > started.Elapsed)
                {
                    try
                    {
                        await Task.Delay(next - started.Elapsed, deadline.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                next += interval;
                var id = $"load|{c}|{m}";
                var done = connector.Expect(id);
                var activity = new JsonObject
                {
                    ["type"] = "message",
                    ["id"] = id,
                    ["channelId"] = "emulator",
                    ["serviceUrl"] = serviceUrl,
                    ["from"] = new JsonObject { ["id"] = $"user-{c}" },
                    ["recipient"] = new JsonObject { ["id"] = "bot" },
                    ["conversation"] = new JsonObject { ["id"] = $"load-conversation-{c}" },
                    ["text"] = questions[(c + m) % questions.Count],
                };
                var t0 = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref sent);
                try
                {
                    using var response = await http.PostAsJsonAsync(new Uri(bot, "api/messages"), activity, deadline.Token);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        connector.Forget(id);
                        continue;
                    }

                    await done.WaitAsync(TimeSpan.FromSeconds(15), deadline.Token);
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Interlocked.Increment(ref answered);
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref lost);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None)).ToList();

        await Task.WhenAll(tasks);
        var seconds = started.Elapsed.TotalSeconds;
        await deadline.CancelAsync();
        await report;
        await Task.Delay(500, CancellationToken.None); // late duplicates
        return new LoadResult(sent, answered, errors, lost, connector.Duplicated, seconds, Percentiles.Of([.. latencies]));
    }

    public static string MachineLine(LoadResult r) => "LOAD " + JsonSerializer.Serialize(new
    {
        sent = r.Sent,
        answered = r.Answered,
        errors = r.Errors,
        lost = r.Lost,
        duplicated = r.Duplicated,
        seconds = Math.Round(r.Seconds, 2),
        throughput = Math.Round(r.Throughput, 1),
        p50 = Math.Round(r.Latency.P50, 2),
        p95 = Math.Round(r.Latency.P95, 2),
        p99 = Math.Round(r.Latency.P99, 2),
    });
}
