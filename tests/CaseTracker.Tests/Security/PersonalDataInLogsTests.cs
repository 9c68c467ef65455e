using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>A whole day of casework, failures included, leaves no personal data in any log line.</summary>
public sealed partial class PersonalDataInLogsTests
{
    [Fact]
    public async Task FullScenario_WritesNoSeededPersonalDataToAnyLogLine()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:Burst"] = "1000" });
        await PersonalDataScenario.RunAsync(host);

        // The capture sees everything, down to each SQL command EF runs (whose parameter values it must not log).
        Assert.Contains(host.Logs.Lines, line => line.Contains("Executed DbCommand", StringComparison.Ordinal));
        var leaks = host.Logs.Lines.Where(line => PersonalDataScenario.Secrets.Any(secret => line.Contains(secret, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Personal data in logs:\n" + string.Join("\n", leaks.Take(5)));
    }

    [Fact]
    public void PersonalDataLoggedByMistake_ThroughTheServersLoggers_IsRedactedInEveryLine()
    {
        using var host = new CaseTrackerHost();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseTracker.Server.Cases.CarelessCode");
        var subject = new Subject("Зафарова Джамиля", "Зафарова Ҷамила", "ZAFAROVA JAMILA", new DateOnly(1990, 3, 4), "TJK",
            "AB7712345", "+992 90 555 0199", "jamila.family@example.tj", "Rudaki 15, apt 7");

        RefusedPassport(logger, subject.PassportNumber);
        SubjectOnFile(logger, subject);
        logger.LogWarning("Filed for {Subject}", subject);
        logger.LogError(new InvalidOperationException($"Passport {subject.PassportNumber} of {subject.NameLatin} is on file",
            new FormatException($"Bad phone {subject.Phone}")), "Filing failed");
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: subject.NameLatin) };
        request.Case.Subject.PassportNumber = subject.PassportNumber;
        logger.LogInformation("Received {Request} from {Caller}", request, "tj.karimova");
        logger.LogError(new Microsoft.Data.Sqlite.SqliteException($"UNIQUE constraint failed: passport '{subject.PassportNumber}'", 19), "Storing failed");

        var lines = host.Logs.Lines.Where(line => line.Contains("CarelessCode", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, lines.Count);
        string[] secrets = [.. PersonalDataScenario.Secrets, "Джамиля", "1990"];
        var leaks = lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Personal data in logs:\n" + string.Join("\n", leaks));
        Assert.Contains("Filing refused for passport [redacted]", lines[0], StringComparison.Ordinal);
        Assert.Contains("PassportNumber=[redacted]", lines[1], StringComparison.Ordinal);
        Assert.Contains("Citizenship = TJK, PassportNumber = [redacted]", lines[2], StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: [message withheld", lines[3], StringComparison.Ordinal);
        Assert.Contains("System.FormatException: [message withheld", lines[3], StringComparison.Ordinal);
        Assert.Contains("Received casetracker.v1.CreateCaseRequest [redacted] from tj.karimova", lines[4], StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.Sqlite.SqliteException: [message withheld: it may hold personal data] (SQLite error 19, extended 19)", lines[5], StringComparison.Ordinal);
    }

    // What careless code might write: a passport as a classified parameter, and a whole subject as its properties.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Filing refused for passport {Passport}")]
    private static partial void RefusedPassport(ILogger logger, [PassportNumberData] string passport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subject on file")]
    private static partial void SubjectOnFile(ILogger logger, [LogProperties] Subject subject);
}
