using CaseTracker.Client;

namespace CaseTracker.Server.Web.Session;

/// <summary>
/// At sign-in the workspace speaks the language of the member's roster entry (issue 17's roster: Russian, Tajik
/// or English), read through the contract with the member's own token; the language switch changes it afterwards
/// for this browser. A member not on the roster keeps the language the browser asked for or chose.
/// </summary>
public static class RosterLanguage
{
    public static async Task ApplyAsync(HttpContext http, WebMember member)
    {
        // The signing-in request is not the member's yet: the loopback call carries the member's token from here.
        http.User = member.ToPrincipal();
        try
        {
            var found = await http.RequestServices.GetRequiredService<WorkspaceApi>().Client.Members.GetMemberAsync(
                new V1.GetMemberRequest { Name = $"parties/{member.Caller.Party}/members/{member.Caller.Id}" }, cancellationToken: http.RequestAborted);
            if (CultureOf(found.Language) is { } culture)
            {
                WebSignIn.KeepCulture(http, culture);
            }
        }
        catch (CaseTrackerException)
        {
            // Not on the roster (NOT_FOUND), or the roster could not be read: the language stays as it was.
        }
    }

    private static string? CultureOf(V1.Language language) => language switch
    {
        V1.Language.Russian => "ru",
        V1.Language.Tajik => "tg",
        V1.Language.English => "en",
        _ => null,
    };
}
