using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Demo;

/// <summary>
/// <c>seed-demo [--cases N] [--days D] [--data-dir DIR]</c>: fills an empty record with invented cases filed over
/// the last D days (default 75), worked through intake, investigation and resolution, with the deadline scan run
/// every evening — so the previous month has a review worth looking at. It runs the real server in this process
/// on a stopped clock that it moves through the past, and drives it through the client library with development
/// tokens: every case, change and event is made exactly as a live server would make it. The names are invented.
/// </summary>
public static class SeedDemoCommand
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "How many cases to invent (1 to 100000).", DefaultValueFactory = _ => 300 };
        cases.Validators.Add(result => Within(result, 1, 100_000));
        var days = new Option<int>("--days") { Description = "Over how many days before today to file them (1 to 730).", DefaultValueFactory = _ => 75 };
        days.Validators.Add(result => Within(result, 1, 730));
        var command = new Command("seed-demo", "Fills an empty record with invented cases worked through the real server, day by day.")
        {
            cases, days, Hosting.ServerCommands.DataDirectory,
        };
        command.SetAction(result => RunAsync(result.GetValue(cases), result.GetValue(days), result.GetValue(Hosting.ServerCommands.DataDirectory)));
        return command;
    }

    private static void Within(System.CommandLine.Parsing.OptionResult result, int least, int most)
    {
        if (result.GetValueOrDefault<int>() is var value && (value < least || value > most))
        {
            result.AddError($"{result.Option.Name} must be from {least} to {most}");
        }
    }

    private static async Task<int> RunAsync(int cases, int days, string? dataDirectory)
    {
        var today = DateTime.UtcNow.Date;
        var clock = new DemoClock(new DateTimeOffset(today.AddDays(-days).AddHours(6), TimeSpan.Zero));
        var grpcPort = FreePort();
        List<string> settings =
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{grpcPort}",
            $"--Endpoints:Http=http://127.0.0.1:{FreePort()}",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
        ];
        if (dataDirectory is not null)
        {
            settings.Add($"--Storage:DataDirectory={dataDirectory}");
        }
        await using var app = CaseTrackerApp.Build([.. settings], builder => builder.Services.AddSingleton<TimeProvider>(clock));
        var folder = Path.GetFullPath(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync())
        {
            if (await db.CaseEvents.AnyAsync())
            {
                Console.Error.WriteLine($"seed-demo fills an empty record only, and the one in {folder} already has events. "
                    + "Seed another folder with --data-dir DIR, then run the server and the token command on that folder too: "
                    + "dotnet run --project server/CaseTracker.Server -- --Storage:DataDirectory=DIR, and token ... --data-dir DIR.");
                return 1;
            }
        }
        Console.Error.WriteLine($"Seeding {cases} demo cases over {days} days into {folder} ...");
        await app.StartAsync();
        var seeder = new DemoSeeder(app.Services, clock, new Uri($"http://127.0.0.1:{grpcPort}"), new Random(2026));
        await seeder.RunAsync(cases, today.AddDays(-days), today, (day, filed) => Console.Error.WriteLine($"  day {day}/{days}: {filed} cases filed"));
        await app.StopAsync();
        Console.WriteLine($"Seeded {cases} demo cases filed from {today.AddDays(-days):yyyy-MM-dd} to {today.AddDays(-1):yyyy-MM-dd} in {folder}.");
        Console.WriteLine(dataDirectory is not null
            ? $"Next: run the server on it (dotnet run --project server/CaseTracker.Server -- --Storage:DataDirectory={folder}) and mint tokens from it (token ... --data-dir {folder})."
            : "Next: run the server (dotnet run --project server/CaseTracker.Server) and mint tokens with its token command; both use this folder.");
        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Invents the cases and walks them through their lives, day by day.</summary>
internal sealed class DemoSeeder(IServiceProvider services, DemoClock clock, Uri address, Random random)
{
    private static readonly (string Latin, string Russian, string Tajik)[] Surnames =
    [
        ("RAKHMONOV", "Рахмонов", "Раҳмонов"), ("JURAEV", "Джураев", "Ҷӯраев"), ("QODIROV", "Кодиров", "Қодиров"),
        ("KHAYDAROV", "Хайдаров", "Ҳайдаров"), ("NAZAROV", "Назаров", "Назаров"), ("SAIDOV", "Саидов", "Саидов"),
        ("UMAROV", "Умаров", "Умаров"), ("GHAFUROV", "Гафуров", "Ғафуров"), ("SHARIPOV", "Шарипов", "Шарипов"),
        ("YUSUFZODA", "Юсуфзода", "Юсуфзода"), ("KARIMOV", "Каримов", "Каримов"), ("ISMOILOV", "Исмоилов", "Исмоилов"),
    ];

    private static readonly (string Latin, string Russian, string Tajik)[] GivenNames =
    [
        ("FARRUKH", "Фаррух", "Фаррух"), ("BAHROM", "Бахром", "Баҳром"), ("SINO", "Сино", "Сино"), ("UMED", "Умед", "Умед"),
        ("FIRUZ", "Фируз", "Фирӯз"), ("ANVAR", "Анвар", "Анвар"), ("SORBON", "Сорбон", "Сорбон"), ("DILSHOD", "Дилшод", "Дилшод"),
        ("MEHROJ", "Мехродж", "Меҳроҷ"), ("ZARINA", "Зарина", "Зарина"), ("MADINA", "Мадина", "Мадина"), ("NIGORA", "Нигора", "Нигора"),
    ];

    private static readonly string[] Regions =
        ["Moscow", "Moscow Oblast", "Saint Petersburg", "Sverdlovsk Oblast", "Novosibirsk Oblast", "Tatarstan", "Krasnoyarsk Krai", "Samara Oblast"];

    private readonly Dictionary<(Party, Role), CaseTrackerClient> _clients = [];
    private readonly List<string> _open = [];

    /// <summary>Walks every day from <paramref name="firstDay"/>; <paramref name="progress"/> hears every tenth day and the last (day number, cases filed).</summary>
    public async Task RunAsync(int cases, DateTime firstDay, DateTime today, Action<int, int> progress)
    {
        var totalDays = (int)(today - firstDay).TotalDays;
        var filed = 0;
        At(firstDay, 7);
        await RosterAsync();
        for (var day = firstDay; day < today; day = day.AddDays(1))
        {
            var dueByTonight = (int)Math.Round((double)cases * ((day - firstDay).TotalDays + 1) / totalDays);
            var hour = 8.0;
            while (filed < dueByTonight)
            {
                At(day, hour += 8.0 / Math.Max(1, dueByTonight - filed + 1));
                _open.Add(await FileAsync(filed++));
            }
            foreach (var name in _open.OrderBy(_ => random.Next()).Take(Math.Max(1, _open.Count / 6)).ToList())
            {
                At(day, 13 + random.NextDouble() * 4);
                await MoveAsync(name);
            }
            At(day, 19);
            await services.GetRequiredService<EscalateDueDeadlinesJob>().RunAsync(CancellationToken.None);
            var dayNumber = (int)(day - firstDay).TotalDays + 1;
            if (dayNumber % 10 == 0 || dayNumber == totalDays)
            {
                progress(dayNumber, filed);
            }
        }
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// The roster: the demo tokens' people, each party's investigator, supervisor and co-chair, in their party's language
    /// (Tajikistan's supervisor reads English), so that the ladder and the sign-offs fill their inboxes.
    /// </summary>
    private async Task RosterAsync()
    {
        foreach (var party in new[] { Party.RU, Party.TJ })
        {
            foreach (var role in new[] { Role.Investigator, Role.Supervisor, Role.CoChair })
            {
                var id = $"demo.{party}.{role}".ToLowerInvariant();
                var language = party == Party.RU ? V1.Language.Russian : role == Role.Supervisor ? V1.Language.English : V1.Language.Tajik;
                await Client(party, Role.Supervisor).Members.CreateMemberAsync(new V1.CreateMemberRequest
                {
                    Parent = $"parties/{party}",
                    MemberId = id,
                    Member = new V1.Member
                    {
                        Role = (V1.Role)role, DisplayName = $"Demo {party} {RoleNames.Format(role)}", Email = $"{id}@taskforce.example",
                        Language = language, Active = true, EmailDelivery = V1.EmailDelivery.Immediate,
                    },
                });
            }
        }
    }

    private void At(DateTime day, double hour) => clock.Set(new DateTimeOffset(day.AddHours(hour), TimeSpan.Zero));

    private CaseTrackerClient Client(Party party, Role role)
    {
        if (!_clients.TryGetValue((party, role), out var client))
        {
            var id = $"demo.{party}.{role}".ToLowerInvariant();
            var token = TokenIssuer.Mint(services.GetRequiredService<TokenKeys>(), "casetracker", party, role, id, id,
                TimeSpan.FromDays(800), clock.GetUtcNow().UtcDateTime.AddDays(-1));
            client = CaseTrackerClient.Create(address, () => token);
            _clients[(party, role)] = client;
        }
        return client;
    }

    private async Task<string> FileAsync(int number)
    {
        var party = random.Next(3) == 0 ? Party.RU : Party.TJ;
        var surname = Surnames[random.Next(Surnames.Length)];
        var given = GivenNames[random.Next(GivenNames.Length)];
        var action = Pick(
            (V1.EnforcementActionType.ExpulsionOrder, 30), (V1.EnforcementActionType.Deportation, 15), (V1.EnforcementActionType.EntryBan, 20),
            (V1.EnforcementActionType.RegistryPlacement, 25), (V1.EnforcementActionType.DetentionPendingRemoval, 5),
            (V1.EnforcementActionType.ServiceDenialMarriage, 2), (V1.EnforcementActionType.ServiceDenialSchool, 2), (V1.EnforcementActionType.ServiceDenialDriving, 1));
        var urgent = random.Next(8) == 0;
        var draft = new V1.Case
        {
            IntakeChannel = (V1.IntakeChannel)(party == Party.TJ ? 1 + random.Next(5) : 1 + random.Next(2)),
            Priority = urgent ? V1.Priority.Urgent : V1.Priority.Normal,
            Subject = new V1.Subject
            {
                NameLatin = $"{surname.Latin} {given.Latin}",
                NameRussian = $"{surname.Russian} {given.Russian}",
                NameTajik = $"{surname.Tajik} {given.Tajik}",
                DateOfBirth = new Google.Type.Date { Year = 1970 + random.Next(35), Month = 1 + random.Next(12), Day = 1 + random.Next(28) },
                Citizenship = "TJK",
                PassportNumber = $"{400000000 + number * 7919 % 99999999}",
                Contact = new V1.ContactDetails { Phone = $"+992 9{random.Next(10)} {random.Next(100, 999)} {random.Next(1000, 9999)}" },
            },
            EnforcementAction = new V1.EnforcementAction
            {
                Type = action,
                RegistryGround = action == V1.EnforcementActionType.RegistryPlacement ? (V1.RegistryGround)(1 + random.Next(9)) : V1.RegistryGround.Unspecified,
                DecidingAuthority = "ГУ МВД России",
                Region = Pick(Regions.Select((region, i) => (region, Regions.Length - i)).ToArray()),
                DecisionDate = new Google.Type.Date { Year = 2026, Month = 1 + random.Next(6), Day = 1 + random.Next(28) },
                DecisionReference = $"{number:D5}",
            },
            Allegations = { (V1.AllegationCode)(1 + random.Next(11)) },
            AllegationDetails = "Invented for the demo.",
        };
        if (urgent)
        {
            draft.UrgencyReasons.Add((V1.UrgencyReason)(1 + random.Next(3)));
        }
        var created = await Client(party, Role.Supervisor).Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft });
        return created.Name;
    }

    /// <summary>Takes the case one step further along a typical path.</summary>
    private async Task MoveAsync(string name)
    {
        var ru = Client(Party.RU, Role.Supervisor).Cases;
        var tj = Client(Party.TJ, Role.Supervisor).Cases;
        var c = await tj.GetCaseAsync(new V1.GetCaseRequest { Name = name });
        switch (c.Stage)
        {
            case V1.Stage.Intake when random.Next(10) == 0:
                await tj.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = name, Reason = "Outside the task force's remit." });
                _open.Remove(name);
                break;
            case V1.Stage.Intake:
                await tj.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = name });
                break;
            case V1.Stage.Investigation when c.AwaitingResponse is null && random.Next(3) == 0:
                await tj.RequestResponseAsync(new V1.RequestResponseRequest { Name = name, Party = V1.Party.Ru, Awaited = "The decision file." });
                break;
            case V1.Stage.Investigation when c.AwaitingResponse is not null:
                await ru.RecordResponseAsync(new V1.RecordResponseRequest { Name = name, Summary = "File received." });
                break;
            case V1.Stage.Investigation:
                var outcome = Pick(
                    (V1.Outcome.ViolationConfirmed, 35), (V1.Outcome.NoViolationFound, 25), (V1.Outcome.AlreadyReturnedHome, 25),
                    (V1.Outcome.StatusRegularised, 10), (V1.Outcome.ReferredElsewhere, 5));
                await tj.ProposeResolutionAsync(new V1.ProposeResolutionRequest
                {
                    Name = name, Findings = "Invented findings.", Outcome = outcome,
                    Remedy = outcome == V1.Outcome.ViolationConfirmed ? (V1.Remedy)(1 + random.Next(5)) : V1.Remedy.Unspecified,
                });
                break;
            case V1.Stage.Resolution when c.Resolution.SignOffs.Count == 0:
                await ru.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = name });
                break;
            case V1.Stage.Resolution:
                await tj.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = name });
                _open.Remove(name);
                break;
        }
    }

    private T Pick<T>(params (T Value, int Weight)[] choices)
    {
        var pick = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((pick -= weight) < 0)
            {
                return value;
            }
        }
        return choices[^1].Value;
    }
}
