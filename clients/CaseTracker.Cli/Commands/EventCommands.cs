using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Google.Protobuf;

namespace CaseTracker.Cli.Commands;

/// <summary><c>events</c>: list the event log, or follow it live.</summary>
public sealed class EventCommands(CliSession session)
{
    private readonly Option<string?> _case = new("--case") { Description = "Only this case's events." };
    private readonly Option<long> _after = new("--after") { Description = "Only events after this sequence number." };

    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands() => [new Command("events", "The event log.") { List(), Watch() }];

    private Command List()
    {
        var limit = new Option<int>("--limit") { Description = "The most events shown.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List events in sequence order.") { _case, _after, limit };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var request = new ListCaseEventsRequest { Case = CaseOf(result), AfterSequence = result.GetValue(_after), PageSize = 500 };
            var events = new List<CaseEvent>();
            await foreach (var e in client.ListAllCaseEventsAsync(request))
            {
                events.Add(e);
                if (events.Count >= result.GetValue(limit))
                {
                    break;
                }
            }
            if (!await Printer.TryPrintJsonAsync(result, events))
            {
                foreach (var e in events)
                {
                    await Printer.LineAsync(Line(e));
                }
            }
            return ExitCodes.Success;
        });
    }

    private Command Watch()
    {
        var max = new Option<int?>("--max") { Description = "Stop after this many events (for scripts)." };
        var command = new Command("watch", "Follow new events as they happen; resumes by itself after a dropped connection.") { _case, _after, max };
        command.SetAction((result, cancellationToken) => session.Run(async () =>
        {
            using var client = session.Connect();
            var filter = new WatchCaseEventsRequest { Case = CaseOf(result) };
            var seen = 0;
            try
            {
                await foreach (var e in client.WatchAsync(result.GetValue(_after), cancellationToken, filter))
                {
                    await Printer.LineAsync(Printer.IsJson(result) ? CliPrinter.Protobuf.Format(e) : Line(e));
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
        return command;
    }

    /// <summary>The case given with <c>--case</c> as a resource name, or empty for every case.</summary>
    private string CaseOf(ParseResult result) => result.GetValue(_case) is { } c ? ResourceNames.Case(c) : "";

    private static string Line(CaseEvent e) =>
        $"{e.Sequence,6}  {e.EventTime.ToDateTime():yyyy-MM-dd HH:mm:ss}  {EnumText.Short(e.Type),-26} {e.Case,-22} {CliPrinter.Person(e.Actor, e.ActorParty)}";
}
