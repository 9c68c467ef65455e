using System.Collections.Concurrent;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Server.Security;

/// <summary>
/// Turns the bearer token of a call into an <see cref="Actor"/>. The party comes from which party's key
/// signed the token — never from a claim the caller could choose.
/// </summary>
public sealed class CallerAuthenticator
{
    private readonly TokenKeys _keys;
    private readonly TokenValidationParameters _parameters;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _clock;

    // Clients send the same token on every call; checking its signature once per token rather than once per
    // call takes an ECDSA verification off the hot path. Entries end with the token's own expiry.
    // An entry also notes the keys' generation: once a key is added or removed, every token is checked again.
    private readonly ConcurrentDictionary<string, (Actor Caller, DateTime Expires, long KeyGeneration)> _validated = new(StringComparer.Ordinal);
    private const int MaxCachedTokens = 10_000;

    private readonly IReadOnlyList<MinistryCertificateOptions> _ministries;

    public CallerAuthenticator(TokenKeys keys, IOptions<AuthOptions> options, TimeProvider clock)
    {
        _keys = keys;
        _ministries = options.Value.Ministries;
        foreach (var ministry in _ministries)
        {
            if (!Enum.TryParse<Party>(ministry.Party, ignoreCase: true, out var party) || !Enum.IsDefined(party) || ministry.Id.Length == 0
                || (ministry.Thumbprint.Length == 0 && (ministry.Subject.Length == 0 || ministry.Issuer.Length == 0)))
            {
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    ["Auth:Ministries: each entry needs Party (RU or TJ), Id, and a Thumbprint or a Subject and an Issuer."]);
            }
        }
        _clock = clock;
        _parameters = new TokenValidationParameters
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
                keys.TryResolve(securityToken.Issuer, keyId, out _, out var key) ? [key] : [],
        };
    }

    public async Task<Actor> AuthenticateAsync(Metadata headers, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null)
    {
        var header = headers.GetValue("authorization");
        if (string.IsNullOrEmpty(header) && clientCertificate is not null)
        {
            return AuthenticateMinistry(clientCertificate);
        }
        if (string.IsNullOrEmpty(header))
        {
            throw new SecurityRuleException(ErrorReasons.CredentialsMissing,
                "This call needs a bearer token: send the header 'authorization: Bearer <token>'.", RefusalKind.Unidentified);
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new SecurityRuleException(ErrorReasons.CredentialsInvalid,
                "The authorization header must be 'Bearer <token>'.", RefusalKind.Unidentified);
        }
        return await AuthenticateTokenAsync(header["Bearer ".Length..].Trim());
    }

    /// <summary>A ministry system known by its client certificate, within the certificate's validity.</summary>
    private Actor AuthenticateMinistry(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var ministry = _ministries.FirstOrDefault(m =>
            (m.Thumbprint.Length > 0 && string.Equals(m.Thumbprint, certificate.Thumbprint, StringComparison.OrdinalIgnoreCase))
            || (m.Thumbprint.Length == 0 && m.Subject == certificate.Subject && m.Issuer == certificate.Issuer));
        if (ministry is null || now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            throw new SecurityRuleException(ErrorReasons.CertificateUnknown,
                "The client certificate is not one configured for a ministry system, or it is outside its validity.", RefusalKind.Unidentified);
        }
        return new Actor(ministry.Id, Enum.Parse<Party>(ministry.Party, ignoreCase: true), Role.MinistrySystem);
    }

    /// <summary>Validates a bearer token (without the "Bearer " prefix).</summary>
    public async Task<Actor> AuthenticateTokenAsync(string raw)
    {
        var generation = _keys.Generation;
        if (_validated.TryGetValue(raw, out var cached) && _clock.GetUtcNow().UtcDateTime < cached.Expires && cached.KeyGeneration == generation)
        {
            return cached.Caller;
        }
        var result = await _handler.ValidateTokenAsync(raw, _parameters);
        if (!result.IsValid)
        {
            var reason = result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? ErrorReasons.CredentialsExpired
                : ErrorReasons.CredentialsInvalid;
            throw new SecurityRuleException(reason,
                reason == ErrorReasons.CredentialsExpired ? "The token has expired." : "The token is not valid.", RefusalKind.Unidentified);
        }
        var token = (JsonWebToken)result.SecurityToken;
        _keys.TryResolve(token.Issuer, token.Kid, out var party, out _);
        var subject = token.Subject;
        token.TryGetPayloadValue<string>(TokenIssuer.RoleClaim, out var roleName);
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 200 || !RoleNames.TryParse(roleName, out var role))
        {
            throw new SecurityRuleException(ErrorReasons.CredentialsInvalid,
                $"The token must carry a subject (at most 200 characters) and a role: one of {RoleNames.All}.", RefusalKind.Unidentified);
        }
        var caller = new Actor(subject, party, role);
        if (_validated.Count >= MaxCachedTokens)
        {
            _validated.Clear();
        }
        _validated[raw] = (caller, token.ValidTo, generation);
        return caller;
    }
}
