using System.ComponentModel.DataAnnotations;
using CaseBot.Bot.Protocol;

namespace CaseBot.Bot.Tests;

public sealed class BotAuthOptionsTests
{
    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData("app", "MultiTenant", "secret", null, null)]
    [InlineData("app", "SingleTenant", "secret", "tenant", null)]
    [InlineData("app", "SingleTenant", "secret", null, "MicrosoftAppTenantId")]
    [InlineData("app", "Single", "secret", "tenant", "MicrosoftAppType")]
    [InlineData("app", "MultiTenant", null, null, "MicrosoftAppPassword")]
    [InlineData("app", "UserAssignedMSI", null, "tenant", null)]
    public void Validate_Settings_NamesTheMissingOrWrongOne(string? appId, string? appType, string? password, string? tenant, string? wrong)
    {
        var options = new BotAuthOptions { MicrosoftAppId = appId, MicrosoftAppType = appType, MicrosoftAppPassword = password, MicrosoftAppTenantId = tenant };

        var results = options.Validate(new ValidationContext(options)).ToList();

        if (wrong is null)
        {
            Assert.Empty(results);
        }
        else
        {
            var result = Assert.Single(results);
            Assert.Equal([wrong], result.MemberNames);
            Assert.StartsWith(wrong, result.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://login.botframework.com/v1/.well-known/openidconfiguration", true)]
    [InlineData("http://127.0.0.1:5555/openid", true)]
    [InlineData("http://localhost:5555/openid", true)]
    [InlineData("http://login.example.com/openid", false)]
    [InlineData("not a url", false)]
    public void Validate_OpenIdMetadata_MustBeHttpsUnlessOnThisMachine(string url, bool valid)
    {
        var options = new BotAuthOptions { MicrosoftAppId = "app", MicrosoftAppPassword = "secret", OpenIdMetadataUrl = url };

        var results = options.Validate(new ValidationContext(options)).ToList();

        if (valid)
        {
            Assert.Empty(results);
        }
        else
        {
            Assert.Equal([nameof(BotAuthOptions.OpenIdMetadataUrl)], Assert.Single(results).MemberNames);
        }
    }

    [Fact]
    public void Configuration_SecretMissing_IsOneLineThatKeepsItOutOfAppSettings()
    {
        var failure = new Microsoft.Extensions.Options.OptionsValidationException(
            Microsoft.Extensions.Options.Options.DefaultName,
            typeof(BotAuthOptions),
            ["DataAnnotation validation failed for 'BotAuthOptions' members: 'MicrosoftAppPassword' with the error: 'MicrosoftAppPassword is required to send replies when MicrosoftAppId is set (environment variable or user-secrets).'."]);

        var line = StartupErrors.Configuration(failure);

        Assert.Equal(
            "CaseBot cannot start: MicrosoftAppPassword is required to send replies when MicrosoftAppId is set (environment variable or user-secrets). Set it as the environment variable MicrosoftAppPassword (never in appsettings.json).",
            line);
    }
}
