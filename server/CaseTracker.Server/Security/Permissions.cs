using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Security;

/// <summary>When a role may call a method, depending on the caller's relation to the case.</summary>
public enum Access
{
    /// <summary>Never.</summary>
    Denied,

    /// <summary>On any case.</summary>
    Allowed,

    /// <summary>Only on a case the caller leads (either party's lead investigator).</summary>
    IfLead,

    /// <summary>Only on a case the caller's party filed.</summary>
    IfOwnParty,

    /// <summary>Only on a case the caller's party filed and the caller leads.</summary>
    IfLeadOfOwnParty,
}

/// <summary>
/// The authorization table: every method × role → access, declared here and enforced here. The role is
/// checked when the call arrives (<see cref="DemandRole"/>), before anything is looked up; the relation to
/// the case when the case is loaded (<see cref="DemandOnCase"/>). A caller whose access depends on the
/// relation gets PERMISSION_DENIED for a case that does not exist too, so nobody can probe for cases.
/// </summary>
/// <remarks>
/// The rules: both parties read the joint case, its notes, events and clocks; auditors only read. Ministry
/// systems file cases, and add notes and record consent on their own party's cases. A case is worked — changed,
/// moved between stages, noted — by its lead investigators, by supervisors and by co-chairs; an investigator
/// who files a case leads it for their party. Supervisors and co-chairs assign leads, sign off findings and
/// recompute clocks. Consent is recorded by the filing party, which holds the subject's personal data: its
/// lead investigators, supervisors, ministry system and co-chair, never the other party.
/// </remarks>
public static class Permissions
{
    private static readonly Dictionary<Role, Access> ReadAnything = Every(Access.Allowed);

    private static readonly Dictionary<Role, Access> WorkTheCase = new()
    {
        [Role.Investigator] = Access.IfLead,
        [Role.Supervisor] = Access.Allowed,
        [Role.CoChair] = Access.Allowed,
        [Role.MinistrySystem] = Access.Denied,
        [Role.Auditor] = Access.Denied,
    };

    private static readonly Dictionary<Role, Access> SupervisorsAndCoChairs = new()
    {
        [Role.Investigator] = Access.Denied,
        [Role.Supervisor] = Access.Allowed,
        [Role.CoChair] = Access.Allowed,
        [Role.MinistrySystem] = Access.Denied,
        [Role.Auditor] = Access.Denied,
    };

    private static readonly Dictionary<Role, Access> SupervisorsCoChairsAndSystems = new()
    {
        [Role.Investigator] = Access.Denied,
        [Role.Supervisor] = Access.Allowed,
        [Role.CoChair] = Access.Allowed,
        [Role.MinistrySystem] = Access.Allowed,
        [Role.Auditor] = Access.Denied,
    };

    private static readonly Dictionary<Role, Access> CoChairsOnly = new()
    {
        [Role.Investigator] = Access.Denied,
        [Role.Supervisor] = Access.Denied,
        [Role.CoChair] = Access.Allowed,
        [Role.MinistrySystem] = Access.Denied,
        [Role.Auditor] = Access.Denied,
    };

    // Consent is the filing party's to record: it holds the subject's personal data and speaks with the
    // subject. A co-chair records it only for their own party's cases; the other party's co-chair asks them.
    private static readonly Dictionary<Role, Access> ManageConsent = new()
    {
        [Role.Investigator] = Access.IfLeadOfOwnParty,
        [Role.Supervisor] = Access.IfOwnParty,
        [Role.CoChair] = Access.IfOwnParty,
        [Role.MinistrySystem] = Access.IfOwnParty,
        [Role.Auditor] = Access.Denied,
    };

    private static readonly HashSet<string> ConsentMethods = new(StringComparer.Ordinal) { "RecordConsent", "WithdrawConsent" };

    private static readonly Dictionary<string, Dictionary<Role, Access>> Rules = new(StringComparer.Ordinal)
    {
        ["GetCase"] = ReadAnything,
        ["ListCases"] = ReadAnything,
        ["ListNotes"] = ReadAnything,
        ["ListCaseEvents"] = ReadAnything,
        ["ListDeadlines"] = ReadAnything,
        ["CountDeadlines"] = ReadAnything,
        ["WatchCaseEvents"] = ReadAnything,
        ["GetLogCheckpoint"] = ReadAnything,
        ["SignCheckpoint"] = SupervisorsCoChairsAndSystems,
        ["CreateCase"] = new()
        {
            [Role.Investigator] = Access.Allowed,
            [Role.Supervisor] = Access.Allowed,
            [Role.CoChair] = Access.Allowed,
            [Role.MinistrySystem] = Access.Allowed,
            [Role.Auditor] = Access.Denied,
        },
        ["CreateNote"] = new(WorkTheCase) { [Role.MinistrySystem] = Access.IfOwnParty },
        ["UpdateCase"] = WorkTheCase,
        ["StartInvestigation"] = WorkTheCase,
        ["RequestResponse"] = WorkTheCase,
        ["RecordResponse"] = WorkTheCase,
        ["ProposeResolution"] = WorkTheCase,
        ["ReturnToInvestigation"] = WorkTheCase,
        ["ReopenCase"] = WorkTheCase,
        ["DeclareInadmissible"] = WorkTheCase,
        ["WithdrawCase"] = WorkTheCase,
        ["AssignInvestigator"] = SupervisorsAndCoChairs,
        ["SignOffResolution"] = SupervisorsAndCoChairs,
        ["RecomputeDeadlines"] = SupervisorsAndCoChairs,
        // Retention: a legal hold is the co-chairs' (one of each party, together); the subject-access export is
        // the filing party's, which holds the data (the export reads only the caller's party's cases).
        ["PlaceLegalHold"] = CoChairsOnly,
        ["ReleaseLegalHold"] = CoChairsOnly,
        ["ExportSubjectData"] = SupervisorsCoChairsAndSystems,
        // Search: looking for duplicates before filing is part of filing; links are worked like the case named first.
        ["FindPossibleDuplicates"] = new()
        {
            [Role.Investigator] = Access.Allowed,
            [Role.Supervisor] = Access.Allowed,
            [Role.CoChair] = Access.Allowed,
            [Role.MinistrySystem] = Access.Allowed,
            [Role.Auditor] = Access.Denied,
        },
        ["LinkCases"] = WorkTheCase,
        ["UnlinkCases"] = WorkTheCase,
        ["CloseAsDuplicate"] = WorkTheCase,
        ["RecordConsent"] = ManageConsent,
        ["WithdrawConsent"] = ManageConsent,

        // Monthly reviews hold no personal data in clear: every role reads them; supervisors and co-chairs
        // create them and sign them for their party.
        ["CreateMonthlyReview"] = SupervisorsAndCoChairs,
        ["SignOffMonthlyReview"] = SupervisorsAndCoChairs,
        ["GetMonthlyReview"] = ReadAnything,
        ["ListMonthlyReviews"] = ReadAnything,
        ["DownloadMonthlyReview"] = ReadAnything,
        ["GetOperation"] = ReadAnything,
        ["ListOperations"] = ReadAnything,
        ["WaitOperation"] = ReadAnything,

        // Bulk lists come from the ministries' systems, or from a supervisor or co-chair on their behalf.
        ["ImportPersonList"] = new()
        {
            [Role.Investigator] = Access.Denied,
            [Role.Supervisor] = Access.Allowed,
            [Role.CoChair] = Access.Allowed,
            [Role.MinistrySystem] = Access.Allowed,
            [Role.Auditor] = Access.Denied,
        },
        ["GetReconciliation"] = ReadAnything,
        ["ListReconciliationResults"] = ReadAnything,
        ["DownloadReconciliationResults"] = ReadAnything,
        ["ListPersonHistory"] = ReadAnything,
        ["DecideMatch"] = SupervisorsAndCoChairs,
        ["OpenCasesForRecords"] = SupervisorsAndCoChairs,
        ["ProposeReturnedHome"] = SupervisorsAndCoChairs,
        ["ListReconciliationChanges"] = ReadAnything,
        ["DownloadReconciliationChanges"] = ReadAnything,

        // Who was shown a subject's personal data is for those who oversee: the auditors and co-chairs of either party.
        ["ListDisclosures"] = new()
        {
            [Role.Investigator] = Access.Denied,
            [Role.Supervisor] = Access.Denied,
            [Role.CoChair] = Access.Allowed,
            [Role.MinistrySystem] = Access.Denied,
            [Role.Auditor] = Access.Allowed,
        },

        // Evidence documents: filed by those who work the case (and ministry systems on their own party's cases),
        // read by every role as far as each document's sensitivity and sharing allow (Documents/DocumentVisibility.cs);
        // shared, sealed and withdrawn by those who work the case for the filing party; purged by co-chairs only.
        ["UploadDocument"] = new(WorkTheCase) { [Role.MinistrySystem] = Access.IfOwnParty },
        ["GetDocument"] = ReadAnything,
        ["ListDocuments"] = ReadAnything,
        ["DownloadDocument"] = ReadAnything,
        ["ShareDocument"] = WorkTheCase,
        ["SealDocument"] = WorkTheCase,
        ["WithdrawDocument"] = WorkTheCase,
        ["PurgeDocumentContent"] = new()
        {
            [Role.Investigator] = Access.Denied,
            [Role.Supervisor] = Access.Denied,
            [Role.CoChair] = Access.Allowed,
            [Role.MinistrySystem] = Access.Denied,
            [Role.Auditor] = Access.Denied,
        },
        // The roster: every role reads it; each party's supervisors and co-chairs manage their own party's members.
        ["CreateMember"] = SupervisorsAndCoChairs,
        ["UpdateMember"] = SupervisorsAndCoChairs,
        ["GetMember"] = ReadAnything,
        ["ListMembers"] = ReadAnything,

        // Each caller's own inbox.
        ["ListNotifications"] = ReadAnything,
        ["WatchNotifications"] = ReadAnything,
        ["MarkNotificationsRead"] = ReadAnything,
    };

    /// <summary>The whole table, for the README and the matrix test.</summary>
    public static IReadOnlyDictionary<string, Dictionary<Role, Access>> Table => Rules;

    public static Access AccessOf(string method, Role role) =>
        Rules.TryGetValue(method, out var byRole) && byRole.TryGetValue(role, out var access) ? access : Access.Denied;

    /// <summary>Throws PERMISSION_DENIED unless the caller's role may call the method on some case. Unlisted methods are denied.</summary>
    public static void DemandRole(string fullMethod, Actor caller)
    {
        var method = MethodName(fullMethod);
        if (AccessOf(method, caller.Role) == Access.Denied)
        {
            throw Denied(method, caller,
                $"Only {ActionNames.WhoMay(method)} can {ActionNames.Of(method)} ({method}); you are signed in as {Described(caller)}.");
        }
    }

    /// <summary>Throws PERMISSION_DENIED unless the caller's relation to <paramref name="c"/> allows the method.</summary>
    public static void DemandOnCase(string fullMethod, Actor caller, Case c)
    {
        var method = MethodName(fullMethod);
        var ownParty = c.FilingParty == caller.Party;
        var lead = c.IsLeadInvestigator(caller.Id, caller.Party);
        var allowed = AccessOf(method, caller.Role) switch
        {
            Access.Allowed => true,
            Access.IfLead => lead,
            Access.IfOwnParty => ownParty,
            Access.IfLeadOfOwnParty => lead && ownParty,
            _ => false,
        };
        if (!allowed)
        {
            throw Denied(method, caller, ownParty || !ConsentMethods.Contains(method)
                ? $"As {Described(caller)} you can {ActionNames.Of(method)} ({method}) only on {Describe(AccessOf(method, caller.Role))}."
                : $"Consent is recorded by the party that filed the case ({c.FilingParty}), which holds the subject's personal data: " +
                  $"ask {c.FilingParty}'s lead investigator, supervisors, ministry system or co-chair to call {method}.");
        }
    }

    /// <summary>
    /// Throws PERMISSION_DENIED unless the caller may propose a resolution on <paramref name="c"/>: a call that
    /// proposes one on a case's behalf (ProposeReturnedHome, for each case it proposes on) asks this too.
    /// </summary>
    public static void DemandProposeResolution(Actor caller, Case c) => DemandOnCase("ProposeResolution", caller, c);

    /// <summary>Reviewer actions on a reconciliation: the importing party's own people, or a co-chair.</summary>
    public static void DemandOwnPartysList(Actor caller, Party listParty)
    {
        if (caller.Party != listParty && caller.Role != Role.CoChair)
        {
            throw new SecurityRuleException(ErrorReasons.RoleNotAllowed,
                $"This reconciliation is {listParty}'s list: only {listParty}'s people and the co-chairs may act on its records.",
                RefusalKind.Denied, new Dictionary<string, string> { ["party"] = listParty.ToString(), ["role"] = RoleNames.Format(caller.Role) });
        }
    }

    /// <summary>
    /// The refusal for a case that does not exist: NOT_FOUND only for callers who could act on any case;
    /// everyone else gets the same PERMISSION_DENIED as for a case they may not touch.
    /// </summary>
    public static Exception MissingCase(string fullMethod, Actor caller, string name)
    {
        var method = MethodName(fullMethod);
        var access = AccessOf(method, caller.Role);
        return access == Access.Allowed
            ? ApiException.CaseNotFound(name)
            : Denied(method, caller, $"As {Described(caller)} you can {ActionNames.Of(method)} ({method}) only on {Describe(access)}.");
    }

    private static string Describe(Access access) => access switch
    {
        Access.IfLead => "cases you lead",
        Access.IfOwnParty => "cases your party filed",
        Access.IfLeadOfOwnParty => "cases your party filed and you lead",
        _ => "no case",
    };

    private static SecurityRuleException Denied(string method, Actor caller, string message) =>
        new(ErrorReasons.RoleNotAllowed, message, RefusalKind.Denied,
            metadata: new Dictionary<string, string> { ["method"] = method, ["role"] = RoleNames.Format(caller.Role) });

    /// <summary>The caller as a refusal names them: "an investigator of TJ".</summary>
    private static string Described(Actor caller) => $"{ActionNames.OneWhoIs(caller.Role)} of {caller.Party}";

    private static string MethodName(string fullMethod) => fullMethod[(fullMethod.LastIndexOf('/') + 1)..];

    private static Dictionary<Role, Access> Every(Access access) => Enum.GetValues<Role>().ToDictionary(r => r, _ => access);
}
