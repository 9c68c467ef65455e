using System.CommandLine;
using System.Globalization;
using CaseTracker.Cli.Output;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary><c>disclosures</c>: who was shown a subject's personal data (auditors and co-chairs).</summary>
public sealed class DisclosureCommands(CliSession session)
{
    public IEnumerable<Command> Commands() =>
        [new Command("disclosures", "Who was shown a subject's passport number or contact details, outside the party holding them.") { List() }];

    private Command List()
    {
        var caseOption = new Option<string?>("--case") { Description = "Only this case's subject." };
        var caller = new Option<string?>("--caller") { Description = "Only this caller (user ID)." };
        var party = new Option<string?>("--party") { Description = "Only callers of this party: RU or TJ." };
        var since = new Option<DateTime?>("--since") { Description = "Only disclosures at or after this time (UTC, e.g. 2026-11-01 or 2026-11-01T09:00:00Z)." };
        var until = new Option<DateTime?>("--until") { Description = "Only disclosures before this time (UTC)." };
        var limit = new Option<int>("--limit") { Description = "The most disclosures shown.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List disclosures, oldest first.") { caseOption, caller, party, since, until, limit };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var filter = new FilterText(result);
            if (result.GetValue(caller) is { } id)
            {
                filter.Add($"caller = \"{id.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }
            filter.Add(party, "caller_party", EnumText.Parse<Party>);
            AddTime(filter, "disclose_time >=", result.GetValue(since));
            AddTime(filter, "disclose_time <", result.GetValue(until));
            var request = new ListDisclosuresRequest
            {
                Parent = result.GetValue(caseOption) is { } c ? ResourceNames.Case(c) : "cases/-",
                Filter = filter.ToString(),
                PageSize = 500,
            };
            var disclosures = await client.ListAllDisclosuresAsync(request).Take(result.GetValue(limit)).ToListAsync();
            if (!await session.Printer.TryPrintJsonAsync(result, disclosures))
            {
                session.Printer.WriteTable(disclosures, ["#", "When", "Caller", "Role", "Case", "Record", "Fields", "Method"], d =>
                    [CliPrinter.Number(d.Sequence), CliPrinter.Minutes(d.DiscloseTime), CliPrinter.Person(d.Caller, d.CallerParty), EnumText.Short(d.CallerRole),
                     d.Case, d.Record, string.Join(", ", d.Fields), d.Method]);
            }
            return ExitCodes.Success;
        });
    }

    private static void AddTime(FilterText filter, string comparison, DateTime? time)
    {
        if (time is { } t)
        {
            var utc = t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();
            filter.Add($"{comparison} \"{utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"");
        }
    }
}
