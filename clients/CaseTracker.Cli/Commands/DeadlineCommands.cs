using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary><c>deadlines</c>: the cases' clocks.</summary>
public sealed class DeadlineCommands(CliSession session)
{
    public IEnumerable<Command> Commands() => [new Command("deadlines", "The clocks of the cases.") { List() }];

    private Command List()
    {
        var caseOption = new Option<string?>("--case") { Description = "Only this case's clocks." };
        var owing = new Option<string?>("--owing-party") { Description = "RU or TJ." };
        var state = new Option<string?>("--state") { Description = "running, paused, warned, escalated-level-1, escalated-level-2, met, cancelled." };
        var command = new Command("list", "List clocks, soonest due first.") { caseOption, owing, state };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var filter = new FilterText(result);
            filter.Add(owing, "owing_party", EnumText.Parse<Party>);
            filter.Add(state, "state", EnumText.Parse<DeadlineState>);
            // Every page: a task force with more than one page of clocks sees them all.
            var clocks = await client.ListAllDeadlinesAsync(new ListDeadlinesRequest
            {
                Parent = result.GetValue(caseOption) is { } c ? ResourceNames.Case(c) : "cases/-",
                Filter = filter.ToString(),
                PageSize = 500,
            }).ToListAsync();
            if (!await session.Printer.TryPrintJsonAsync(result, clocks))
            {
                session.Printer.WriteTable(clocks, ["Deadline", "Clock", "Owes", "State", "Due", "Level"], d =>
                    [d.Name, EnumText.Short(d.Clock), EnumText.Short(d.OwingParty), EnumText.Short(d.State), CliPrinter.Minutes(d.DueTime), CliPrinter.Number(d.EscalationLevel)]);
            }
            return ExitCodes.Success;
        });
    }
}
