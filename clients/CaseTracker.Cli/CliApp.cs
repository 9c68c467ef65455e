using System.CommandLine;
using CaseTracker.Cli.Commands;

namespace CaseTracker.Cli;

/// <summary>
/// <c>casetracker</c>: an investigator's day from a terminal. Every command reads its login from the config
/// written by <c>login</c>, prints a table (or JSON with <c>--json</c>), and exits with a documented code;
/// an error is one line carrying the reason code.
/// </summary>
public sealed class CliApp(CliEnvironment env)
{
    public static Task<int> RunAsync(string[] args, CliEnvironment env) => new CliApp(env).InvokeAsync(args);

    public async Task<int> InvokeAsync(string[] args)
    {
        var session = new CliSession(env);
        var root = new RootCommand("casetracker — the joint task force's case system, from a terminal.\n"
            + "Exit codes: 0 success, 1 usage, 2 not found, 3 conflict or failed precondition, 4 permission, 5 unavailable.");
        root.Options.Add(session.Printer.Json);
        var groups = new[]
        {
            new LoginCommands(session).Commands(),
            new CaseCommands(session).Commands(),
            new NoteCommands(session).Commands(),
            new EventCommands(session).Commands(),
            new DeadlineCommands(session).Commands(),
            new VerifyLogCommand(session).Commands(),
            new ReviewCommands(session).Commands(),
            new DisclosureCommands(session).Commands(),
            new DocumentCommands(session).Commands(),
            new MemberCommands(session).Commands(),
            new InboxCommands(session).Commands(),
            new ListCommands(session).Commands(),
        };
        foreach (var command in groups.SelectMany(group => group))
        {
            root.Subcommands.Add(command);
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await session.Printer.ErrorAsync(error.Message);
            }
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Output, Error = env.Error });
    }
}
