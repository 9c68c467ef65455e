using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Server.Security;

/// <summary>
/// Validates the parties' bearer tokens for the bearer scheme (and for the dashboard's sign-in page) and turns
/// a valid one into a <see cref="CallerIdentity"/>. The party comes from which party's key signed the token —
/// never from a claim the caller could choose. A refused token comes back with a
/// <see cref="SecurityRuleException"/> as its exception, which carries the reason clients see.
/// </summary>
public sealed class CallerTokenHandler : TokenHandler
{
    public const string AuthenticationType = "Bearer";

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly TimeProvider _clock;

    // The key each validation resolved, with its party: the signing key of a validated token names the party,
    // so TokenKeys is asked in exactly one place (the resolver below).
    private readonly ConditionalWeakTable<SecurityKey, StrongBox<Party>> _partyOfKey = [];

    // Clients send the same token on every call; checking its signature once per token rather than once per
    // call takes an ECDSA verification off the hot path. Entries end with the token's own expiry, and note the
    // keys' generation: once a key is added or removed, every token is checked again.
    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime Expires, long KeyGeneration)> _validated = new(StringComparer.Ordinal);
    private readonly TokenKeys _keys;
    private const int MaxCachedTokens = 10_000;

    public CallerTokenHandler(TokenKeys keys, IOptions<AuthOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _keys = keys;
        Parameters = new TokenValidationParameters
        {
            ValidIssuers = keys.Issuers,
            ValidAudience = options.Value.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = options.Value.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                    && expires is not null && now - parameters.ClockSkew < expires.Value;
            },
            IssuerSigningKeyResolver = (_, securityToken, keyId, _) =>
            {
                if (!keys.TryResolve(securityToken.Issuer, keyId, out var party, out var key))
                {
                    return [];
                }
                _partyOfKey.AddOrUpdate(key, new StrongBox<Party>(party));
                return [key];
            },
        };
    }

    /// <summary>What a party's token must satisfy; the bearer scheme validates with these too.</summary>
    public TokenValidationParameters Parameters { get; }

    /// <summary>Validates a bearer token (without the "Bearer " prefix) with <see cref="Parameters"/>.</summary>
    public Task<TokenValidationResult> ValidateTokenAsync(string token) => ValidateTokenAsync(token, Parameters);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var generation = _keys.Generation;
        if (_validated.TryGetValue(token, out var cached) && _clock.GetUtcNow().UtcDateTime < cached.Expires && cached.KeyGeneration == generation)
        {
            return cached.Result;
        }
        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? Refused(ErrorReasons.CredentialsExpired, "The token has expired.")
                : Refused(ErrorReasons.CredentialsInvalid, "The token is not valid.");
        }
        var jwt = (JsonWebToken)result.SecurityToken;
        jwt.TryGetPayloadValue<string>(TokenIssuer.RoleClaim, out var roleName);
        if (string.IsNullOrWhiteSpace(jwt.Subject) || jwt.Subject.Length > 200 || !RoleNames.TryParse(roleName, out var role)
            || jwt.SigningKey is null || !_partyOfKey.TryGetValue(jwt.SigningKey, out var party))
        {
            return Refused(ErrorReasons.CredentialsInvalid,
                $"The token must carry a subject (at most 200 characters) and a role: one of {RoleNames.All}.");
        }
        var accepted = new TokenValidationResult
        {
            IsValid = true,
            SecurityToken = jwt,
            Issuer = jwt.Issuer,
            ClaimsIdentity = new CallerIdentity(new Actor(jwt.Subject, party.Value, role), AuthenticationType),
        };
        if (_validated.Count >= MaxCachedTokens)
        {
            _validated.Clear();
        }
        _validated[token] = (accepted, jwt.ValidTo, generation);
        return accepted;
    }

    private static TokenValidationResult Refused(string reason, string message) => new()
    {
        IsValid = false,
        Exception = new SecurityRuleException(reason, message, RefusalKind.Unidentified),
    };
}
