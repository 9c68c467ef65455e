using CaseTracker.Client;
using CaseTracker.Server.Web.Session;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Server.Web.Components;

/// <summary>
/// What every workspace page has: the member signed in, the API client, the labels in the viewer's language and
/// times in the viewer's time zone. A page asks the API and shows the answer; an error is the API's, kept in
/// <see cref="Error"/> and shown by <c>ErrorSummary</c> and next to each field it names (<c>FieldError</c>).
/// </summary>
public abstract class WorkspacePage : ComponentBase
{
    [CascadingParameter]
    public HttpContext Http { get; set; } = default!;

    [Inject]
    public WorkspaceApi Workspace { get; set; } = default!;

    [Inject]
    public IStringLocalizer<Labels> L { get; set; } = default!;

    [Inject]
    public NavigationManager Navigation { get; set; } = default!;

    /// <summary>The API's refusal of the last call, or null.</summary>
    protected ApiError? Error { get; set; }

    protected CaseTrackerClient Api => Workspace.Client;

    protected WebMember Member => WebMember.Of(Http.User) ?? throw new InvalidOperationException("The page is only served to a signed-in member.");

    protected CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Runs an API call; a refusal is kept in <see cref="Error"/> and false returned.</summary>
    protected async Task<bool> TryAsync(Func<Task> call)
    {
        try
        {
            await call();
            Error = null;
            return true;
        }
        catch (CaseTrackerException refused)
        {
            Error = ApiError.From(refused);
            return false;
        }
    }

    /// <summary>A label in the viewer's language.</summary>
    protected string T(string key) => L[key];

    /// <summary>An enum value's label, such as <c>Stage_Investigation</c>.</summary>
    protected string T<TEnum>(TEnum value)
        where TEnum : struct, System.Enum => L[Labels.KeyOf(value)];

    /// <summary>A time in the viewer's time zone and language.</summary>
    protected string Time(Timestamp? time) => time is null ? string.Empty : ViewerTime.Format(Http, Member.Caller.Party, time.ToDateTimeOffset());

    /// <summary>A new request ID for a form, so that sending the same form twice makes one change.</summary>
    protected static string NewRequestId() => Guid.NewGuid().ToString();
}
