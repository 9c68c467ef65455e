using CaseTracker.Server.Deadlines;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Deadlines;

/// <summary>A bad deadline policy stops the server at start with a message naming the key.</summary>
public sealed class DeadlinePolicyTests
{
    [Theory]
    [InlineData("Deadlines:Intake:Normal:Amount", "0", "Deadlines:Intake:Normal:Amount must be at least 1")]
    [InlineData("Deadlines:Resolution:Urgent:Unit", "Fortnights", "Deadlines:Resolution:Urgent:Unit")]
    [InlineData("Deadlines:WarningFraction", "1.5", "Deadlines:WarningFraction must be between 0 and 1")]
    [InlineData("Deadlines:Intake:Owner", "EachParty", "Deadlines:Intake:Owner must be FilingParty, OtherParty")]
    [InlineData("Deadlines:ScanCron", "every minute", "Deadlines:ScanCron must be a cron expression")]
    [InlineData("Deadlines:CoChairEscalationAfter", "-1.00:00:00", "Deadlines:CoChairEscalationAfter must be positive")]
    public void Server_WithABadPolicy_RefusesToStartAndNamesTheKey(string key, string value, string message)
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { [key] = value });

        Assert.Contains(message, StartupFailure.MessagesOf(host), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultPolicy_IsValid()
    {
        var result = new DeadlineOptionsValidator().Validate(null, new DeadlineOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
