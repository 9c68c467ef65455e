using System.CommandLine;
using System.Text.Json;
using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.V1;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace CaseTracker.Cli;

/// <summary>
/// <c>casetracker</c>: an investigator's day from a terminal. Every command reads its login from the config
/// written by <c>login</c>, prints a table (or JSON with <c>--json</c>), and exits with a documented code;
/// an error is one line carrying the reason code.
/// </summary>
public sealed class CliApp(CliEnvironment env)
{
    private readonly Option<bool> _json = new("--json") { Description = "Print JSON for scripts instead of tables.", Recursive = true };
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(env.Output),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = env.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
    });

    public static Task<int> RunAsync(string[] args, CliEnvironment env) => new CliApp(env).InvokeAsync(args);

    /// <summary>Output that is not a terminal (a file, a pipe, a test) is laid out wide, so tables do not wrap.</summary>
    private int Width => env.Interactive ? Math.Max(Console.WindowWidth, 80) : 200;

    public async Task<int> InvokeAsync(string[] args)
    {
        _console.Profile.Width = Width;
        var root = new RootCommand("casetracker — the joint task force's case system, from a terminal.\n"
            + "Exit codes: 0 success, 1 usage, 2 not found, 3 conflict or failed precondition, 4 permission, 5 unavailable.");
        root.Options.Add(_json);
        root.Subcommands.Add(Login());
        root.Subcommands.Add(WhoAmI());
        root.Subcommands.Add(Cases());
        root.Subcommands.Add(Notes());
        root.Subcommands.Add(Events());
        root.Subcommands.Add(Deadlines());
        root.Subcommands.Add(VerifyLog());
        root.Subcommands.Add(Reviews());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await env.Error.WriteLineAsync($"error: {error.Message}");
            }
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Output, Error = env.Error });
    }

    // ---- login ----

    private Command Login()
    {
        var server = new Option<string>("--server") { Description = "The server's gRPC address.", DefaultValueFactory = _ => "http://localhost:5080" };
        var token = new Option<string>("--token") { Description = "Your bearer token.", Required = true };
        var command = new Command("login", "Keep the server address and your token in your config (owner-only permissions).") { server, token };
        command.SetAction(result => Run(async () =>
        {
            env.SaveLogin(new CliLogin(result.GetValue(server)!, result.GetValue(token)!));
            var me = Identity.Of(result.GetValue(token)!);
            await Print(result, new { server = result.GetValue(server), me.Party, me.Role, me.Id }, $"logged in to {result.GetValue(server)} as {me.Id} ({me.Party}, {me.Role})");
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command WhoAmI()
    {
        var command = new Command("whoami", "Show who the stored token says you are, and check the server answers.");
        command.SetAction(result => Run(async () =>
        {
            var login = RequireLogin();
            var me = Identity.Of(login.Token);
            using var client = env.Connect(login);
            await client.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 1 });
            await Print(result, new { server = login.Server, me.Party, me.Role, me.Id, me.Expires }, $"{me.Id} ({me.Party}, {me.Role}) on {login.Server}, token valid until {me.Expires:u}");
            return ExitCodes.Success;
        }));
        return command;
    }

    // ---- cases ----

    private Command Cases()
    {
        var command = new Command("cases", "List, show, file, change and move cases.");
        command.Subcommands.Add(CasesList());
        command.Subcommands.Add(CasesShow());
        command.Subcommands.Add(CasesCreate());
        command.Subcommands.Add(CasesUpdate());
        command.Subcommands.Add(Change("start-investigation", "INTAKE -> INVESTIGATION.", (name, _) => new StartInvestigationRequest { Name = name }, (c, r) => c.StartInvestigationAsync((StartInvestigationRequest)r)));
        var party = new Option<string>("--party") { Description = "The party asked: RU or TJ.", Required = true };
        var awaited = new Option<string>("--awaited") { Description = "What is awaited.", Required = true };
        command.Subcommands.Add(Change("request-response", "Wait for a party's response.", (name, r) => new RequestResponseRequest { Name = name, Party = Enums.Parse<Party>(r.GetValue(party)!), Awaited = r.GetValue(awaited)! },
            (c, r) => c.RequestResponseAsync((RequestResponseRequest)r), party, awaited));
        var summary = new Option<string>("--summary") { Description = "What was received.", Required = true };
        command.Subcommands.Add(Change("record-response", "Record the awaited response.", (name, r) => new RecordResponseRequest { Name = name, Summary = r.GetValue(summary)! },
            (c, r) => c.RecordResponseAsync((RecordResponseRequest)r), summary));
        var findings = new Option<string>("--findings") { Description = "What the investigation found.", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "violation-confirmed, no-violation-found, already-returned-home, status-regularised, referred-elsewhere.", Required = true };
        var remedy = new Option<string?>("--remedy") { Description = "order-revoked, delisted, status-regularised, compensation, other (with violation-confirmed)." };
        command.Subcommands.Add(Change("propose", "Propose findings (INVESTIGATION -> RESOLUTION).", (name, r) => new ProposeResolutionRequest
        {
            Name = name,
            Findings = r.GetValue(findings)!,
            Outcome = Enums.Parse<Outcome>(r.GetValue(outcome)!),
            Remedy = r.GetValue(remedy) is { } value ? Enums.Parse<Remedy>(value) : Remedy.Unspecified,
        }, (c, r) => c.ProposeResolutionAsync((ProposeResolutionRequest)r), findings, outcome, remedy));
        command.Subcommands.Add(Change("send-back", "Send the findings back to investigation.", (name, r) => new ReturnToInvestigationRequest { Name = name, Reason = r.GetValue(Reason)! },
            (c, r) => c.ReturnToInvestigationAsync((ReturnToInvestigationRequest)r), Reason));
        command.Subcommands.Add(Change("sign-off", "Sign off the findings for your party.", (name, _) => new SignOffResolutionRequest { Name = name },
            (c, r) => c.SignOffResolutionAsync((SignOffResolutionRequest)r)));
        command.Subcommands.Add(Change("reopen", "Reopen a closed case.", (name, r) => new ReopenCaseRequest { Name = name, Reason = r.GetValue(Reason)! },
            (c, r) => c.ReopenCaseAsync((ReopenCaseRequest)r), Reason));
        command.Subcommands.Add(Change("inadmissible", "Close at intake as inadmissible.", (name, r) => new DeclareInadmissibleRequest { Name = name, Reason = r.GetValue(Reason)! },
            (c, r) => c.DeclareInadmissibleAsync((DeclareInadmissibleRequest)r), Reason));
        command.Subcommands.Add(Change("withdraw", "Close at intake as withdrawn.", (name, r) => new WithdrawCaseRequest { Name = name, Reason = r.GetValue(Reason)! },
            (c, r) => c.WithdrawCaseAsync((WithdrawCaseRequest)r), Reason));
        var investigator = new Option<string>("--investigator") { Description = "The user ID of your party's new lead investigator.", Required = true };
        command.Subcommands.Add(Change("assign", "Make someone your party's lead investigator.", (name, r) => new AssignInvestigatorRequest { Name = name, InvestigatorId = r.GetValue(investigator)! },
            (c, r) => c.AssignInvestigatorAsync((AssignInvestigatorRequest)r), investigator));
        return command;
    }

    private static readonly Option<string> Reason = new("--reason") { Description = "Why.", Required = true };
    private static readonly Argument<string> CaseArgument = new("case") { Description = "The case: its reference (TF-2026-000123) or name (cases/tf-2026-000123)." };
    private static readonly Option<string?> Etag = new("--etag") { Description = "Only if the case is still at this version." };

    private Command Change(string name, string description, Func<string, ParseResult, IMessage> request,
        Func<CaseService.CaseServiceClient, IMessage, AsyncUnaryCall<Case>> call, params System.CommandLine.Option[] options)
    {
        var command = new Command(name, description) { CaseArgument, Etag };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var message = request(CaseName(result.GetValue(CaseArgument)!), result);
            message.Descriptor.FindFieldByName("etag")?.Accessor.SetValue(message, result.GetValue(Etag) ?? string.Empty);
            var changed = await call(client.Cases, message);
            await PrintCase(result, changed, brief: true);
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command CasesList()
    {
        var stage = new Option<string?>("--stage") { Description = "intake, investigation, resolution or closed." };
        var filing = new Option<string?>("--filing-party") { Description = "RU or TJ." };
        var priority = new Option<string?>("--priority") { Description = "normal or urgent." };
        var awaiting = new Option<string?>("--awaiting") { Description = "Only cases awaiting this party's response: RU or TJ." };
        var overdue = new Option<bool>("--overdue") { Description = "Only cases with a breached clock." };
        var mine = new Option<bool>("--mine") { Description = "Only cases you lead." };
        var text = new Option<string?>("--filter") { Description = "Text to find in the subject's names, in any script." };
        var order = new Option<string>("--order-by") { Description = "create_time, update_time or reference, optionally with ' desc'.", DefaultValueFactory = _ => "update_time desc" };
        var size = new Option<int>("--page-size") { Description = "Cases per page fetched.", DefaultValueFactory = _ => 50 };
        var limit = new Option<int>("--limit") { Description = "The most cases shown.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List cases, paging through the results.") { stage, filing, priority, awaiting, overdue, mine, text, order, size, limit };
        command.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var filter = new List<string>();
            if (result.GetValue(stage) is { } s) filter.Add($"stage = {Enums.Name(Enums.Parse<Stage>(s))}");
            if (result.GetValue(filing) is { } f) filter.Add($"filing_party = {Enums.Name(Enums.Parse<Party>(f))}");
            if (result.GetValue(priority) is { } p) filter.Add($"priority = {Enums.Name(Enums.Parse<Priority>(p))}");
            if (result.GetValue(awaiting) is { } a) filter.Add($"awaiting_response.party = {Enums.Name(Enums.Parse<Party>(a))}");
            if (result.GetValue(text) is { } t) filter.Add($"subject.name : \"{t.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            HashSet<string>? overdueCases = null;
            if (result.GetValue(overdue))
            {
                var breached = await client.Cases.ListDeadlinesAsync(new ListDeadlinesRequest { Parent = "cases/-", Filter = "state = ESCALATED_LEVEL_1", PageSize = 500 });
                var further = await client.Cases.ListDeadlinesAsync(new ListDeadlinesRequest { Parent = "cases/-", Filter = "state = ESCALATED_LEVEL_2", PageSize = 500 });
                overdueCases = breached.Deadlines.Concat(further.Deadlines).Select(d => d.Name[..d.Name.IndexOf("/deadlines/", StringComparison.Ordinal)]).ToHashSet();
            }
            var me = Identity.Of(RequireLogin().Token);
            var request = new ListCasesRequest { Filter = string.Join(" AND ", filter), OrderBy = result.GetValue(order)!, PageSize = result.GetValue(size) };
            var cases = new List<Case>();
            await WithProgressAsync(result, "Fetching cases", async () =>
            {
                await foreach (var c in client.ListAllCasesAsync(request))
                {
                    if ((overdueCases is null || overdueCases.Contains(c.Name))
                        && (!result.GetValue(mine) || c.LeadInvestigators.Any(l => l.InvestigatorId == me.Id)))
                    {
                        cases.Add(c);
                    }
                    if (cases.Count >= result.GetValue(limit))
                    {
                        break;
                    }
                }
            });
            if (Json(result))
            {
                await env.Output.WriteLineAsync(JsonArray(cases));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("Reference", "Stage", "Filed by", "Priority", "Subject", "Awaiting", "Updated");
            foreach (var c in cases)
            {
                table.AddRow(c.Reference, Enums.Short(c.Stage), Enums.Short(c.FilingParty), Enums.Short(c.Priority),
                    Markup.Escape(SubjectName(c.Subject)), c.AwaitingResponse is null ? "" : Enums.Short(c.AwaitingResponse.Party), c.UpdateTime.ToDateTime().ToString("yyyy-MM-dd HH:mm"));
            }
            _console.Write(table);
            await env.Output.WriteLineAsync($"{cases.Count} case(s)");
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command CasesShow()
    {
        var command = new Command("show", "Show a case, its clocks and its latest events.") { CaseArgument };
        command.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var name = CaseName(result.GetValue(CaseArgument)!);
            var c = await client.Cases.GetCaseAsync(new GetCaseRequest { Name = name });
            var clocks = await client.Cases.ListDeadlinesAsync(new ListDeadlinesRequest { Parent = name, PageSize = 500 });
            var events = new List<CaseEvent>();
            await foreach (var e in client.ListAllCaseEventsAsync(new ListCaseEventsRequest { Case = name, PageSize = 500 }))
            {
                events.Add(e);
            }
            if (Json(result))
            {
                await env.Output.WriteLineAsync($"{{\"case\":{JsonFormatter.Default.Format(c)},\"deadlines\":{JsonArray(clocks.Deadlines)},\"events\":{JsonArray(events.TakeLast(10))}}}");
                return ExitCodes.Success;
            }
            await PrintCase(result, c, brief: false);
            var clockTable = new Table().Title("Clocks").AddColumns("Clock", "Stage", "Owes", "State", "Due", "Level");
            foreach (var d in clocks.Deadlines)
            {
                clockTable.AddRow(Enums.Short(d.Clock), Enums.Short(d.Stage), Enums.Short(d.OwingParty), Enums.Short(d.State), d.DueTime.ToDateTime().ToString("yyyy-MM-dd HH:mm"), d.EscalationLevel.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            _console.Write(clockTable);
            var eventTable = new Table().Title("Latest events").AddColumns("#", "Type", "By", "When");
            foreach (var e in events.TakeLast(10))
            {
                eventTable.AddRow(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Enums.Short(e.Type), Markup.Escape($"{e.Actor} ({Enums.Short(e.ActorParty)})"), e.EventTime.ToDateTime().ToString("yyyy-MM-dd HH:mm"));
            }
            _console.Write(eventTable);
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command CasesCreate()
    {
        var file = new Option<FileInfo?>("--file") { Description = "A JSON file holding the case (casetracker.v1.Case)." };
        var channel = new Option<string>("--channel") { Description = "investigator, ministry-system, hotline, dushanbe-passport-visa-office, dushanbe-migration-centre, other.", DefaultValueFactory = _ => "investigator" };
        var priority = new Option<string>("--priority") { Description = "normal or urgent.", DefaultValueFactory = _ => "normal" };
        var urgency = new Option<string[]>("--urgency") { Description = "removal-imminent, detained, child-affected (with --priority urgent).", AllowMultipleArgumentsPerToken = true };
        var latin = new Option<string?>("--name-latin") { Description = "The subject's name as in the passport." };
        var russian = new Option<string?>("--name-russian") { Description = "The subject's name in Russian Cyrillic." };
        var tajik = new Option<string?>("--name-tajik") { Description = "The subject's name in Tajik Cyrillic." };
        var birth = new Option<string?>("--date-of-birth") { Description = "yyyy-mm-dd." };
        var passport = new Option<string?>("--passport") { Description = "The passport number." };
        var phone = new Option<string?>("--phone") { Description = "A phone number for the subject or family." };
        var action = new Option<string?>("--action") { Description = "expulsion-order, deportation, entry-ban, registry-placement, detention-pending-removal, service-denial-*." };
        var ground = new Option<string?>("--ground") { Description = "The registry ground, with --action registry-placement (for example sojourn-expired)." };
        var region = new Option<string?>("--region") { Description = "The Russian region of the decision." };
        var allegations = new Option<string[]>("--allegation") { Description = "What is claimed to be wrong (for example wrongful-listing-already-left); repeatable.", AllowMultipleArgumentsPerToken = true };
        var details = new Option<string?>("--details") { Description = "The complaint in the complainant's words." };
        var command = new Command("create", "File a case, from flags or from a JSON file.") { file, channel, priority, urgency, latin, russian, tajik, birth, passport, phone, action, ground, region, allegations, details };
        command.SetAction(result => Run(async () =>
        {
            Case draft;
            if (result.GetValue(file) is { } json)
            {
                draft = JsonParser.Default.Parse<Case>(await File.ReadAllTextAsync(json.FullName));
            }
            else
            {
                draft = new Case
                {
                    IntakeChannel = Enums.Parse<IntakeChannel>(result.GetValue(channel)!),
                    Priority = Enums.Parse<Priority>(result.GetValue(priority)!),
                    Subject = new Subject
                    {
                        NameLatin = result.GetValue(latin) ?? "",
                        NameRussian = result.GetValue(russian) ?? "",
                        NameTajik = result.GetValue(tajik) ?? "",
                        PassportNumber = result.GetValue(passport) ?? "",
                        Citizenship = "TJK",
                        DateOfBirth = result.GetValue(birth) is { } dob ? Dates.Parse(dob) : null,
                        Contact = result.GetValue(phone) is { } tel ? new ContactDetails { Phone = tel } : null,
                    },
                    AllegationDetails = result.GetValue(details) ?? "",
                };
                draft.UrgencyReasons.AddRange((result.GetValue(urgency) ?? []).Select(Enums.Parse<UrgencyReason>));
                draft.Allegations.AddRange((result.GetValue(allegations) ?? []).Select(Enums.Parse<AllegationCode>));
                if (result.GetValue(action) is { } type)
                {
                    draft.EnforcementAction = new EnforcementAction
                    {
                        Type = Enums.Parse<EnforcementActionType>(type),
                        RegistryGround = result.GetValue(ground) is { } g ? Enums.Parse<RegistryGround>(g) : RegistryGround.Unspecified,
                        Region = result.GetValue(region) ?? "",
                    };
                }
            }
            using var client = Connect();
            var created = await client.Cases.CreateCaseAsync(new CreateCaseRequest { Case = draft });
            await PrintCase(result, created, brief: true);
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command CasesUpdate()
    {
        var details = new Option<string?>("--details") { Description = "The complaint's details." };
        var region = new Option<string?>("--region") { Description = "The Russian region of the decision." };
        var priority = new Option<string?>("--priority") { Description = "normal or urgent." };
        var urgency = new Option<string[]>("--urgency") { Description = "The urgency reasons (with --priority urgent).", AllowMultipleArgumentsPerToken = true };
        var latin = new Option<string?>("--name-latin") { Description = "The subject's passport spelling." };
        var allegations = new Option<string[]>("--allegation") { Description = "The allegation codes (replaces them all).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("update", "Change the named fields of a case, and only those.") { CaseArgument, Etag, details, region, priority, urgency, latin, allegations };
        command.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var name = CaseName(result.GetValue(CaseArgument)!);
            var change = new Case { Name = name, Etag = result.GetValue(Etag) ?? "" };
            var mask = new FieldMask();
            if (result.GetValue(details) is { } d) { change.AllegationDetails = d; mask.Paths.Add("allegation_details"); }
            if (result.GetValue(region) is { } r) { change.EnforcementAction = new EnforcementAction { Region = r }; mask.Paths.Add("enforcement_action.region"); }
            if (result.GetValue(priority) is { } p) { change.Priority = Enums.Parse<Priority>(p); mask.Paths.Add("priority"); mask.Paths.Add("urgency_reasons"); change.UrgencyReasons.AddRange((result.GetValue(urgency) ?? []).Select(Enums.Parse<UrgencyReason>)); }
            if (result.GetValue(latin) is { } l) { change.Subject = new Subject { NameLatin = l }; mask.Paths.Add("subject.name_latin"); }
            if (result.GetValue(allegations) is { Length: > 0 } a) { change.Allegations.AddRange(a.Select(Enums.Parse<AllegationCode>)); mask.Paths.Add("allegations"); }
            if (mask.Paths.Count == 0)
            {
                await env.Error.WriteLineAsync("error: name at least one field to change (see --help)");
                return ExitCodes.Usage;
            }
            var updated = await client.Cases.UpdateCaseAsync(new UpdateCaseRequest { Case = change, UpdateMask = mask });
            await PrintCase(result, updated, brief: true);
            return ExitCodes.Success;
        }));
        return command;
    }

    // ---- notes, events, deadlines ----

    private Command Notes()
    {
        var text = new Option<string>("--text") { Description = "The note.", Required = true };
        var add = new Command("add", "Add a note to a case.") { CaseArgument, text };
        add.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var note = await client.Cases.CreateNoteAsync(new CreateNoteRequest { Parent = CaseName(result.GetValue(CaseArgument)!), Note = new Note { Text = result.GetValue(text)! } });
            await Print(result, note, $"added {note.Name}");
            return ExitCodes.Success;
        }));
        var list = new Command("list", "List a case's notes, oldest first.") { CaseArgument };
        list.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var notes = await client.Cases.ListNotesAsync(new ListNotesRequest { Parent = CaseName(result.GetValue(CaseArgument)!), PageSize = 500 });
            if (Json(result))
            {
                await env.Output.WriteLineAsync(JsonArray(notes.Notes));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("Note", "By", "When", "Text");
            foreach (var n in notes.Notes)
            {
                table.AddRow(n.Name[(n.Name.LastIndexOf('/') + 1)..], Markup.Escape($"{n.Author} ({Enums.Short(n.AuthorParty)})"), n.CreateTime.ToDateTime().ToString("yyyy-MM-dd HH:mm"), Markup.Escape(n.Text));
            }
            _console.Write(table);
            return ExitCodes.Success;
        }));
        return new Command("notes", "Add and list notes.") { add, list };
    }

    private Command Events()
    {
        var caseOption = new Option<string?>("--case") { Description = "Only this case's events." };
        var after = new Option<long>("--after") { Description = "Only events after this sequence number." };
        var limit = new Option<int>("--limit") { Description = "The most events shown.", DefaultValueFactory = _ => 100 };
        var list = new Command("list", "List events in sequence order.") { caseOption, after, limit };
        list.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var request = new ListCaseEventsRequest { Case = result.GetValue(caseOption) is { } c ? CaseName(c) : "", AfterSequence = result.GetValue(after), PageSize = 500 };
            var events = new List<CaseEvent>();
            await foreach (var e in client.ListAllCaseEventsAsync(request))
            {
                events.Add(e);
                if (events.Count >= result.GetValue(limit))
                {
                    break;
                }
            }
            if (Json(result))
            {
                await env.Output.WriteLineAsync(JsonArray(events));
                return ExitCodes.Success;
            }
            foreach (var e in events)
            {
                await env.Output.WriteLineAsync(EventLine(e));
            }
            return ExitCodes.Success;
        }));
        var max = new Option<int?>("--max") { Description = "Stop after this many events (for scripts)." };
        var watch = new Command("watch", "Follow new events as they happen; resumes by itself after a dropped connection.") { caseOption, after, max };
        watch.SetAction((result, cancellationToken) => Run(async () =>
        {
            using var client = Connect();
            var filter = new WatchCaseEventsRequest { Case = result.GetValue(caseOption) is { } c ? CaseName(c) : "" };
            var seen = 0;
            try
            {
                await foreach (var e in client.WatchAsync(result.GetValue(after), cancellationToken, filter))
                {
                    await env.Output.WriteLineAsync(Json(result) ? JsonFormatter.Default.Format(e) : EventLine(e));
                    if (++seen == result.GetValue(max))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: a normal way to stop watching.
            }
            return ExitCodes.Success;
        }));
        return new Command("events", "The event log.") { list, watch };
    }

    private Command Deadlines()
    {
        var caseOption = new Option<string?>("--case") { Description = "Only this case's clocks." };
        var owing = new Option<string?>("--owing-party") { Description = "RU or TJ." };
        var state = new Option<string?>("--state") { Description = "running, paused, warned, escalated-level-1, escalated-level-2, met, cancelled." };
        var list = new Command("list", "List clocks, soonest due first.") { caseOption, owing, state };
        list.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var filter = new List<string>();
            if (result.GetValue(owing) is { } o) filter.Add($"owing_party = {Enums.Name(Enums.Parse<Party>(o))}");
            if (result.GetValue(state) is { } s) filter.Add($"state = {Enums.Name(Enums.Parse<DeadlineState>(s))}");
            var clocks = await client.Cases.ListDeadlinesAsync(new ListDeadlinesRequest
            {
                Parent = result.GetValue(caseOption) is { } c ? CaseName(c) : "cases/-",
                Filter = string.Join(" AND ", filter),
                PageSize = 500,
            });
            if (Json(result))
            {
                await env.Output.WriteLineAsync(JsonArray(clocks.Deadlines));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("Deadline", "Clock", "Owes", "State", "Due", "Level");
            foreach (var d in clocks.Deadlines)
            {
                table.AddRow(d.Name, Enums.Short(d.Clock), Enums.Short(d.OwingParty), Enums.Short(d.State), d.DueTime.ToDateTime().ToString("yyyy-MM-dd HH:mm"), d.EscalationLevel.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            _console.Write(table);
            return ExitCodes.Success;
        }));
        return new Command("deadlines", "The clocks of the cases.") { list };
    }

    // ---- monthly reviews ----

    private static readonly Argument<string> MonthArgument = new("month") { Description = "The month reviewed, YYYY-MM." };

    private Command Reviews()
    {
        var wait = new Option<bool>("--wait") { Description = "Wait until the review is built." };
        var create = new Command("create", "Create a month's review (supervisors and co-chairs); a month that has one keeps it.") { MonthArgument, wait };
        create.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var operation = await client.Reviews.CreateMonthlyReviewAsync(new CreateMonthlyReviewRequest { Month = result.GetValue(MonthArgument)! });
            if (result.GetValue(wait) && !operation.Done)
            {
                await WithProgressAsync(result, "Building the review...", async () => operation = await client.WaitForOperationAsync(operation.Name));
            }
            if (operation.Error is { } error)
            {
                await env.Error.WriteLineAsync($"error: building the review failed: {error.Message}");
                return ExitCodes.Conflict;
            }
            if (operation.Done)
            {
                await PrintReview(result, operation.Response.Unpack<MonthlyReview>());
                return ExitCodes.Success;
            }
            var progress = operation.Metadata.Unpack<MonthlyReviewProgress>();
            await Print(result, operation, $"{operation.Name}  building {progress.Review}: {progress.CasesProcessed}/{progress.CasesTotal} cases");
            return ExitCodes.Success;
        }));

        var show = new Command("show", "Show a review: its state, files and signatures.") { MonthArgument };
        show.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            await PrintReview(result, await client.Reviews.GetMonthlyReviewAsync(new GetMonthlyReviewRequest { Name = ReviewName(result.GetValue(MonthArgument)!) }));
            return ExitCodes.Success;
        }));

        var to = new Option<DirectoryInfo?>("--to") { Description = "The folder to write the files to (default: review-YYYY-MM)." };
        var download = new Command("download", "Download a review's files, checking each against its SHA-256.") { MonthArgument, to };
        download.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            var month = result.GetValue(MonthArgument)!;
            var folder = result.GetValue(to)?.FullName ?? Path.GetFullPath($"review-{month}");
            IReadOnlyList<MonthlyReviewFile> files = [];
            await WithProgressAsync(result, "Downloading...", async () => files = await client.DownloadReviewAsync(ReviewName(month), folder));
            foreach (var file in files)
            {
                await Print(result, file, $"{Path.Combine(folder, file.FileName)}  {file.SizeBytes} bytes  sha256 {file.Sha256}");
            }
            return ExitCodes.Success;
        }));

        var manifest = new Option<string>("--manifest-sha256") { Description = "The SHA-256 of the manifest.json you checked.", Required = true };
        var signOff = new Command("sign-off", "Sign a review for your party (supervisors and co-chairs).") { MonthArgument, manifest };
        signOff.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            await PrintReview(result, await client.Reviews.SignOffMonthlyReviewAsync(new SignOffMonthlyReviewRequest
            {
                Name = ReviewName(result.GetValue(MonthArgument)!),
                ManifestSha256 = result.GetValue(manifest)!,
            }));
            return ExitCodes.Success;
        }));
        return new Command("reviews", "The monthly joint case reviews.") { create, show, download, signOff };
    }

    private async Task PrintReview(ParseResult result, MonthlyReview review)
    {
        if (Json(result))
        {
            await env.Output.WriteLineAsync(JsonFormatter.Default.Format(review));
            return;
        }
        await env.Output.WriteLineAsync($"{review.Name}  {Enums.Short(review.State)}  as of event {review.AsOfSequence}  manifest sha256 {review.ManifestSha256}");
        foreach (var file in review.Files)
        {
            await env.Output.WriteLineAsync($"  {file.FileName,-16} {file.SizeBytes,10} bytes  {file.Sha256}");
        }
        foreach (var signature in review.Signatures)
        {
            await env.Output.WriteLineAsync($"  signed for {Enums.Short(signature.Party)} by {signature.Signer} ({Enums.Short(signature.Role)}) at {signature.SignTime.ToDateTime():yyyy-MM-dd HH:mm}");
        }
    }

    private static string ReviewName(string month) => month.StartsWith("reviews/", StringComparison.Ordinal) ? month : "reviews/" + month.Trim();

    private Command VerifyLog()
    {
        var file = new Argument<FileInfo>("file") { Description = "An exported event log (JSON Lines of casetracker.v1.LogExportRecord)." };
        var ru = new Option<FileInfo?>("--ru-key") { Description = "Russia's checkpoint public key (PEM)." };
        var tj = new Option<FileInfo?>("--tj-key") { Description = "Tajikistan's checkpoint public key (PEM)." };
        var command = new Command("verify-log", "Check an exported event log offline; exits 3 naming the first broken sequence.") { file, ru, tj };
        command.SetAction(result => Run(async () =>
        {
            var keys = new Dictionary<Party, System.Security.Cryptography.ECDsa>();
            foreach (var (party, option) in new[] { (Party.Ru, ru), (Party.Tj, tj) })
            {
                if (result.GetValue(option) is { } pem)
                {
                    var key = System.Security.Cryptography.ECDsa.Create();
                    key.ImportFromPem(await File.ReadAllTextAsync(pem.FullName));
                    keys[party] = key;
                }
            }
            LogVerification verdict = null!;
            await WithProgressAsync(result, "Verifying the log", async () =>
                verdict = new LogVerifier(keys).Verify(LogVerifier.ReadExport(await File.ReadAllLinesAsync(result.GetValue(file)!.FullName))));
            await Print(result, new { verdict.IsIntact, verdict.FirstBrokenSequence, verdict.Problem, verdict.Events, verdict.Signatures },
                verdict.IsIntact ? $"intact: {verdict.Events} events, {verdict.Signatures} checkpoint signatures" : $"broken at sequence {verdict.FirstBrokenSequence}: {verdict.Problem}");
            return verdict.IsIntact ? ExitCodes.Success : ExitCodes.Conflict;
        }));
        return command;
    }

    // ---- plumbing ----

    private async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CaseTrackerException error)
        {
            var fields = error.FieldViolations.Count == 0 ? "" : " (" + string.Join("; ", error.FieldViolations.Select(v => $"{v.Field}: {v.Description}")) + ")";
            await env.Error.WriteLineAsync($"error: {error.StatusCode} {error.Reason}: {error.Status.Detail}{fields}");
            return ExitCodes.Of(error.StatusCode);
        }
        catch (RpcException error)
        {
            await env.Error.WriteLineAsync($"error: {error.StatusCode}: {error.Status.Detail}");
            return ExitCodes.Of(error.StatusCode);
        }
        catch (CliUsageException error)
        {
            await env.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception error) when (error is InvalidProtocolBufferException or FormatException or IOException)
        {
            await env.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>Shows a spinner while <paramref name="work"/> runs, for a person at a terminal; nothing for scripts.</summary>
    private async Task WithProgressAsync(ParseResult result, string what, Func<Task> work)
    {
        if (!env.Interactive || Json(result))
        {
            await work();
            return;
        }
        await _console.Status().StartAsync(what, _ => work());
    }

    private CliLogin RequireLogin() => env.LoadLogin() ?? throw new CliUsageException("not logged in: run casetracker login --server URL --token TOKEN");

    private CaseTrackerClient Connect() => env.Connect(RequireLogin());

    private bool Json(ParseResult result) => result.GetValue(_json);

    private async Task Print(ParseResult result, object value, string line)
    {
        await env.Output.WriteLineAsync(Json(result)
            ? value is IMessage message ? JsonFormatter.Default.Format(message) : JsonSerializer.Serialize(value)
            : line);
    }

    private async Task PrintCase(ParseResult result, Case c, bool brief)
    {
        if (Json(result))
        {
            await env.Output.WriteLineAsync(JsonFormatter.Default.Format(c));
            return;
        }
        await env.Output.WriteLineAsync($"{c.Reference}  {Enums.Short(c.Stage)}  {Enums.Short(c.Priority)}  filed by {Enums.Short(c.FilingParty)}  etag {c.Etag}");
        if (brief)
        {
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Subject", Markup.Escape(SubjectName(c.Subject)));
        grid.AddRow("Passport", c.RedactedFields.Contains("subject.passport_number") ? "(withheld)" : Markup.Escape(c.Subject.PassportNumber));
        grid.AddRow("Action", c.EnforcementAction is null ? "" : Markup.Escape($"{Enums.Short(c.EnforcementAction.Type)} {Enums.Short(c.EnforcementAction.RegistryGround)} {c.EnforcementAction.Region}".Trim()));
        grid.AddRow("Allegations", string.Join(", ", c.Allegations.Select(a => Enums.Short(a))));
        grid.AddRow("Leads", Markup.Escape(string.Join(", ", c.LeadInvestigators.Select(l => $"{l.InvestigatorId} ({Enums.Short(l.Party)})"))));
        grid.AddRow("Awaiting", c.AwaitingResponse is null ? "" : Markup.Escape($"{Enums.Short(c.AwaitingResponse.Party)}: {c.AwaitingResponse.Awaited}"));
        grid.AddRow("Outcome", Enums.Short(c.Outcome));
        _console.Write(grid);
    }

    private static string CaseName(string reference) =>
        reference.StartsWith("cases/", StringComparison.Ordinal) ? reference : "cases/" + reference.Trim().ToLowerInvariant();

    private static string SubjectName(Subject s) => new[] { s.NameLatin, s.NameRussian, s.NameTajik }.FirstOrDefault(n => n.Length > 0) ?? "";

    private static string EventLine(CaseEvent e) =>
        $"{e.Sequence,6}  {e.EventTime.ToDateTime():yyyy-MM-dd HH:mm:ss}  {Enums.Short(e.Type),-26} {e.Case,-22} {e.Actor} ({Enums.Short(e.ActorParty)})";

    private static string JsonArray<T>(IEnumerable<T> messages)
        where T : IMessage => "[" + string.Join(",", messages.Select(m => JsonFormatter.Default.Format(m))) + "]";
}

/// <summary>A mistake in how the command was called.</summary>
public sealed class CliUsageException(string message) : Exception(message);
