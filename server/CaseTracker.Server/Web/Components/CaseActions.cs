using CaseTracker.Client;
using CaseTracker.V1;

namespace CaseTracker.Server.Web.Components;

/// <summary>
/// The case page's actions: which forms a case in its stage shows, and each one as its contract request. Whether
/// the member may take it, and whether the case is still as the page showed it (the etag the form carries), is
/// the API's to decide: a refusal comes back as the API's error and is shown beside the form.
/// </summary>
public static class CaseActions
{
    public const string Start = "start", RequestResponse = "request-response", RecordResponse = "record-response",
        Propose = "propose", SendBack = "send-back", SignOff = "sign-off", Reopen = "reopen", Inadmissible = "inadmissible",
        Withdraw = "withdraw", Assign = "assign", Consent = "consent", WithdrawConsent = "withdraw-consent", Note = "note", Link = "link";

    /// <summary>The actions the contract offers on a case in its stage.</summary>
    public static IEnumerable<string> For(Case current)
    {
        switch (current.Stage)
        {
            case Stage.Intake:
                yield return Start;
                yield return Inadmissible;
                yield return Withdraw;
                break;
            case Stage.Investigation:
                yield return current.AwaitingResponse is null ? RequestResponse : RecordResponse;
                yield return Propose;
                yield return Inadmissible;
                yield return Withdraw;
                break;
            case Stage.Resolution:
                yield return SignOff;
                yield return SendBack;
                break;
            case Stage.Closed:
                yield return Reopen;
                break;
        }
        yield return Note;
        if (current.Stage != Stage.Closed)
        {
            yield return Assign;
            yield return Link;
        }
        yield return current.Consent is { WithdrawTime: null } ? WithdrawConsent : Consent;
    }

    /// <summary>Sends one action as its request, with the form's etag and request ID.</summary>
    public static async Task SendAsync(CaseTrackerClient api, string name, CaseActionInput form, CancellationToken cancel)
    {
        var cases = api.Cases;
        var etag = form.Etag ?? string.Empty;
        var id = form.RequestId ?? string.Empty;
        var reason = form.Reason ?? string.Empty;
        _ = form.Action switch
        {
            Start => await cases.StartInvestigationAsync(new() { Name = name, Etag = etag, RequestId = id }, cancellationToken: cancel),
            RequestResponse => await cases.RequestResponseAsync(new() { Name = name, Etag = etag, RequestId = id, Party = Shared.EnumSelect<Party>.Parse(form.Party), Awaited = form.Text ?? string.Empty }, cancellationToken: cancel),
            RecordResponse => await cases.RecordResponseAsync(new() { Name = name, Etag = etag, RequestId = id, Summary = form.Text ?? string.Empty }, cancellationToken: cancel),
            Propose => await cases.ProposeResolutionAsync(new()
            {
                Name = name, Etag = etag, RequestId = id, Findings = form.Text ?? string.Empty,
                Outcome = Shared.EnumSelect<Outcome>.Parse(form.Outcome), Remedy = Shared.EnumSelect<Remedy>.Parse(form.Remedy),
            }, cancellationToken: cancel),
            SendBack => await cases.ReturnToInvestigationAsync(new() { Name = name, Etag = etag, RequestId = id, Reason = reason }, cancellationToken: cancel),
            SignOff => await cases.SignOffResolutionAsync(new() { Name = name, Etag = etag, RequestId = id }, cancellationToken: cancel),
            Reopen => await cases.ReopenCaseAsync(new() { Name = name, Etag = etag, RequestId = id, Reason = reason }, cancellationToken: cancel),
            Inadmissible => await cases.DeclareInadmissibleAsync(new() { Name = name, Etag = etag, RequestId = id, Reason = reason }, cancellationToken: cancel),
            Withdraw => await cases.WithdrawCaseAsync(new() { Name = name, Etag = etag, RequestId = id, Reason = reason }, cancellationToken: cancel),
            Assign => await cases.AssignInvestigatorAsync(new() { Name = name, Etag = etag, RequestId = id, InvestigatorId = form.Text ?? string.Empty }, cancellationToken: cancel),
            Consent => await cases.RecordConsentAsync(new() { Name = name, Etag = etag, RequestId = id, ShareWithOtherParty = form.Share, IncludeInStatistics = form.Statistics }, cancellationToken: cancel),
            WithdrawConsent => await cases.WithdrawConsentAsync(new() { Name = name, Etag = etag, RequestId = id, Reason = reason }, cancellationToken: cancel),
            Note => (object)await cases.CreateNoteAsync(new() { Parent = name, RequestId = id, Note = new V1.Note { Text = form.Text ?? string.Empty } }, cancellationToken: cancel),
            Link => await cases.LinkCasesAsync(new()
            {
                Name = name, RequestId = id, Other = OtherCase(form.Other), Kind = Shared.EnumSelect<LinkKind>.Parse(form.Kind), Reason = reason,
            }, cancellationToken: cancel),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form.Action, "Not an action of the case page."),
        };
    }

    /// <summary>A reference typed as TF-2026-000123 or a name cases/tf-2026-000123, as the API reads a case name.</summary>
    private static string OtherCase(string? typed)
    {
        var value = (typed ?? string.Empty).Trim();
        return value.StartsWith("cases/", StringComparison.OrdinalIgnoreCase) ? value : "cases/" + value;
    }
}

/// <summary>What one action form posts: the action, the etag and request ID it was rendered with, and its fields.</summary>
public sealed class CaseActionInput
{
    public string? Action { get; set; }
    public string? Etag { get; set; }
    public string? RequestId { get; set; }
    public string? Reason { get; set; }
    public string? Text { get; set; }
    public string? Party { get; set; }
    public string? Outcome { get; set; }
    public string? Remedy { get; set; }
    public string? Other { get; set; }
    public string? Kind { get; set; }
    public bool Share { get; set; }
    public bool Statistics { get; set; }
}
