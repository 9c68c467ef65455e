using System.CommandLine;
using CaseTracker.Client;
using CaseTracker.V1;
using Grpc.Core;

namespace CaseTracker.Cli.Commands;

/// <summary><c>login</c> and <c>whoami</c>: the stored server address and token.</summary>
public sealed class LoginCommands(CliSession session)
{
    public IEnumerable<Command> Commands() => [Login(), WhoAmI()];

    private Command Login()
    {
        var server = new Option<string>("--server") { Description = "The server's gRPC address.", DefaultValueFactory = _ => "http://localhost:5080" };
        var token = new Option<string>("--token") { Description = "Your bearer token.", Required = true };
        var command = new Command("login", "Keep the server address and your token in your config (owner-only permissions).") { server, token };
        command.SetAction(result => session.Run(async () =>
        {
            var login = new CliLogin(result.GetValue(server)!, result.GetValue(token)!);
            var me = TokenIdentity.Of(login.Token);
            if (await RefusalOfAsync(login, me) is { } refusal)
            {
                await session.Printer.ErrorAsync(refusal.Message);
                return refusal.ExitCode;
            }
            session.Environment.SaveLogin(login);
            await session.Printer.PrintAsync(result, new LoginAnswer(login.Server, me.Party, me.Role, me.Id), CliJsonContext.Default.LoginAnswer,
                $"logged in to {login.Server} as {me.Id} ({me.Party}, {me.Role})");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Asks the server whether it accepts the token, before the login is kept: null when it does, else what a
    /// person can do about it. The stored login is left as it was on any refusal.
    /// </summary>
    private async Task<(string Message, int ExitCode)?> RefusalOfAsync(CliLogin login, TokenIdentity me)
    {
        try
        {
            using var client = session.Environment.Connect(login);
            await AskTheServerAsync(client);
            return null;
        }
        catch (CaseTrackerException error) when (error.StatusCode == StatusCode.Unauthenticated)
        {
            var why = error.Reason switch
            {
                "CREDENTIALS_EXPIRED" => $"the token expired at {me.Expires:u}; ask for a new one.",
                "CREDENTIALS_INVALID" => $"this server does not accept the token: it was not signed by a key the server trusts for {me.Party}, "
                    + "or names another audience. A development token works only on a server using the same data folder: mint it with "
                    + "the server's own 'token' command (for the README's run command, 'dotnet run --project server/CaseTracker.Server -- token ...' "
                    + "from the repository root).",
                _ => error.Status.Detail,
            };
            return ($"not logged in ({error.Reason}): {why}", ExitCodes.Of(error.StatusCode));
        }
        catch (CaseTrackerException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            return ($"not logged in: the server at {login.Server} does not answer ({error.Status.Detail}); check the address and that it is running.",
                ExitCodes.Of(error.StatusCode));
        }
    }

    private Command WhoAmI()
    {
        var command = new Command("whoami", "Show who the stored token says you are, and check the server answers.");
        command.SetAction(result => session.Run(async () =>
        {
            var login = session.RequireLogin();
            var me = TokenIdentity.Of(login.Token);
            using var client = session.Environment.Connect(login);
            await AskTheServerAsync(client);
            await session.Printer.PrintAsync(result, new WhoAmIAnswer(login.Server, me.Party, me.Role, me.Id, me.Expires), CliJsonContext.Default.WhoAmIAnswer,
                $"{me.Id} ({me.Party}, {me.Role}) on {login.Server}, token valid until {me.Expires:u}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// A call every role may make that shows no one's personal data (the log's head), so checking a token is
    /// never recorded as a disclosure.
    /// </summary>
    private static async Task AskTheServerAsync(CaseTrackerClient client) =>
        await client.Cases.GetLogCheckpointAsync(new GetLogCheckpointRequest());
}
