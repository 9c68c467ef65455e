using Microsoft.AspNetCore.Authentication.Certificate;

namespace CaseTracker.Server.Security;

/// <summary>
/// After the certificate scheme's own checks (a chain to one of the ministries' CAs, validity, client
/// authentication), <see cref="MinistryCertificates"/> decides which ministry system the certificate is, or
/// refuses it with the reason clients see.
/// </summary>
public sealed class CertificateSchemeEvents(MinistryCertificates ministries) : CertificateAuthenticationEvents
{
    public override Task CertificateValidated(CertificateValidatedContext context)
    {
        try
        {
            context.Principal = new(new CallerIdentity(ministries.Identify(context.ClientCertificate), CallerSchemes.Certificate));
            context.Success();
        }
        catch (SecurityRuleException refusal)
        {
            context.Fail(refusal);
        }
        return Task.CompletedTask;
    }
}
