using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.Client;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Cli.Commands;

/// <summary>
/// What every command shares: the environment, the printer, the stored login and the connection it opens, and
/// one way to end, an exit code (a failure printed as one line).
/// </summary>
public sealed class CliSession(CliEnvironment env)
{
    public CliEnvironment Environment => env;

    public CliPrinter Printer { get; } = new(env);

    public CliLogin RequireLogin() => env.LoadLogin() ?? throw new CliUsageException("not logged in: run casetracker login --server URL --token TOKEN");

    public CaseTrackerClient Connect() => env.Connect(RequireLogin());

    /// <summary>A free-text option's value, warned about (and sent all the same) when it looks like personal data.</summary>
    public string FreeText(ParseResult result, Option<string> option) => Checked(option.Name, result.GetValue(option) ?? string.Empty);

    /// <summary>
    /// The text as given; first, when <see cref="PersonalDataInText"/> finds a passport or phone number in it, a
    /// warning on stderr saying who will read it. Not a refusal: a number can be a decision's or a court's.
    /// </summary>
    public string Checked(string what, string text)
    {
        if (PersonalDataInText.Find(text) is { } kind)
        {
            env.Error.WriteLine(
                $"warning: {what} looks like it holds {kind}. Free text goes into the case's log, which every role of both parties reads; " +
                "a subject's passport number and contacts belong in the subject's fields, which are shown only as consent allows. Sending it as written.");
        }
        return text;
    }

    /// <summary>The command, its action set: connect with the stored login, run <paramref name="action"/>, end in an exit code.</summary>
    public Command WithConnectedAction(Command command, Func<ParseResult, CaseTrackerClient, Task<int>> action)
    {
        command.SetAction(result => Run(async () =>
        {
            using var client = Connect();
            return await action(result, client);
        }));
        return command;
    }

    /// <summary>Runs a command's action; what goes wrong becomes one error line and its documented exit code.</summary>
    public async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CaseTrackerException error)
        {
            await Printer.ErrorAsync(error);
            return ExitCodes.Of(error.StatusCode);
        }
        catch (RpcException error)
        {
            await Printer.ErrorAsync(error);
            return ExitCodes.Of(error.StatusCode);
        }
        catch (Exception error) when (error is CliUsageException or InvalidProtocolBufferException or FormatException or IOException)
        {
            await Printer.ErrorAsync(error.Message);
            return ExitCodes.Usage;
        }
    }
}
