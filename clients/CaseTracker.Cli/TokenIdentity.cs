using System.Text.Json;

namespace CaseTracker.Cli;

/// <summary>Who a token says its holder is (read, not verified: the server verifies it on every call).</summary>
public sealed record TokenIdentity(string Id, string Party, string Role, DateTime Expires)
{
    public static TokenIdentity Of(string token)
    {
        var parts = token.Split('.');
        if (parts.Length < 2)
        {
            throw new CliUsageException("the token is not a JWT");
        }
        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        var root = json.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var value) ? value.ToString() : "";
        var issuer = Text("iss");
        var party = issuer.EndsWith("-ru", StringComparison.OrdinalIgnoreCase) ? "RU" : issuer.EndsWith("-tj", StringComparison.OrdinalIgnoreCase) ? "TJ" : issuer;
        var expires = root.TryGetProperty("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()).UtcDateTime : DateTime.MinValue;
        return new TokenIdentity(Text("sub"), party, Text("role"), expires);
    }
}
