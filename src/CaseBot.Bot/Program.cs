using CaseBot.Bot;

return await BotApp.RunAsync(args);

/// <summary>Entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
