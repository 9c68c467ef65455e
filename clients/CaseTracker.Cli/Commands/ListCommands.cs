using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary><c>lists</c>: the bulk lists the ministries send; for now what a registry snapshot changed.</summary>
public sealed class ListCommands(CliSession session)
{
    public IEnumerable<Command> Commands() => [new Command("lists", "Bulk person lists and registry snapshots.") { Changes() }];

    private Command Changes()
    {
        var reconciliation = new Argument<string>("reconciliation") { Description = "The registry snapshot: reconciliations/ru-registry-… or ru-registry-…." };
        var kind = new Option<string?>("--kind") { Description = "Only this kind of change: added, removed, ground-changed." };
        var proposal = new Option<string?>("--proposal") { Description = "Only changes with this proposal: file-case, reopen-case, propose-returned-home; any for every one with a proposal." };
        var limit = new Option<int>("--limit") { Description = "The most changes shown.", DefaultValueFactory = _ => 1000 };
        var command = new Command("changes", "What a registry snapshot changed against the one before: persons added, removed and moved to another ground, page after page.")
        {
            reconciliation, kind, proposal, limit,
        };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var filter = new FilterText(result);
            filter.Add(kind, "kind", EnumText.Parse<ReconciliationChange.Types.Kind>);
            if (result.GetValue(proposal) is "any")
            {
                filter.Add($"proposal != {EnumText.Name(RegistryProposal.Unspecified)}");
            }
            else
            {
                filter.Add(proposal, "proposal", EnumText.Parse<RegistryProposal>);
            }
            var request = new ListReconciliationChangesRequest { Parent = ResourceNames.Reconciliation(result.GetValue(reconciliation)!), Filter = filter.ToString(), PageSize = 500 };
            var changes = await client.ListAllReconciliationChangesAsync(request).Take(result.GetValue(limit)).ToListAsync();
            if (!await session.Printer.TryPrintJsonAsync(result, changes))
            {
                session.Printer.WriteTable(changes, ["Change", "Record", "Ground", "Before", "Outcome", "Case", "Proposal"], c =>
                    [EnumText.Short(c.Kind), c.Record, EnumText.Short(c.Ground), EnumText.Short(c.PreviousGround), EnumText.Short(c.Result?.Outcome ?? ReconciliationOutcome.Unspecified),
                     c.Case.Length > 0 ? ResourceNames.Reference(c.Case) : "", EnumText.Short(c.Proposal)],
                    $"{CliPrinter.Number(changes.Count)} changes");
            }
            return ExitCodes.Success;
        });
    }
}
