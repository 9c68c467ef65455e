using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Notifications;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseTracker.Tests.Notifications;

/// <summary>
/// A host on a fake clock (Monday 2 March 2026, 09:00 UTC: a working day for both parties) with a roster of two
/// parties: each a lead investigator, two supervisors and a co-chair, in Russian for Russia and Tajik for Tajikistan
/// (one Tajik supervisor reads English), every one with an e-mail address. The roster is made through the contract.
/// </summary>
public sealed class TaskForce : IDisposable
{
    public static readonly (Party Party, Role Role, string Id, V1.Language Language)[] Members =
    [
        (Party.TJ, Role.Investigator, "tj.karimova", V1.Language.Tajik),
        (Party.TJ, Role.Supervisor, "tj.nazarov", V1.Language.Tajik),
        (Party.TJ, Role.Supervisor, "tj.smith", V1.Language.English),
        (Party.TJ, Role.CoChair, "tj.rahimov", V1.Language.Tajik),
        (Party.RU, Role.Investigator, "ru.petrov", V1.Language.Russian),
        (Party.RU, Role.Supervisor, "ru.ivanova", V1.Language.Russian),
        (Party.RU, Role.Supervisor, "ru.orlov", V1.Language.Russian),
        (Party.RU, Role.CoChair, "ru.sokolov", V1.Language.Russian),
    ];

    public TaskForce(IReadOnlyDictionary<string, string>? settings = null, bool roster = true)
    {
        Host = CaseTrackerHost.WithClock(Clock, settings);
        if (roster)
        {
            foreach (var (party, role, id, language) in Members)
            {
                AddAsync(party, role, id, language).GetAwaiter().GetResult();
            }
        }
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public CaseTrackerHost Host { get; }

    public CaseTrackerClient Client(Party party, Role role, string id) => Host.ClientFor(party, role, id);

    public CaseTrackerClient Member(string id)
    {
        var (party, role, _, _) = Members.Single(m => m.Id == id);
        return Host.ClientFor(party, role, id);
    }

    public CaseTrackerClient Supervisor(Party party) => Host.ClientFor(party, Role.Supervisor, party == Party.TJ ? "tj.nazarov" : "ru.ivanova");

    public static string EmailOf(string id) => $"{id}@taskforce.example";

    public Task<V1.Member> AddAsync(Party party, Role role, string id, V1.Language language, V1.EmailDelivery delivery = V1.EmailDelivery.Immediate) =>
        Supervisor(party).Members.CreateMemberAsync(new V1.CreateMemberRequest
        {
            Parent = $"parties/{party}",
            MemberId = id,
            Member = new V1.Member
            {
                Role = (V1.Role)role, DisplayName = id, Email = EmailOf(id), Language = language, Active = true, EmailDelivery = delivery,
            },
        }).ResponseAsync;

    /// <summary>The member's whole inbox, as ListNotifications gives it.</summary>
    public async Task<IReadOnlyList<V1.Notification>> InboxAsync(string id) =>
        (await Member(id).Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { PageSize = 500 })).Notifications;

    /// <summary>The inbox of anyone, on the roster or not.</summary>
    public async Task<IReadOnlyList<V1.Notification>> InboxAsyncOf(Party party, Role role, string id) =>
        (await Host.ClientFor(party, role, id).Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { PageSize = 500 })).Notifications;

    /// <summary>Everyone's inbox: member ID → the kinds they were sent, oldest first.</summary>
    public async Task<Dictionary<string, List<V1.NotificationKind>>> KindsByMemberAsync()
    {
        var kinds = new Dictionary<string, List<V1.NotificationKind>>();
        foreach (var (_, _, id, _) in Members)
        {
            kinds[id] = [.. (await InboxAsync(id)).OrderBy(n => n.Sequence).Select(n => n.Kind)];
        }
        return kinds;
    }

    /// <summary>The personal data of the subject of <see cref="Drafts.NewCase"/>, as a scan of notices looks for it.</summary>
    public static readonly string[] SubjectPersonalData =
        ["RAKHMONOV", "Рахмонов", "Раҳмонов", "FARRUKH", "Фаррух", "400123456", "+992 93 123 4567", "1990-04-12", "Returned to Dushanbe"];

    /// <summary>Which of <paramref name="personal"/> stand in any member's inbox (each notification as the contract sends it) or in <paramref name="more"/>.</summary>
    public async Task<List<string>> PersonalDataFoundAsync(IEnumerable<string> personal, IEnumerable<byte[]>? more = null)
    {
        var bytes = new List<byte[]>(more ?? []);
        foreach (var (_, _, id, _) in Members)
        {
            bytes.AddRange((await InboxAsync(id)).Select(n => n.ToByteArray()));
        }
        return [.. personal.Where(value => bytes.Any(b => b.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(value)) >= 0))];
    }

    public Task ScanAsync() => Host.Services.GetRequiredService<EscalateDueDeadlinesJob>().RunAsync(CancellationToken.None);

    public DeliverNotificationsJob Delivery() => Host.Services.GetRequiredService<DeliverNotificationsJob>();

    /// <summary>Moves the clock to just past <paramref name="time"/>.</summary>
    public void Past(Timestamp time) => Clock.SetUtcNow(time.ToDateTimeOffset().AddMinutes(1));

    /// <summary>Leaves the case alone until its open clock warns, breaches and reaches the co-chairs, scanning at each step.</summary>
    public async Task LadderAsync(string caseName)
    {
        var clock = (await Supervisor(Party.TJ).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = caseName })).Deadlines.Single(d => d.State == V1.DeadlineState.Running);
        Past(clock.WarnTime);
        await ScanAsync();
        Past(clock.DueTime);
        await ScanAsync();
        Clock.SetUtcNow(clock.DueTime.ToDateTimeOffset().AddDays(7));
        await ScanAsync();
    }

    public void Dispose() => Host.Dispose();
}
