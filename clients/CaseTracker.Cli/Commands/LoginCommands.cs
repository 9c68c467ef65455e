using System.CommandLine;
using CaseTracker.V1;

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
            session.Environment.SaveLogin(login);
            var me = TokenIdentity.Of(login.Token);
            await session.Printer.PrintAsync(result, new LoginAnswer(login.Server, me.Party, me.Role, me.Id), CliJsonContext.Default.LoginAnswer,
                $"logged in to {login.Server} as {me.Id} ({me.Party}, {me.Role})");
            return ExitCodes.Success;
        }));
        return command;
    }

    private Command WhoAmI()
    {
        var command = new Command("whoami", "Show who the stored token says you are, and check the server answers.");
        command.SetAction(result => session.Run(async () =>
        {
            var login = session.RequireLogin();
            var me = TokenIdentity.Of(login.Token);
            using var client = session.Environment.Connect(login);
            await client.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 1 });
            await session.Printer.PrintAsync(result, new WhoAmIAnswer(login.Server, me.Party, me.Role, me.Id, me.Expires), CliJsonContext.Default.WhoAmIAnswer,
                $"{me.Id} ({me.Party}, {me.Role}) on {login.Server}, token valid until {me.Expires:u}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
