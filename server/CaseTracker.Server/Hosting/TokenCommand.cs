using System.CommandLine;
using CaseTracker.Server.Security;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// <c>token --party TJ --role investigator --name "Dilnoza Karimova" [--id ID] [--hours 12]</c>: prints a
/// bearer token signed with the party's newest development key (its key ID in the token's header), one of
/// the keys a server with no configured keys checks tokens with.
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var party = ServerCommands.PartyOption("The party whose development key signs the token: RU or TJ.");
        var role = new Option<string>("--role") { Description = $"The caller's role: {RoleNames.All}.", Required = true };
        role.Validators.Add(result =>
        {
            if (!RoleNames.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--role must be one of {RoleNames.All}");
            }
        });
        var name = new Option<string>("--name") { Description = "The caller's name, as the server shows it.", Required = true };
        var id = new Option<string?>("--id") { Description = "The caller's user ID (default: a slug of the name)." };
        var hours = new Option<double>("--hours") { Description = "How long the token is valid, in hours.", DefaultValueFactory = _ => 12 };
        var command = new Command("token", "Prints a bearer token signed with a party's development key (the key's folder on stderr).")
        {
            party, role, name, id, hours, ServerCommands.DataDirectory,
        };
        command.SetAction(result =>
        {
            var storage = ServerCommands.Storage(result);
            var keys = TokenKeys.Load(new AuthOptions(), storage);
            var signer = ServerCommands.ParseParty(result.GetValue(party))!.Value;
            RoleNames.TryParse(result.GetValue(role)!, out var caller);
            var callerName = result.GetValue(name)!;
            Console.WriteLine(TokenIssuer.Mint(keys, new AuthOptions().Audience, signer, caller, result.GetValue(id) ?? Slug(callerName), callerName,
                TimeSpan.FromHours(result.GetValue(hours)), DateTime.UtcNow));
            // On stderr, so that $(token ...) keeps only the token: which keys signed it, as a server on another
            // folder would refuse it.
            Console.Error.WriteLine($"signed with the development key '{keys.DevelopmentSigningKey(signer)!.KeyId}' in "
                + $"{DevelopmentKeyFolder.PathUnder(storage)}; a server accepts it only if it uses that data folder");
            return 0;
        });
        return command;
    }

    internal static string Slug(string name) =>
        string.Concat(name.Trim().ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) ? ch : '.')).Trim('.');
}
