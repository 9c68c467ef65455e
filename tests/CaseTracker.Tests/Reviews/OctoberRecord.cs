using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CaseTracker.Tests.Reviews;

/// <summary>
/// A small record whose October 2026 figures are worked out by hand, written through the real service on a fake
/// clock (UTC review time zone, cases for discussion after 30 days):
/// <list type="bullet">
/// <item>A (TJ, expulsion order, Moscow): filed 28 Sep, investigation from 29 Sep, open all October; its two
/// investigation clocks (RU, TJ; 30 days) are warned on 22 Oct and breached on 30 Oct.</item>
/// <item>B (RU): filed and withdrawn in September: not active in October.</item>
/// <item>C (TJ, registry placement on an expired stay, Saint Petersburg): filed 5 Oct with the subject's consent to
/// share with Russia, investigated 6 Oct, violation proposed 7 Oct, signed by both parties 8 Oct: closed.</item>
/// <item>D (RU, deportation, Moscow): filed 12 Oct, inadmissible 13 Oct.</item>
/// <item>E (TJ, entry ban, Moscow): filed 20 Oct, left in intake: breached and escalated to the co-chairs on 30 Oct;
/// at 13:00 that day Tajikistan asks Russia for a response, still awaited at the month's end (1 day).</item>
/// <item>F (TJ): filed 21 Oct; the subject refused statistics: left out of every file.</item>
/// <item>G (TJ): filed 2 Nov; A's findings proposed 2 Nov: neither counts for October.</item>
/// <item>Disclosures: the RU supervisor's sign-off of C on 8 Oct answers with C's subject's data (consent to share);
/// on 15 Oct an RU co-chair reads A and C, and a TJ co-chair reads D (three to RU, one to TJ); the RU co-chair reads
/// A again on 2 Nov, which counts for November.</item>
/// </list>
/// The clock ends on Tuesday 3 November 2026.
/// </summary>
public sealed class OctoberRecord : IDisposable
{
    public static readonly byte[] PseudonymKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    /// <summary>Each party's own pseudonym key, for the subjects who did not consent to sharing with the other party.</summary>
    public static readonly IReadOnlyDictionary<string, byte[]> PartyPseudonymKeys = new Dictionary<string, byte[]>
    {
        ["RU"] = [.. Enumerable.Range(101, 32).Select(i => (byte)i)],
        ["TJ"] = [.. Enumerable.Range(201, 32).Select(i => (byte)i)],
    };

    public const string Month = "2026-10";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 28, 9, 0, 0, TimeSpan.Zero));

    public CaseTrackerHost Host { get; }

    public CaseTrackerClient RuSupervisor { get; }

    public CaseTrackerClient TjSupervisor { get; }

    public Dictionary<string, V1.Case> Cases { get; } = [];

    /// <summary>Every name, passport number and contact detail the record holds: none may appear in a review file.</summary>
    public List<string> PersonalData { get; } = [];

    private readonly CaseTrackerClient _ru;
    private readonly CaseTrackerClient _tj;

    public OctoberRecord()
    {
        Host = CaseTrackerHost.WithClock(Clock, new Dictionary<string, string>
        {
            ["Review:PseudonymKey"] = Convert.ToBase64String(PseudonymKey),
            ["Review:PartyPseudonymKeys:RU"] = Convert.ToBase64String(PartyPseudonymKeys["RU"]),
            ["Review:PartyPseudonymKeys:TJ"] = Convert.ToBase64String(PartyPseudonymKeys["TJ"]),
            ["Review:DiscussionAfterDays"] = "30",
        });
        _ru = Host.ClientFor(Party.RU, Role.Investigator, "ru.petrov");
        _tj = Host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        RuSupervisor = Host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova");
        TjSupervisor = Host.ClientFor(Party.TJ, Role.Supervisor, "tj.rahimov");
        SeedAsync().GetAwaiter().GetResult();
    }

    private async Task SeedAsync()
    {
        var a = await FileAsync("A", _tj, V1.EnforcementActionType.ExpulsionOrder, V1.RegistryGround.Unspecified, "Moscow", "Rahmonov Farrukh", "Рахмонов Фаррух", "Раҳмонов Фарруҳ", "400111222");
        var b = await FileAsync("B", _ru, V1.EnforcementActionType.Deportation, V1.RegistryGround.Unspecified, "Moscow", "Juraev Bahrom", "Джураев Бахром", "Ҷӯраев Баҳром", "400222333");
        At(2026, 9, 29);
        a = await _tj.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = a.Name });
        await _ru.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = b.Name, Reason = "The family withdrew the complaint." });

        At(2026, 10, 5);
        var c = await FileAsync("C", _tj, V1.EnforcementActionType.RegistryPlacement, V1.RegistryGround.SojournExpired, "Saint Petersburg", "Qodirov Sino", "Кодиров Сино", "Қодиров Сино", "AB 77-0044");
        await _tj.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true, IncludeInStatistics = true });
        At(2026, 10, 6);
        await _tj.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = c.Name });
        At(2026, 10, 7);
        await _tj.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Findings = "Listed after the stay was extended.", Outcome = V1.Outcome.ViolationConfirmed, Remedy = V1.Remedy.Delisted,
        });
        At(2026, 10, 8);
        await RuSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });
        await TjSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });

        At(2026, 10, 12);
        var d = await FileAsync("D", _ru, V1.EnforcementActionType.Deportation, V1.RegistryGround.Unspecified, "Moscow", "Khaydarov Umed", "Хайдаров Умед", "Ҳайдаров Умед", "400333444");
        At(2026, 10, 13);
        await _ru.Cases.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = d.Name, Reason = "Not about enforcement." });

        At(2026, 10, 15);
        var ruCoChair = Host.ClientFor(Party.RU, Role.CoChair, "ru.cochair");
        await ruCoChair.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = a.Name });
        await ruCoChair.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        await Host.ClientFor(Party.TJ, Role.CoChair, "tj.cochair").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = d.Name });

        At(2026, 10, 20);
        await FileAsync("E", _tj, V1.EnforcementActionType.EntryBan, V1.RegistryGround.Unspecified, "Moscow", "Nazarov Firuz", "Назаров Фируз", "Назаров Фирӯз", "400444555");
        At(2026, 10, 21);
        var f = await FileAsync("F", _tj, V1.EnforcementActionType.EntryBan, V1.RegistryGround.Unspecified, "Kazan", "Saidov Anvar", "Саидов Анвар", "Саидов Анвар", "400555666");
        await _tj.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = f.Name, ShareWithOtherParty = false, IncludeInStatistics = false });

        // Evidence: two documents on A and one on C in October (21 Oct), one on F (left out by consent), one on A in November.
        At(2026, 10, 21, hour: 15);
        await FileDocumentAsync(_tj, a, "Exit stamp of Rahmonov Farrukh", V1.DocumentKind.TravelProof);
        await FileDocumentAsync(_tj, a, "Registry decision", V1.DocumentKind.Decision);
        await FileDocumentAsync(RuSupervisor, c, "Delisting order", V1.DocumentKind.Order);
        await FileDocumentAsync(_tj, f, "Statement of Saidov Anvar", V1.DocumentKind.Statement);

        var scan = new EscalateDueDeadlinesJob(Host.Services.GetRequiredService<BatchingWriter>(), Host.Services.GetRequiredService<DeadlinePolicy>(),
            Clock, NullLogger<EscalateDueDeadlinesJob>.Instance);
        // 22 Oct: three quarters of A's 30 investigation days (from 29 Sep) are gone: both clocks are warned.
        At(2026, 10, 22, hour: 12);
        await scan.RunAsync(CancellationToken.None);
        // 30 Oct: A's clocks ran out on 29 Oct; E's intake clock ran out on 23 Oct and went past due before any
        // scan warned it, so it is breached straight away, then escalated to the co-chairs two days after.
        At(2026, 10, 30, hour: 12);
        for (var run = 0; run < 3; run++)
        {
            await scan.RunAsync(CancellationToken.None);
        }

        At(2026, 10, 30, hour: 13);
        await _tj.Cases.RequestResponseAsync(new V1.RequestResponseRequest
        {
            Name = Cases["E"].Name, Party = V1.Party.Ru, Awaited = "The entry ban decision from the directorate.",
        });

        At(2026, 11, 2);
        await FileAsync("G", _tj, V1.EnforcementActionType.ExpulsionOrder, V1.RegistryGround.Unspecified, "Moscow", "Umarov Sorbon", "Умаров Сорбон", "Умаров Сорбон", "400666777");
        await _tj.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest { Name = a.Name, Findings = "Wrongly listed.", Outcome = V1.Outcome.AlreadyReturnedHome });
        await ruCoChair.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = a.Name });
        await FileDocumentAsync(_tj, a, "School refusal letter", V1.DocumentKind.Correspondence);
        At(2026, 11, 3);
    }

    private static async Task FileDocumentAsync(CaseTrackerClient client, V1.Case c, string title, V1.DocumentKind kind)
    {
        var content = System.Text.Encoding.UTF8.GetBytes($"%PDF-1.7\n{title}\n");
        await client.UploadDocumentAsync(c.Name, new V1.Document { Title = title, Kind = kind }, new MemoryStream(content));
    }

    /// <summary>Moves the fake clock forward to 09:00 UTC (or the hour given) of a day.</summary>
    public void At(int year, int month, int day, int hour = 9) =>
        Clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero));

    private async Task<V1.Case> FileAsync(
        string key, CaseTrackerClient client, V1.EnforcementActionType action, V1.RegistryGround ground, string region,
        string latin, string russian, string tajik, string passport)
    {
        var draft = Drafts.NewCase(latin, russian, tajik, action, ground, region);
        draft.Subject.PassportNumber = passport;
        var n = key[0] - 'A' + 1;
        draft.Subject.Contact = new V1.ContactDetails
        {
            Phone = $"+992 93 555 {n:D2} {n:D2}",
            Email = $"{latin.Split(' ')[0].ToLowerInvariant()}.family@example.tj",
            Address = $"Dushanbe, Rudaki avenue {n}, flat {n * 7}",
        };
        PersonalData.AddRange([latin, russian, tajik, passport, SubjectPseudonyms.Normalise(passport), draft.Subject.Contact.Phone, draft.Subject.Contact.Email, draft.Subject.Contact.Address]);
        PersonalData.AddRange(latin.Split(' '));
        PersonalData.AddRange(russian.Split(' '));
        PersonalData.AddRange(tajik.Split(' '));
        var created = await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft });
        Cases[key] = created;
        return created;
    }

    public void Dispose() => Host.Dispose();
}
