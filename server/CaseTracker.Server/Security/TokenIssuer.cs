using System.Security.Claims;
using CaseTracker.Server.Cases;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Server.Security;

/// <summary>Mints bearer tokens with a party's newest development key (the README's `token` command, tests, benchmarks).</summary>
public static class TokenIssuer
{
    public const string RoleClaim = "role";

    public static string Mint(TokenKeys keys, string audience, Party party, Role role, string subject, string name, TimeSpan lifetime, DateTime now)
    {
        var signer = keys.DevelopmentSigningKey(party)
            ?? throw new InvalidOperationException(
                "Tokens can only be minted with the development keys; configured parties issue their own tokens.");
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = TokenKeys.DefaultIssuer(party),
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, subject),
                new Claim(JwtRegisteredClaimNames.Name, name),
                new Claim(RoleClaim, RoleNames.Format(role)),
            ]),
            // The key's ID goes into the token's header, so the server knows which of the party's keys to check it with.
            SigningCredentials = new SigningCredentials(signer, SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

/// <summary>Role names as they appear in tokens and on the command line: investigator, supervisor, co-chair, ministry-system, auditor.</summary>
public static class RoleNames
{
    private static readonly Dictionary<string, Role> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["investigator"] = Role.Investigator,
        ["supervisor"] = Role.Supervisor,
        ["co-chair"] = Role.CoChair,
        ["ministry-system"] = Role.MinistrySystem,
        ["auditor"] = Role.Auditor,
    };

    public static string Format(Role role) => ByName.First(pair => pair.Value == role).Key;

    public static bool TryParse(string? name, out Role role) => ByName.TryGetValue(name ?? string.Empty, out role);

    public static string All => string.Join(", ", ByName.Keys);
}
