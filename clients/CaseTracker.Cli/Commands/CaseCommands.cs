using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Google.Protobuf;
using Spectre.Console;
using static CaseTracker.Cli.Commands.CaseArguments;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace CaseTracker.Cli.Commands;

/// <summary><c>cases</c>: list, show, file and change cases; the moves between stages are <see cref="CaseLifecycleCommands"/>.</summary>
public sealed class CaseCommands(CliSession session)
{
    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands()
    {
        var command = new Command("cases", "List, show, file, change and move cases.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Create());
        command.Subcommands.Add(Update());
        foreach (var move in new CaseLifecycleCommands(session).Commands())
        {
            command.Subcommands.Add(move);
        }
        foreach (var search in new CaseSearchCommands(session).Commands())
        {
            command.Subcommands.Add(search);
        }
        foreach (var history in new PersonHistoryCommands(session).Commands())
        {
            command.Subcommands.Add(history);
        }
        return [command];
    }

    private Command List()
    {
        var options = new CaseListOptions();
        var command = new Command("list", "List cases, paging through the results.");
        options.AddTo(command);
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var me = TokenIdentity.Of(session.RequireLogin().Token);
            var request = new ListCasesRequest { Filter = options.Filter(result, me), OrderBy = options.OrderBy(result), PageSize = options.PageSize(result) };
            var wanted = await options.CaseTestAsync(result, client);
            var cases = new List<Case>();
            await Printer.WithProgressAsync(result, "Fetching cases", async () =>
            {
                await foreach (var c in client.ListAllCasesAsync(request))
                {
                    if (wanted(c))
                    {
                        cases.Add(c);
                    }
                    if (cases.Count >= options.Limit(result))
                    {
                        break;
                    }
                }
            });
            if (await Printer.TryPrintJsonAsync(result, cases))
            {
                return ExitCodes.Success;
            }
            Printer.WriteTable(cases, ["Reference", "Stage", "Filed by", "Priority", "Subject", "Awaiting", "Updated"], c =>
                [c.Reference, CliPrinter.Stage(c.Stage), EnumText.Short(c.FilingParty), EnumText.Short(c.Priority), Markup.Escape(CliPrinter.SubjectName(c.Subject)),
                    c.AwaitingResponse is null ? "" : EnumText.Short(c.AwaitingResponse.Party), CliPrinter.Minutes(c.UpdateTime)]);
            await Printer.LineAsync($"{cases.Count} case(s)");
            return ExitCodes.Success;
        });
    }

    private Command Show()
    {
        var command = new Command("show", "Show a case, its clocks and its latest events.") { CaseArgument };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var name = CaseName(result);
            var c = await client.Cases.GetCaseAsync(new GetCaseRequest { Name = name });
            var clocks = await client.Cases.ListDeadlinesAsync(new ListDeadlinesRequest { Parent = name, PageSize = 500 });
            var events = new List<CaseEvent>();
            await foreach (var e in client.ListAllCaseEventsAsync(new ListCaseEventsRequest { Case = name, PageSize = 500 }))
            {
                events.Add(e);
            }
            var latest = events.TakeLast(10).ToList();
            if (Printer.IsJson(result))
            {
                await Printer.LineAsync($"{{\"case\":{CliPrinter.Protobuf.Format(c)},\"deadlines\":{CliPrinter.JsonArray(clocks.Deadlines)},\"events\":{CliPrinter.JsonArray(latest)}}}");
                return ExitCodes.Success;
            }
            await Printer.CaseAsync(result, c, brief: false);
            Printer.WriteTable(clocks.Deadlines, ["Clock", "Stage", "Owes", "State", "Due", "Level"], d =>
                [EnumText.Short(d.Clock), EnumText.Short(d.Stage), EnumText.Short(d.OwingParty), CliPrinter.State(d.State), CliPrinter.Minutes(d.DueTime), CliPrinter.Number(d.EscalationLevel)],
                title: "Clocks");
            Printer.WriteTable(latest, ["#", "Type", "By", "When"], e =>
                [CliPrinter.Number(e.Sequence), EnumText.Short(e.Type), Markup.Escape(CliPrinter.Person(e.Actor, e.ActorParty)), CliPrinter.Minutes(e.EventTime)],
                title: "Latest events");
            return ExitCodes.Success;
        });
    }

    private Command Create()
    {
        var draft = new CaseDraftOptions();
        var force = new Option<bool>("--force") { Description = "File even when open cases may be the same person about the same action." };
        var command = new Command("create", "File a case, from flags or from a JSON file; first lists the open cases it may duplicate.") { force };
        draft.AddTo(command);
        command.SetAction(result => session.Run(async () =>
        {
            var c = await draft.ReadAsync(result);
            session.Checked("the allegation details", c.AllegationDetails);
            using var client = session.Connect();
            if (!await new CaseSearchCommands(session).MayFileAsync(client, c, result.GetValue(force)))
            {
                return ExitCodes.Conflict;
            }
            var created = await client.Cases.CreateCaseAsync(new CreateCaseRequest { Case = c });
            await Printer.CaseAsync(result, created, brief: true);
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command Update()
    {
        var details = new Option<string?>("--details") { Description = "The complaint's details." };
        var region = new Option<string?>("--region") { Description = "The Russian region of the decision." };
        var priority = new Option<string?>("--priority") { Description = "normal or urgent." };
        var urgency = new Option<string[]>("--urgency") { Description = "The urgency reasons (with --priority urgent).", AllowMultipleArgumentsPerToken = true };
        var latin = new Option<string?>("--name-latin") { Description = "The subject's passport spelling." };
        var allegations = new Option<string[]>("--allegation") { Description = "The allegation codes (replaces them all).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("update", "Change the named fields of a case, and only those.") { CaseArgument, Etag, details, region, priority, urgency, latin, allegations };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var change = new Case { Name = CaseName(result), Etag = EtagOf(result) };
            var mask = new FieldMask();
            if (result.GetValue(details) is { } d) { change.AllegationDetails = session.Checked(details.Name, d); mask.Paths.Add("allegation_details"); }
            if (result.GetValue(region) is { } r) { change.EnforcementAction = new EnforcementAction { Region = r }; mask.Paths.Add("enforcement_action.region"); }
            if (result.GetValue(priority) is { } p) { change.Priority = EnumText.Parse<Priority>(p); mask.Paths.Add("priority"); mask.Paths.Add("urgency_reasons"); change.UrgencyReasons.AddRange((result.GetValue(urgency) ?? []).Select(EnumText.Parse<UrgencyReason>)); }
            if (result.GetValue(latin) is { } l) { change.Subject = new Subject { NameLatin = l }; mask.Paths.Add("subject.name_latin"); }
            if (result.GetValue(allegations) is { Length: > 0 } a) { change.Allegations.AddRange(a.Select(EnumText.Parse<AllegationCode>)); mask.Paths.Add("allegations"); }
            if (mask.Paths.Count == 0)
            {
                await Printer.ErrorAsync("name at least one field to change (see --help)");
                return ExitCodes.Usage;
            }
            var updated = await client.Cases.UpdateCaseAsync(new UpdateCaseRequest { Case = change, UpdateMask = mask });
            await Printer.CaseAsync(result, updated, brief: true);
            return ExitCodes.Success;
        });
    }
}
