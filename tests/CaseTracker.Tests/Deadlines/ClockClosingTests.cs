using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Deadlines;

/// <summary>
/// How clocks close, through the real channel: resolution clocks belong to one proposal of findings, and a
/// response clock is met only by the response recorded for it.
/// </summary>
public sealed class ClockClosingTests : IDisposable
{
    // Monday 26 October 2026, 09:00 UTC: a working day for both parties.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;
    private readonly CaseTrackerClient _investigator;
    private readonly CaseTrackerClient _russianSupervisor;

    public ClockClosingTests()
    {
        _host = CaseTrackerHost.WithClock(_clock);
        _investigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        _russianSupervisor = _host.ClientFor(Party.RU, Role.Supervisor, "ru.petrov");
    }

    private async Task<IReadOnlyList<V1.Deadline>> ResolutionClocksAsync(string caseName) =>
        (await _investigator.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = caseName })).Deadlines
            .Where(d => d.Clock == V1.ClockKind.Stage && d.Stage == V1.Stage.Resolution).OrderBy(d => int.Parse(d.Name.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private async Task<V1.Deadline> ResponseClockAsync(string caseName) =>
        Assert.Single((await _investigator.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = caseName })).Deadlines, d => d.Clock == V1.ClockKind.Response);

    private Task<V1.Case> ProposeAsync(V1.Case c, string findings) =>
        _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Etag = c.Etag, Findings = findings, Outcome = V1.Outcome.AlreadyReturnedHome,
        }).ResponseAsync;

    [Fact]
    public async Task ReplacedFindings_AfterOnePartySigned_CancelTheOldClocksAndStartOnePerParty()
    {
        var proposed = await _investigator.InResolutionAsync();
        _clock.Advance(TimeSpan.FromDays(1));
        var signed = await _russianSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });
        _clock.Advance(TimeSpan.FromDays(1));

        await ProposeAsync(signed, "The subject left Russia in 2023, three years before the order.");

        var clocks = await ResolutionClocksAsync(proposed.Name);
        Assert.Equal(4, clocks.Count);
        // The old findings: Russia's clock met by its signature, Tajikistan's no longer owed.
        Assert.Equal((V1.Party.Ru, V1.DeadlineState.Met), (clocks[0].OwingParty, clocks[0].State));
        Assert.Equal((V1.Party.Tj, V1.DeadlineState.Cancelled), (clocks[1].OwingParty, clocks[1].State));
        // The new findings: a fresh clock for each party, started now.
        Assert.Equal([V1.Party.Ru, V1.Party.Tj], clocks.Skip(2).Select(d => d.OwingParty).Order());
        Assert.All(clocks.Skip(2), d => Assert.Equal((V1.DeadlineState.Running, _clock.GetUtcNow().UtcDateTime), (d.State, d.StartTime.ToDateTime())));
    }

    [Fact]
    public async Task Signature_MeetsOnlyTheSignersPartysClock()
    {
        var proposed = await _investigator.InResolutionAsync();

        await _russianSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });

        var clocks = await ResolutionClocksAsync(proposed.Name);
        Assert.Equal(V1.DeadlineState.Met, Assert.Single(clocks, d => d.OwingParty == V1.Party.Ru).State);
        Assert.Equal(V1.DeadlineState.Running, Assert.Single(clocks, d => d.OwingParty == V1.Party.Tj).State);
    }

    [Fact]
    public async Task FindingsSentBack_CancelTheResolutionClocksStillOpen()
    {
        var proposed = await _investigator.InResolutionAsync();
        await _russianSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });
        var current = await _investigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = proposed.Name });

        await _investigator.Cases.ReturnToInvestigationAsync(new V1.ReturnToInvestigationRequest { Name = proposed.Name, Etag = current.Etag, Reason = "Check the border records" });

        var clocks = await ResolutionClocksAsync(proposed.Name);
        Assert.Equal([(V1.Party.Ru, V1.DeadlineState.Met), (V1.Party.Tj, V1.DeadlineState.Cancelled)],
            clocks.Select(d => (d.OwingParty, d.State)).Order());
    }

    [Fact]
    public async Task CaseDeclaredInadmissible_WhileAResponseIsAwaited_CancelsTheResponseClock()
    {
        var c = await _investigator.CreateAsync();
        await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "Decision file" });

        await _investigator.Cases.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = c.Name, Reason = "Outside the agreement" });

        var response = await ResponseClockAsync(c.Name);
        Assert.Equal((V1.Party.Ru, V1.DeadlineState.Cancelled), (response.OwingParty, response.State));
    }

    [Fact]
    public async Task CaseClosedBySignOff_WhileAResponseIsAwaited_CancelsTheResponseClock()
    {
        var proposed = await _investigator.InResolutionAsync();
        await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = proposed.Name, Party = V1.Party.Ru, Awaited = "Border records" });
        await _russianSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });

        await _host.ClientFor(Party.TJ, Role.Supervisor, "tj.nazarov").Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });

        Assert.Equal(V1.DeadlineState.Cancelled, (await ResponseClockAsync(proposed.Name)).State);
        Assert.All(await ResolutionClocksAsync(proposed.Name), d => Assert.Equal(V1.DeadlineState.Met, d.State));
    }

    [Fact]
    public async Task ResponseRecorded_MeetsTheResponseClock()
    {
        var c = await _investigator.CreateAsync();
        await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "Decision file" });

        await _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = c.Name, Summary = "Received" });

        Assert.Equal(V1.DeadlineState.Met, (await ResponseClockAsync(c.Name)).State);
    }

    public void Dispose() => _host.Dispose();
}
