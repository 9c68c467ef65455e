using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Deadlines;

/// <summary>Clocks follow the case, and the scan warns and escalates each breach exactly once, on a fake clock.</summary>
public sealed class DeadlineClockTests : IDisposable
{
    // Monday 2 March 2026, 09:00 UTC: a working day for both parties.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;
    private readonly CaseTrackerClient _investigator;

    public DeadlineClockTests()
    {
        _host = CaseTrackerHost.WithClock(_clock);
        _investigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    }

    private async Task<IReadOnlyList<V1.Deadline>> ClocksAsync(string caseName) =>
        (await _investigator.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = caseName })).Deadlines;

    private async Task<IReadOnlyList<V1.CaseEvent>> EventsAsync(string caseName, V1.CaseEventType type) =>
        (await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = caseName, PageSize = 500 })).CaseEvents
            .Where(e => e.Type == type).ToList();

    private Task ScanAsync(int? maxChunks = null, int chunkSize = 5_000, DeadlinePolicy? policy = null)
    {
        return new EscalateDueDeadlinesJob(
            _host.Services.GetRequiredService<CaseTracker.Server.Storage.BatchingWriter>(),
            policy ?? _host.Services.GetRequiredService<DeadlinePolicy>(), _clock,
            _host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<EscalateDueDeadlinesJob>>())
        { ChunkSize = chunkSize }.RunAsync(maxChunks, CancellationToken.None);
    }

    [Fact]
    public async Task CreateCase_StartsAnIntakeClockOwedByTheFilingPartyOnItsCalendar()
    {
        var c = await _investigator.CreateAsync();

        var clock = Assert.Single(await ClocksAsync(c.Name));

        Assert.Equal((V1.ClockKind.Stage, V1.Stage.Intake, V1.Party.Tj, V1.DeadlineState.Running),
            (clock.Clock, clock.Stage, clock.OwingParty, clock.State));
        // Three Tajik working days after Monday 2 March: the end of Thursday 5 March, Dushanbe time.
        Assert.Equal(new DateTime(2026, 3, 5, 19, 0, 0, DateTimeKind.Utc), clock.DueTime.ToDateTime());
        Assert.StartsWith("TJ-2025-2027.2", clock.CalendarVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartInvestigation_MeetsTheIntakeClockAndStartsOneClockPerParty()
    {
        var c = await _investigator.InInvestigationAsync();

        var clocks = await ClocksAsync(c.Name);

        Assert.Equal(V1.DeadlineState.Met, clocks[0].State);
        Assert.Equal([V1.Party.Ru, V1.Party.Tj], clocks.Skip(1).Select(d => d.OwingParty).Order());
        Assert.All(clocks.Skip(1), d => Assert.Equal((V1.Stage.Investigation, new DateTime(2026, 4, 1, 9, 0, 0, DateTimeKind.Utc)), (d.Stage, d.DueTime.ToDateTime())));
    }

    [Fact]
    public async Task AwaitingAResponse_PausesTheStageClockForThatParty_AndResumingMovesTheDueTime()
    {
        var c = await _investigator.CreateAsync();
        await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "Decision file" });

        var paused = await ClocksAsync(c.Name);
        Assert.Equal((V1.DeadlineState.Paused, V1.Party.Ru), (paused[0].State, paused[0].PausedFor));
        Assert.Equal((V1.ClockKind.Response, V1.Party.Ru, V1.DeadlineState.Running), (paused[1].Clock, paused[1].OwingParty, paused[1].State));

        _clock.Advance(TimeSpan.FromHours(24)); // all of Tuesday 3 March is a working day in Dushanbe... from 09:00 UTC to 09:00 UTC
        await _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = c.Name, Summary = "Received" });

        var resumed = await ClocksAsync(c.Name);
        Assert.Equal((V1.DeadlineState.Running, TimeSpan.FromHours(24)), (resumed[0].State, resumed[0].PausedDuration.ToTimeSpan()));
        Assert.Equal(paused[0].DueTime.ToDateTime().AddHours(24), resumed[0].DueTime.ToDateTime());
        Assert.Equal(V1.DeadlineState.Met, resumed[1].State);
    }

    [Fact]
    public async Task BreachedClocks_WhenTheCoChairEscalationIsMovedLater_AreRescheduled_AndEscalatedAtTheNewTimeOnce()
    {
        var cases = new List<V1.Case>();
        for (var i = 0; i < 3; i++)
        {
            cases.Add(await _investigator.CreateAsync());
        }
        _clock.SetUtcNow((await ClocksAsync(cases[0].Name))[0].DueTime.ToDateTime());
        await ScanAsync();
        // The operator gives the co-chairs ten working days instead of two; the clocks were set for two.
        var later = new DeadlinePolicy(Microsoft.Extensions.Options.Options.Create(new DeadlineOptions { CoChairEscalationAfter = TimeSpan.FromDays(10) }),
            _host.Services.GetRequiredService<WorkingCalendars>());

        // Past the old co-chair time (Tuesday 10 March, Dushanbe), in chunks smaller than the clocks due.
        _clock.SetUtcNow(new DateTime(2026, 3, 11, 9, 0, 0, DateTimeKind.Utc));
        await ScanAsync(chunkSize: 2, policy: later).WaitAsync(TimeSpan.FromSeconds(30));
        var early = await Task.WhenAll(cases.Select(c => EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated)));
        _clock.SetUtcNow(new DateTime(2026, 3, 31, 9, 0, 0, DateTimeKind.Utc));
        await ScanAsync(chunkSize: 2, policy: later).WaitAsync(TimeSpan.FromSeconds(30));
        await ScanAsync(chunkSize: 2, policy: later).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(early, events => Assert.Single(events));
        foreach (var c in cases)
        {
            var escalations = await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated);
            Assert.Equal(["1", "2"], escalations.Select(e => e.Payload.Contains("\"level\":\"2\"", StringComparison.Ordinal) ? "2" : "1"));
            Assert.Equal(V1.DeadlineState.EscalatedLevel2, (await ClocksAsync(c.Name))[0].State);
        }
    }

    [Fact]
    public async Task UntouchedCase_IsWarnedThenEscalatedToSupervisorsThenToCoChairs_EachOnce()
    {
        var c = await _investigator.CreateAsync();
        var due = (await ClocksAsync(c.Name))[0].DueTime.ToDateTime();
        var warn = (await ClocksAsync(c.Name))[0].WarnTime.ToDateTime();

        _clock.SetUtcNow(warn);
        await ScanAsync();
        await ScanAsync();
        Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlineWarned));
        Assert.Empty(await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated));
        Assert.Equal(V1.DeadlineState.Warned, (await ClocksAsync(c.Name))[0].State);

        _clock.SetUtcNow(due);
        await ScanAsync();
        var level1 = Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated));
        Assert.Contains("\"level\":\"1\"", level1.Payload, StringComparison.Ordinal);
        Assert.Contains("\"owing_party\":\"TJ\"", level1.Payload, StringComparison.Ordinal);
        Assert.Equal(("casetracker.deadlines", V1.Party.Unspecified), (level1.Actor, level1.ActorParty));

        // Level 2 comes two working days of the owing party after the due time: Friday 6 March and, past the
        // weekend and Monday 9 March (8 March on a Sunday), Tuesday 10 March, Dushanbe time.
        _clock.Advance(TimeSpan.FromDays(2));
        await ScanAsync();
        Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated));
        _clock.SetUtcNow(new DateTime(2026, 3, 10, 19, 0, 0, DateTimeKind.Utc));
        await ScanAsync();
        await ScanAsync();
        var escalations = await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated);
        Assert.Equal(2, escalations.Count);
        Assert.Contains("\"level\":\"2\"", escalations[1].Payload, StringComparison.Ordinal);
        var clock = (await ClocksAsync(c.Name))[0];
        Assert.Equal((V1.DeadlineState.EscalatedLevel2, 2), (clock.State, clock.EscalationLevel));
        Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlineWarned));
    }

    [Fact]
    public async Task TwoScansAtOnce_WarnAndEscalateEachClockExactlyOnce()
    {
        var cases = new List<V1.Case>();
        for (var i = 0; i < 20; i++)
        {
            cases.Add(await _investigator.CreateAsync());
        }
        _clock.Advance(TimeSpan.FromDays(4)); // past the intake due time, before the co-chairs' turn

        await Task.WhenAll(ScanAsync(chunkSize: 7), ScanAsync(chunkSize: 7));

        foreach (var c in cases)
        {
            // Past the due time a scan records the breach; a belated warning would only be noise.
            Assert.Empty(await EventsAsync(c.Name, V1.CaseEventType.DeadlineWarned));
            Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated));
        }
    }

    [Fact]
    public async Task ScanRepeatedAfterACrash_FinishesTheRestWithoutRepeatingAnything()
    {
        var cases = new List<V1.Case>();
        for (var i = 0; i < 12; i++)
        {
            cases.Add(await _investigator.CreateAsync());
        }
        _clock.Advance(TimeSpan.FromDays(4)); // past the intake due time, before the co-chairs' turn

        await ScanAsync(maxChunks: 1, chunkSize: 5); // stops after its first commit, as a crash would
        var afterCrash = (await _investigator.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = "cases/-", Filter = "state = ESCALATED_LEVEL_1" })).Deadlines.Count;
        await ScanAsync(chunkSize: 5);

        Assert.Equal(5, afterCrash);
        foreach (var c in cases)
        {
            Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlineEscalated));
        }
    }

    [Fact]
    public async Task PriorityChangedToUrgent_RecomputesTheDueTime()
    {
        var c = await _investigator.CreateAsync();

        await _investigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, Priority = V1.Priority.Urgent, UrgencyReasons = { V1.UrgencyReason.Detained } },
            UpdateMask = FieldMask.FromString("priority,urgency_reasons"),
        });

        var clock = Assert.Single(await ClocksAsync(c.Name));
        Assert.Equal((V1.Priority.Urgent, new DateTime(2026, 3, 3, 19, 0, 0, DateTimeKind.Utc)), (clock.Priority, clock.DueTime.ToDateTime()));
    }

    [Fact]
    public async Task Reopen_StartsNewInvestigationClocks()
    {
        var c = await _investigator.CreateAsync();
        await _investigator.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = c.Name, Reason = "Withdrawn" });
        Assert.All(await ClocksAsync(c.Name), d => Assert.Equal(V1.DeadlineState.Met, d.State));

        await _investigator.Cases.ReopenCaseAsync(new V1.ReopenCaseRequest { Name = c.Name, Reason = "Complaint renewed" });

        var open = (await ClocksAsync(c.Name)).Where(d => d.State == V1.DeadlineState.Running).ToList();
        Assert.Equal(2, open.Count);
        Assert.All(open, d => Assert.Equal(V1.Stage.Investigation, d.Stage));
    }

    [Fact]
    public async Task ListDeadlines_AcrossCases_FiltersByOwingPartyAndState()
    {
        await _investigator.CreateAsync();
        await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync();

        var russian = await _investigator.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = "cases/-", Filter = "owing_party = RU AND state = RUNNING" });

        Assert.Equal(V1.Party.Ru, Assert.Single(russian.Deadlines).OwingParty);
    }

    [Fact]
    public async Task CountDeadlines_CountsTheClocksOfEachOwingPartyAndState_WithTheListsFilter_ForOneCaseOrAll()
    {
        await _investigator.CreateAsync();
        var investigated = await _investigator.InInvestigationAsync();
        await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync();

        var open = await _investigator.Cases.CountDeadlinesAsync(new V1.CountDeadlinesRequest { Parent = "cases/-", Filter = "state != MET AND state != CANCELLED" });
        var ofOne = await _investigator.Cases.CountDeadlinesAsync(new V1.CountDeadlinesRequest { Parent = investigated.Name });
        var missing = await RefusedAsync(() => _investigator.Cases.CountDeadlinesAsync(new V1.CountDeadlinesRequest { Parent = "cases/tf-2026-999999" }).ResponseAsync);
        var badFilter = await RefusedAsync(() => _investigator.Cases.CountDeadlinesAsync(new V1.CountDeadlinesRequest { Parent = "cases/-", Filter = "colour = RED" }).ResponseAsync);

        // Running: TJ's intake clock, RU's intake clock and one investigation clock per party.
        Assert.Equal([(V1.Party.Ru, V1.DeadlineState.Running, 2L), (V1.Party.Tj, V1.DeadlineState.Running, 2L)],
            open.Counts.Select(c => (c.OwingParty, c.State, c.Count)));
        Assert.Equal(4, open.Total);
        // The investigated case: its met intake clock and its two running investigation clocks.
        Assert.Equal(3, ofOne.Total);
        Assert.Contains(ofOne.Counts, c => (c.OwingParty, c.State, c.Count) == (V1.Party.Tj, V1.DeadlineState.Met, 1L));
        AssertStatus(missing, StatusCode.NotFound, "CASE_NOT_FOUND");
        Assert.Equal(StatusCode.InvalidArgument, badFilter.StatusCode);
    }

    [Fact]
    public async Task RecomputeDeadlines_IsForSupervisorsAndIsRecordedAsAnEvent()
    {
        var c = await _investigator.CreateAsync();
        var supervisor = _host.ClientFor(Party.TJ, Role.Supervisor, "tj.nazarov");

        var denied = await RefusedAsync(() => _investigator.Cases.RecomputeDeadlinesAsync(new V1.RecomputeDeadlinesRequest { Name = c.Name }).ResponseAsync);
        var recomputed = await supervisor.Cases.RecomputeDeadlinesAsync(new V1.RecomputeDeadlinesRequest { Name = c.Name });

        AssertStatus(denied, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Single(recomputed.Deadlines);
        var recorded = Assert.Single(await EventsAsync(c.Name, V1.CaseEventType.DeadlinesRecomputed));
        Assert.Equal("tj.nazarov", recorded.Actor);
    }

    public void Dispose() => _host.Dispose();
}
