using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.Client;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary><c>deadlines</c>: the cases' clocks.</summary>
public sealed class DeadlineCommands(CliSession session)
{
    private const string Unfinished = "state != MET AND state != CANCELLED";

    public IEnumerable<Command> Commands() => [new Command("deadlines", "The clocks of the cases.") { List() }];

    private Command List()
    {
        var caseOption = new Option<string?>("--case") { Description = "Only this case's clocks." };
        var owing = new Option<string?>("--owing-party") { Description = "RU or TJ." };
        var state = new Option<string?>("--state") { Description = "running, paused, warned, escalated-level-1, escalated-level-2, met, cancelled." };
        var includeClosed = new Option<bool>("--include-closed") { Description = "Also the finished clocks of closed cases (left out unless asked for)." };
        var command = new Command("list", "List clocks, soonest due first; the finished clocks of closed cases only with --include-closed.")
        {
            caseOption, owing, state, includeClosed,
        };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var filter = new FilterText(result);
            filter.Add(owing, "owing_party", EnumText.Parse<Party>);
            filter.Add(state, "state", EnumText.Parse<DeadlineState>);
            var parent = result.GetValue(caseOption) is { } c ? ResourceNames.Case(c) : "cases/-";
            // Every page: a task force with more than one page of clocks sees them all.
            var clocks = await AllAsync(client, parent, filter.ToString());
            if (!result.GetValue(includeClosed) && clocks.Any(Finished))
            {
                var open = (await AllAsync(client, parent, Unfinished)).Select(CaseOf).ToHashSet(StringComparer.Ordinal);
                clocks = [.. clocks.Where(d => !Finished(d) || open.Contains(CaseOf(d)))];
            }
            if (!await session.Printer.TryPrintJsonAsync(result, clocks))
            {
                session.Printer.WriteTable(clocks, ["Case", "Clock", "Owes", "State", "Due", "Level"], d =>
                    [Reference(d), EnumText.Short(d.Clock), EnumText.Short(d.OwingParty), CliPrinter.State(d.State), CliPrinter.Minutes(d.DueTime), CliPrinter.Number(d.EscalationLevel)]);
            }
            return ExitCodes.Success;
        });
    }

    private static async Task<List<Deadline>> AllAsync(CaseTrackerClient client, string parent, string filter) =>
        await client.ListAllDeadlinesAsync(new ListDeadlinesRequest { Parent = parent, Filter = filter, PageSize = 500 }).ToListAsync();

    /// <summary>
    /// A clock that ran its course. A closed case has only such clocks, and an open case always has one running
    /// for its stage, so a case none of whose clocks is unfinished is closed.
    /// </summary>
    private static bool Finished(Deadline d) => d.State is DeadlineState.Met or DeadlineState.Cancelled;

    /// <summary><c>cases/{case}</c> of a clock's name, <c>cases/{case}/deadlines/{deadline}</c>.</summary>
    private static string CaseOf(Deadline d) => d.Name[..d.Name.IndexOf("/deadlines/", StringComparison.Ordinal)];

    /// <summary>The case's reference as people write it: TF-2026-000001.</summary>
    private static string Reference(Deadline d) => ResourceNames.Reference(CaseOf(d));
}
