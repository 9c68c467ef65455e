using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;

namespace CaseTracker.Tests.Reviews;

/// <summary>The review's counts reconcile, and "open longer than N days" compares durations.</summary>
public sealed class ReviewCountsTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.Utc;
    private static readonly ReviewMonth October = ReviewMonth.Of(2026, 10, Zone);
    private long _sequence;

    private ReviewEvent Event(CaseEventType type, string time, string payload) =>
        new(++_sequence, "tf-2026-000001", EventNames.Type(type), "TJ", DateTime.SpecifyKind(DateTime.Parse(time, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), payload, string.Empty);

    private CaseMonthHistory CaseOf(params ReviewEvent[] events)
    {
        var history = new CaseMonthHistory("tf-2026-000001", October.Start);
        foreach (var e in events)
        {
            history.Apply(e);
        }
        return history;
    }

    private ReviewEvent Created(string time) => Event(CaseEventType.CaseCreated, time, """{"reference":"TF-2026-000001","filing_party":"TJ","stage":"Intake"}""");

    [Fact]
    public void CaseClosedAndReopenedTwiceInTheMonth_CountsEachReopeningSoTheFiguresReconcile()
    {
        var figures = new ReviewFigures(October, Zone, 60, 20);
        var history = CaseOf(
            Created("2026-09-20T09:00:00"),
            Event(CaseEventType.CaseWithdrawn, "2026-10-02T09:00:00", """{"from_stage":"Intake","to_stage":"Closed"}"""),
            Event(CaseEventType.CaseReopened, "2026-10-05T09:00:00", """{"from_stage":"Closed","to_stage":"Investigation"}"""),
            Event(CaseEventType.ResolutionProposed, "2026-10-12T09:00:00", """{"from_stage":"Investigation","to_stage":"Resolution"}"""),
            Event(CaseEventType.ResolutionSignedOff, "2026-10-14T09:00:00", """{"party":"RU","closed":"true","outcome":"AlreadyReturnedHome"}"""),
            Event(CaseEventType.CaseReopened, "2026-10-20T09:00:00", """{"from_stage":"Closed","to_stage":"Investigation"}"""));

        figures.Add(history);

        Assert.Equal((1L, 0L, 2L, 2L, 1L), (figures.OpenAtStart, figures.Opened, figures.Closed, figures.Reopened, figures.OpenAtEnd));
        Assert.Equal(figures.OpenAtEnd, figures.OpenAtStart + figures.Opened + figures.Reopened - figures.Closed);
    }

    [Fact]
    public void CaseOpenSixtyDaysAndAnHour_IsOpenLongerThanSixtyDays()
    {
        var figures = new ReviewFigures(October, Zone, 60, 20);
        // 1 November 00:00 UTC ends October: 60 days and 1 hour after 1 September 23:00.
        var history = CaseOf(Created("2026-09-01T23:00:00"));

        Assert.Equal("OPEN_LONG", figures.DiscussionReason(history)?.Codes);
    }

    [Fact]
    public void CaseOpenExactlySixtyDays_IsNotYetOpenLongerThanSixtyDays()
    {
        var figures = new ReviewFigures(October, Zone, 60, 20);
        var history = CaseOf(Created("2026-09-02T00:00:00"));

        Assert.Null(figures.DiscussionReason(history));
    }

    [Fact]
    public void CaseAwaitingAPartyLongerThanConfigured_IsForDiscussion_WithThePartyAndTheDays()
    {
        var figures = new ReviewFigures(October, Zone, 60, 20);
        var history = CaseOf(
            Created("2026-10-01T09:00:00"),
            Event(CaseEventType.ResponseRequested, "2026-10-10T09:00:00", """{"party":"RU","stage":"Intake","awaited":"The decision file."}"""));

        Assert.Equal(("AWAITING_PARTY", "RU", 21), (figures.DiscussionReason(history)?.Codes, history.AwaitingParty, history.AwaitingDays(October.End)));
    }

    [Fact]
    public void CaseWhoseAwaitedResponseCameIn_IsNotAwaitingAnyone()
    {
        var figures = new ReviewFigures(October, Zone, 60, 20);
        var history = CaseOf(
            Created("2026-10-01T09:00:00"),
            Event(CaseEventType.ResponseRequested, "2026-10-02T09:00:00", """{"party":"RU","stage":"Intake","awaited":"The decision file."}"""),
            Event(CaseEventType.ResponseRecorded, "2026-10-09T09:00:00", """{"party":"RU","waited_seconds":"604800","summary":"Sent."}"""));

        Assert.Null(figures.DiscussionReason(history));
    }
}
