using CaseBot.Bot;

await BotApp.Build(args).RunAsync();

/// <summary>Entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
