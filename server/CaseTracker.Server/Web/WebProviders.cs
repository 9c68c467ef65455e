using CaseTracker.Server.Cases;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Web;

/// <summary>The parties whose identity provider is configured for the workspace (<c>Web:Oidc:RU</c>, <c>Web:Oidc:TJ</c>).</summary>
public sealed class WebProviders(IOptions<WebOptions> options)
{
    public IReadOnlyList<Party> Parties { get; } = options.Value.Oidc.Keys
        .Select(name => Enum.Parse<Party>(name, ignoreCase: true)).Order().ToList();

    public bool Has(Party party) => Parties.Contains(party);
}
