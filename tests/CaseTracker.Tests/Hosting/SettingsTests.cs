using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Hosting;

/// <summary>Every setting is bound through an options class and checked at start: a bad value stops the server naming its key.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Hangfire:Storage", "Redis", "Hangfire:Storage: 'Redis' is not one of Sqlite, Postgres, InMemory")]
    [InlineData("Hangfire:SchedulePollingInterval", "00:00:00", "Hangfire:SchedulePollingInterval")]
    [InlineData("Endpoints:Grpc", "https://localhost:5080", "Endpoints:Grpc: 'https://localhost:5080' is not an http:// address")]
    [InlineData("Endpoints:MinistryTls:Url", "https://0.0.0.0:5443", "Endpoints:MinistryTls:CertificatePath: the server's certificate (PEM) is required")]
    [InlineData("Limits:MaxPageSize", "0", "Limits:MaxPageSize")]
    [InlineData("Paging:TokenKey", "c2hvcnQ=", "TokenKey: must be base64 of at least 32 random bytes")]
    [InlineData("Auth:Issuers:KZ:PublicKeyPath", "/tmp/kz.pem", "Issuers:KZ: 'KZ' is not a party")]
    [InlineData("Auth:Ministries:0:Party", "XX", "Ministries:0:Party: 'XX' is not a party")]
    [InlineData("Auth:Ministries:0:Subject", "CN=ru.mvd.system", "Auth:Ministries:0:CaPath: is required")]
    [InlineData("Auth:Ministries:0:Subject", "CN=ru.mvd.system", "Auth:Ministries:0:CrlPath: is required")]
    [InlineData("Auth:ClockSkew", "01:00:00", "ClockSkew")]
    [InlineData("Review:PseudonymKey", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "Review:PartyPseudonymKeys:RU and Review:PartyPseudonymKeys:TJ are required once Review:PseudonymKey is set")]
    [InlineData("Review:PartyPseudonymKeys:KZ", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "Review:PartyPseudonymKeys takes one key per party")]
    [InlineData("Reconciliation:RecordsPerPartyPerDay", "0", "Reconciliation:RecordsPerPartyPerDay")]
    [InlineData("Reconciliation:ImportsPerPartyPerDay", "-1", "Reconciliation:ImportsPerPartyPerDay")]
    [InlineData("Logging:Format", "xml", "Logging:Format: 'xml' is not one of simple, json")]
    [InlineData("Backup:Cron", "0 2 * * *", "Backup:Directory: is required once Backup:Cron is set")]
    [InlineData("Backup:Keep", "0", "Backup:Keep")]
    [InlineData("Retention:ClosedCaseYears", "0", "Retention:ClosedCaseYears")]
    public void Server_WithABadSetting_RefusesToStartAndNamesTheKey(string key, string value, string message)
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { [key] = value });

        Assert.Contains(message, StartupFailure.MessagesOf(host), StringComparison.Ordinal);
    }

    [Fact]
    public void Server_WithAPartyPseudonymKeyEqualToTheJointKey_RefusesToStart()
    {
        const string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string>
        {
            ["Review:PseudonymKey"] = key,
            ["Review:PartyPseudonymKeys:RU"] = key,
            ["Review:PartyPseudonymKeys:TJ"] = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
        });

        Assert.Contains("The joint and the two parties' pseudonym keys must all differ", StartupFailure.MessagesOf(host), StringComparison.Ordinal);
    }
}
