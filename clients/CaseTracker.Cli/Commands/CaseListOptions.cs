using System.CommandLine;
using CaseTracker.Client;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary>
/// The options of <c>cases list</c>: most become the request's filter (<c>--mine</c> as the lead investigator's,
/// answered by the server); <c>--overdue</c> is a test on each case listed, as the contract has no filter for it.
/// </summary>
public sealed class CaseListOptions
{
    private readonly Option<string?> _stage = new("--stage") { Description = "intake, investigation, resolution or closed." };
    private readonly Option<string?> _filing = new("--filing-party") { Description = "RU or TJ." };
    private readonly Option<string?> _priority = new("--priority") { Description = "normal or urgent." };
    private readonly Option<string?> _awaiting = new("--awaiting") { Description = "Only cases awaiting this party's response: RU or TJ." };
    private readonly Option<bool> _overdue = new("--overdue") { Description = "Only cases with a breached clock." };
    private readonly Option<bool> _mine = new("--mine") { Description = "Only cases you lead." };
    private readonly Option<string?> _text = new("--filter") { Description = "Text to find in the subject's names, in any script." };
    private readonly Option<string> _order = new("--order-by") { Description = "create_time, update_time or reference, optionally with ' desc'.", DefaultValueFactory = _ => "update_time desc" };
    private readonly Option<int> _size = new("--page-size") { Description = "Cases per page fetched.", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _limit = new("--limit") { Description = "The most cases shown.", DefaultValueFactory = _ => 50 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _stage, _filing, _priority, _awaiting, _overdue, _mine, _text, _order, _size, _limit })
        {
            command.Options.Add(option);
        }
    }

    public string OrderBy(ParseResult result) => result.GetValue(_order)!;

    public int PageSize(ParseResult result) => result.GetValue(_size);

    public int Limit(ParseResult result) => result.GetValue(_limit);

    /// <summary>The contract's filter for the options given, for example <c>stage = STAGE_INTAKE AND priority = PRIORITY_URGENT</c>.</summary>
    public string Filter(ParseResult result, TokenIdentity me)
    {
        var filter = new FilterText(result);
        filter.Add(_stage, "stage", EnumText.Parse<Stage>);
        filter.Add(_filing, "filing_party", EnumText.Parse<Party>);
        filter.Add(_priority, "priority", EnumText.Parse<Priority>);
        filter.Add(_awaiting, "awaiting_response.party", EnumText.Parse<Party>);
        if (result.GetValue(_text) is { } t)
        {
            filter.Add($"subject.name : {FilterText.Quoted(t)}");
        }
        if (result.GetValue(_mine))
        {
            // The lead of the caller's own party: the server looks it up in its index, over every case.
            filter.Add($"lead_investigators.investigator_id = {FilterText.Quoted(me.Id)}");
        }
        return filter.ToString();
    }

    /// <summary>Which listed cases to show: with <c>--overdue</c> those with a breached clock.</summary>
    public async Task<Func<Case, bool>> CaseTestAsync(ParseResult result, CaseTrackerClient client)
    {
        HashSet<string>? overdueCases = null;
        if (result.GetValue(_overdue))
        {
            overdueCases = [];
            // Every page of breached clocks, not only the first.
            foreach (var level in new[] { "ESCALATED_LEVEL_1", "ESCALATED_LEVEL_2" })
            {
                await foreach (var d in client.ListAllDeadlinesAsync(new ListDeadlinesRequest { Parent = "cases/-", Filter = $"state = {level}", PageSize = 500 }))
                {
                    overdueCases.Add(d.Name[..d.Name.IndexOf("/deadlines/", StringComparison.Ordinal)]);
                }
            }
        }
        return c => overdueCases is null || overdueCases.Contains(c.Name);
    }
}
