using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Grpc.Core;
using Spectre.Console;

namespace CaseTracker.Cli.Commands;

/// <summary><c>inbox</c>: what you must act on — list it, follow it, mark it read.</summary>
public sealed class InboxCommands(CliSession session)
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands()
    {
        var unread = new Option<bool>("--unread") { Description = "Only what you have not marked read." };
        var kind = new Option<string?>("--kind") { Description = "deadline-warning, deadline-breach, co-chair-escalation, response-requested, sign-off-awaited, case-assigned, monthly-review-ready, reconciliation-ambiguous, registry-proposal, registry-remedy-confirmed." };
        var caseOption = new Option<string?>("--case") { Description = "Only this case's notifications." };
        var watch = new Option<bool>("--watch") { Description = "Follow the inbox: print each new notification as it comes; Ctrl+C stops." };
        var max = new Option<int?>("--max") { Description = "With --watch: stop after this many notifications (for scripts)." };
        var inbox = new Command("inbox", "Your notifications, unread first.") { unread, kind, caseOption, watch, max, Read() };
        inbox.SetAction((result, cancellationToken) => session.Run(async () =>
        {
            using var client = session.Connect();
            if (result.GetValue(watch))
            {
                return await WatchAsync(result, client, result.GetValue(max), cancellationToken);
            }
            var filter = new List<string>();
            if (result.GetValue(unread))
            {
                filter.Add("read = false");
            }
            if (result.GetValue(kind) is { } k)
            {
                filter.Add($"kind = {EnumText.Name(EnumText.Parse<NotificationKind>(k))}");
            }
            if (result.GetValue(caseOption) is { } c)
            {
                filter.Add($"case = \"{ResourceNames.Case(c)}\"");
            }
            var page = await client.Notifications.ListNotificationsAsync(new ListNotificationsRequest { Filter = string.Join(" AND ", filter), PageSize = 500 });
            if (!await Printer.TryPrintJsonAsync(result, page.Notifications))
            {
                Printer.WriteTable(page.Notifications, ["#", "", "Case", "Due (your time)", "What", "E-mail"], n =>
                    [CliPrinter.Number(n.Sequence), n.Read ? "" : "new", n.CaseReference, n.DueTimeLocal, Markup.Escape(n.Title), Email(n)],
                    $"{page.UnreadCount} unread");
            }
            return ExitCodes.Success;
        }));
        return [inbox];
    }

    private Command Read()
    {
        var numbers = new Argument<long[]>("number") { Description = "The notifications' numbers, as `inbox` shows them.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("read", "Mark notifications read.") { numbers };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var request = new MarkNotificationsReadRequest();
            request.Names.AddRange(result.GetValue(numbers)!.Select(n => $"notifications/{n}"));
            var marked = await client.Notifications.MarkNotificationsReadAsync(request);
            await Printer.PrintAsync(result, marked, $"marked {marked.Notifications.Count} read");
            return ExitCodes.Success;
        });
    }

    /// <summary>Follows the inbox from now on, resuming after the last one printed when the connection drops.</summary>
    private async Task<int> WatchAsync(ParseResult result, Client.CaseTrackerClient client, int? max, CancellationToken cancellationToken)
    {
        var request = new WatchNotificationsRequest { FromHead = true };
        var seen = 0;
        try
        {
            while (true)
            {
                try
                {
                    using var call = client.Notifications.WatchNotifications(request, cancellationToken: cancellationToken);
                    await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken))
                    {
                        if (item.Notification is not { } n)
                        {
                            continue;
                        }
                        request = new WatchNotificationsRequest { AfterSequence = n.Sequence };
                        await Printer.LineAsync(Printer.IsJson(result) ? CliPrinter.Protobuf.Format(n) : Line(n));
                        if (++seen == max)
                        {
                            return ExitCodes.Success;
                        }
                    }
                }
                catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Internal)
                {
                    // A dropped connection, a server restart or a stream's limit: resume after the last one printed.
                }
                await Task.Delay(Reconnect, cancellationToken);
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            return ExitCodes.Success; // Ctrl+C: a normal way to stop watching.
        }
    }

    private static string Line(Notification n) =>
        $"{n.Sequence,6}  {n.CreateTime.ToDateTime():yyyy-MM-dd HH:mm}  {EnumText.Short(n.Kind),-26} {n.CaseReference,-16} {n.Title}";

    private static string Email(Notification n) => n.EmailState switch
    {
        EmailState.Failed => $"[red]failed[/] ({Markup.Escape(n.EmailError)})",
        EmailState.InboxOnly => "",
        _ => EnumText.Short(n.EmailState),
    };
}
