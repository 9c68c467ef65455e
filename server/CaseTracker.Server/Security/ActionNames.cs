using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Security;

/// <summary>
/// What each RPC does, as the people who call it say it ("sign off findings", not SignOffResolution), and the
/// roles as the contract names them, for the messages that refuse a call.
/// </summary>
public static class ActionNames
{
    private static readonly Dictionary<string, string> ByMethod = new(StringComparer.Ordinal)
    {
        ["GetCase"] = "read a case",
        ["ListCases"] = "list cases",
        ["ListNotes"] = "read a case's notes",
        ["ListCaseEvents"] = "read the case log",
        ["ListDeadlines"] = "read the deadlines",
        ["CountDeadlines"] = "count the deadlines",
        ["WatchCaseEvents"] = "follow the case log",
        ["GetLogCheckpoint"] = "read a log checkpoint",
        ["SignCheckpoint"] = "sign a log checkpoint for their party",
        ["CreateCase"] = "file a case",
        ["CreateNote"] = "add a note",
        ["UpdateCase"] = "change a case",
        ["StartInvestigation"] = "start the investigation",
        ["RequestResponse"] = "ask a party for a response",
        ["RecordResponse"] = "record a party's response",
        ["ProposeResolution"] = "propose findings",
        ["ReturnToInvestigation"] = "send findings back",
        ["ReopenCase"] = "reopen a case",
        ["DeclareInadmissible"] = "declare a case inadmissible",
        ["WithdrawCase"] = "withdraw a case",
        ["AssignInvestigator"] = "assign a lead investigator",
        ["SignOffResolution"] = "sign off findings",
        ["RecomputeDeadlines"] = "recompute a case's deadlines",
        ["RecordConsent"] = "record the subject's consent",
        ["WithdrawConsent"] = "withdraw the subject's consent",
        ["PlaceLegalHold"] = "place a legal hold",
        ["ReleaseLegalHold"] = "release a legal hold",
        ["ExportSubjectData"] = "export what is held about a person",
        ["CreateMonthlyReview"] = "create a monthly review",
        ["SignOffMonthlyReview"] = "sign off a monthly review",
        ["GetMonthlyReview"] = "read a monthly review",
        ["ListMonthlyReviews"] = "list the monthly reviews",
        ["DownloadMonthlyReview"] = "download a monthly review's files",
        ["GetOperation"] = "read a long-running operation",
        ["ListOperations"] = "list long-running operations",
        ["WaitOperation"] = "wait for a long-running operation",
        ["ImportPersonList"] = "import a ministry's list",
        ["GetReconciliation"] = "read a list's reconciliation",
        ["ListReconciliationResults"] = "read a list's reconciliation results",
        ["DownloadReconciliationResults"] = "download a list's reconciliation results",
        ["DecideMatch"] = "decide a list record's match",
        ["OpenCasesForRecords"] = "open cases from list records",
        ["ProposeReturnedHome"] = "propose 'already returned home' findings",
        ["ListDisclosures"] = "read the disclosure log",
        ["FindPossibleDuplicates"] = "look for possible duplicates of a case",
        ["LinkCases"] = "link cases",
        ["UnlinkCases"] = "unlink cases",
        ["CloseAsDuplicate"] = "close a case as a duplicate",
        ["CreateMember"] = "add a member to their party's roster",
        ["UpdateMember"] = "change a member of their party's roster",
        ["GetMember"] = "read a member of the roster",
        ["ListMembers"] = "list the roster",
        ["ListNotifications"] = "read their inbox",
        ["WatchNotifications"] = "follow their inbox",
        ["MarkNotificationsRead"] = "mark notifications read",
        ["ListPersonHistory"] = "read a person's history",
        ["UploadDocument"] = "file a document",
        ["GetDocument"] = "read a document's record",
        ["ListDocuments"] = "list a case's documents",
        ["DownloadDocument"] = "download a document",
        ["ShareDocument"] = "share a document with the other party",
        ["SealDocument"] = "seal a document",
        ["WithdrawDocument"] = "withdraw a document",
        ["PurgeDocumentContent"] = "approve purging a document's content",
        ["ListReconciliationChanges"] = "read a registry snapshot's changes",
        ["DownloadReconciliationChanges"] = "download a registry snapshot's changes",
    };

    /// <summary>The action a method performs, in words; the method's own name for one not described yet.</summary>
    public static string Of(string method) => ByMethod.GetValueOrDefault(method, method);

    /// <summary>The roles that may ever perform <paramref name="method"/>, as a person lists them: "a supervisor or co-chair".</summary>
    public static string WhoMay(string method)
    {
        var roles = Enum.GetValues<Role>().Where(role => Permissions.AccessOf(method, role) != Access.Denied).Select(RoleNames.Format).ToList();
        return roles.Count switch
        {
            0 => "no one",
            1 => WithArticle(roles[0]),
            _ => WithArticle(string.Join(", ", roles[..^1])) + " or " + roles[^1],
        };
    }

    /// <summary>A role as a person says it: "an investigator", "a co-chair".</summary>
    public static string OneWhoIs(Role role) => WithArticle(RoleNames.Format(role));

    private static string WithArticle(string words) => (words[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + words;
}
