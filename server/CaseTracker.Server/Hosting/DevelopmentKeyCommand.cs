using System.CommandLine;
using CaseTracker.Server.Security;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// <c>dev-key --party TJ [--data-dir DIR]</c>: adds a development key for a party under <c>data/dev-keys/</c>. A
/// running server accepts it within a second, the <c>token</c> command signs with it from now on, and tokens
/// signed with the older keys keep working until their file is deleted.
/// </summary>
public static class DevelopmentKeyCommand
{
    public static Command Create()
    {
        var party = ServerCommands.PartyOption("The party to add a development key for: RU or TJ.");
        var command = new Command("dev-key", "Adds a development key for a party; new tokens are signed with it.") { party, ServerCommands.DataDirectory };
        command.SetAction(result =>
        {
            var signer = ServerCommands.ParseParty(result.GetValue(party))!.Value;
            var folder = new DevelopmentKeyFolder(DevelopmentKeyFolder.PathUnder(ServerCommands.Storage(result)));
            var keyId = folder.AddKey(signer, DateTime.UtcNow);
            Console.WriteLine($"added development key '{keyId}' for {signer}: new tokens are signed with it; delete dev-keys/{keyId}.pem to retire it");
            return 0;
        });
        return command;
    }
}
