using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>The append-only, hash-chained log: one event per change, no gaps, every link verifiable.</summary>
public sealed class CaseEventLogTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _investigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ruSupervisor = host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");

    [Fact]
    public async Task EveryChange_AppendsExactlyOneEventWithActorAndPartyFromTheToken()
    {
        var c = await _investigator.InResolutionAsync();
        await _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });
        await _investigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = c.Name, Note = new V1.Note { Text = "n" } });

        var events = (await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name })).CaseEvents;

        Assert.Equal(
            [
                V1.CaseEventType.CaseCreated, V1.CaseEventType.InvestigationStarted, V1.CaseEventType.ResolutionProposed,
                V1.CaseEventType.ResolutionSignedOff, V1.CaseEventType.NoteCreated,
            ],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(c.Name, e.Case));
        Assert.Equal(("ru.petrova", V1.Party.Ru, V1.Role.Supervisor), (events[3].Actor, events[3].ActorParty, events[3].ActorRole));
        Assert.Equal(("tj.karimova", V1.Party.Tj), (events[0].Actor, events[0].ActorParty));
    }

    [Fact]
    public async Task Events_NeverCarryTheSubjectsPersonalData()
    {
        var c = await _investigator.InInvestigationAsync();

        var events = (await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name })).CaseEvents;

        Assert.All(events, e =>
        {
            Assert.DoesNotContain("400123456", e.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain("RAKHMONOV", e.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain("+992", e.Payload, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task CreationAndUpdateEvents_CarryTheCasesStatisticalAttributes_SoFiguresCanComeFromTheLogAlone()
    {
        var c = await _investigator.CreateAsync(NewCase(action: V1.EnforcementActionType.RegistryPlacement, ground: V1.RegistryGround.SojournExpired, region: "Moscow"));
        await _investigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, EnforcementAction = new V1.EnforcementAction { Region = "Tver Oblast" } },
            UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("enforcement_action.region"),
        });

        var events = (await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name })).CaseEvents;
        var created = System.Text.Json.JsonDocument.Parse(events[0].Payload).RootElement;
        var updated = System.Text.Json.JsonDocument.Parse(events[1].Payload).RootElement;

        Assert.Equal(("RegistryPlacement", "SojournExpired", "Moscow", "WrongfulListingAlreadyLeft"),
            (created.GetProperty("enforcement_action").GetString(), created.GetProperty("registry_ground").GetString(),
             created.GetProperty("region").GetString(), created.GetProperty("allegations").GetString()));
        Assert.Equal(("enforcement_action.region", "Tver Oblast", "RegistryPlacement"),
            (updated.GetProperty("paths").GetString(), updated.GetProperty("region").GetString(), updated.GetProperty("enforcement_action").GetString()));
    }

    [Fact]
    public async Task WholeLog_HasNoGapsAndEveryHashLinkVerifiesByTheDocumentedEncoding()
    {
        for (var i = 0; i < 3; i++)
        {
            await _investigator.InResolutionAsync();
        }
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _investigator.CreateAsync()));

        var all = await ReadWholeLogAsync(pageSize: 7);

        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        var previous = new string('0', 64);
        foreach (var e in all)
        {
            Assert.Equal(previous, e.PreviousHash);
            Assert.Equal(Recompute(e), e.Hash);
            previous = e.Hash;
        }
    }

    [Fact]
    public async Task ListCaseEvents_AfterASequence_ReturnsOnlyLaterEvents()
    {
        var c = await _investigator.InInvestigationAsync();
        var events = (await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name })).CaseEvents;

        var later = await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name, AfterSequence = events[0].Sequence });

        Assert.Equal([events[1].Sequence], later.CaseEvents.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ListCaseEvents_ForUnknownCase_IsNotFound()
    {
        var error = await RefusedAsync(() => _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = "cases/tf-2026-999999" }).ResponseAsync);

        AssertStatus(error, StatusCode.NotFound, "CASE_NOT_FOUND");
    }

    private async Task<List<V1.CaseEvent>> ReadWholeLogAsync(int pageSize)
    {
        var all = new List<V1.CaseEvent>();
        var token = string.Empty;
        do
        {
            var page = await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { PageSize = pageSize, PageToken = token });
            all.AddRange(page.CaseEvents);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    // Written from the comment on casetracker.v1.CaseEvent, not from the server's code, so that the test
    // checks what a partner verifying the log would compute.
    private static string Recompute(V1.CaseEvent e)
    {
        var lines = new[]
        {
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.Case,
            e.Type.ToString() switch { var t => "CASE_EVENT_TYPE_" + Screaming(t) },
            e.Actor,
            "PARTY_" + e.ActorParty.ToString().ToUpperInvariant(),
            "ROLE_" + Screaming(e.ActorRole.ToString()),
            e.EventTime.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            e.Payload.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal),
            e.PreviousHash,
        };
        var canonical = string.Concat(lines.Select(line => line + "\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Screaming(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + ch : ch.ToString())).ToUpperInvariant();
}
