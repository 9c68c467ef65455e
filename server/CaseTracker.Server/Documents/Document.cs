using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Documents;

/// <summary>What a document is; the numbers are the contract's.</summary>
public enum DocumentKind { Decision = 1, Order = 2, IdentityDocument = 3, TravelProof = 4, Correspondence = 5, Statement = 6, Photo = 7, Other = 8 }

/// <summary>Where a document stands; the numbers are the contract's.</summary>
public enum DocumentState { Active = 1, Withdrawn = 2, Purged = 3 }

/// <summary>
/// A document filed on a case as evidence. Its content is addressed by its SHA-256 and never changes; what can
/// change is who sees it (shared, sealed) and whether it stands (withdrawn, purged). Each move is guarded here
/// and returns the one custody event it makes; nothing is ever deleted from the row.
/// </summary>
public sealed class Document
{
    private Document()
    {
        CaseId = Title = Language = MediaType = Sha256 = Filer = UploadKey = WithdrawReason = PurgeApprovals = string.Empty;
    }

    public Document(
        string caseId, int number, DocumentUploadHeader header, string mediaType, string sha256, Actor filer, string uploadKey, DateTime now)
    {
        CaseId = caseId;
        Number = number;
        Title = header.Title;
        Kind = header.Kind;
        Language = header.Language;
        PersonalData = header.PersonalData;
        MediaType = mediaType;
        SizeBytes = header.SizeBytes;
        Sha256 = sha256;
        FilingParty = filer.Party;
        Filer = filer.Id;
        UploadKey = uploadKey;
        CreateTime = now;
        State = DocumentState.Active;
        WithdrawReason = PurgeApprovals = string.Empty;
    }

    public string CaseId { get; private set; }

    /// <summary>1, 2, 3, ... within the case: the document's ID in its resource name.</summary>
    public int Number { get; private set; }

    public string Title { get; private set; }

    public DocumentKind Kind { get; private set; }

    public string Language { get; private set; }

    public string MediaType { get; private set; }

    public long SizeBytes { get; private set; }

    public string Sha256 { get; private set; }

    public Party FilingParty { get; private set; }

    public string Filer { get; private set; }

    /// <summary>The caller's key and upload ID it was filed under: a second upload with them returns this document.</summary>
    public string UploadKey { get; private set; }

    public DateTime CreateTime { get; private set; }

    public bool PersonalData { get; private set; }

    public bool Sealed { get; private set; }

    public bool Shared { get; private set; }

    public DocumentState State { get; private set; }

    public string WithdrawReason { get; private set; }

    /// <summary>The parties whose co-chairs approved purging the content, comma-separated, in order.</summary>
    public string PurgeApprovals { get; private set; }

    public string Name => DocumentNames.Format(CaseId, Number);

    public IReadOnlyList<Party> PurgeApprovedBy =>
        PurgeApprovals.Length == 0 ? [] : PurgeApprovals.Split(',').Select(Enum.Parse<Party>).ToList();

    public CaseEventDraft Added() => CaseEventDraft.Of(CaseEventType.DocumentAdded,
        ("document", Name), ("sha256", Sha256), ("size_bytes", SizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("media_type", MediaType), ("kind", DocumentVocabulary.KindName(Kind)), ("sensitivity", PersonalData ? "PERSONAL_DATA" : "NORMAL"));

    public CaseEventDraft Downloaded(long offset) => CaseEventDraft.Of(CaseEventType.DocumentDownloaded,
        ("document", Name), ("sha256", Sha256), ("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Shares the document with the party that did not file it.</summary>
    public CaseEventDraft Share(Actor actor)
    {
        RequireFilingParty(actor, "share");
        RequireStanding();
        if (Sealed)
        {
            throw new DocumentRuleException(ErrorReasons.DocumentSealed,
                $"{Name} is sealed: a sealed document is seen by the co-chairs and {FilingParty} only, and cannot be shared.", RefusalKind.NotNow);
        }
        if (Shared)
        {
            throw new DocumentRuleException(ErrorReasons.DocumentAlreadyShared, $"{Name} is already shared with {OtherParty}.", RefusalKind.NotNow);
        }
        Shared = true;
        return CaseEventDraft.Of(CaseEventType.DocumentShared, ("document", Name), ("sha256", Sha256), ("with", DocumentVocabulary.PartyName(OtherParty)));
    }

    /// <summary>Seals the document: from now on the co-chairs and the filing party only.</summary>
    public CaseEventDraft Seal(Actor actor, string reason)
    {
        if (actor.Role != Role.CoChair)
        {
            RequireFilingParty(actor, "seal");
        }
        if (State == DocumentState.Purged)
        {
            throw Purged();
        }
        if (Sealed)
        {
            throw new DocumentRuleException(ErrorReasons.DocumentSealed, $"{Name} is already sealed.", RefusalKind.NotNow);
        }
        Sealed = true;
        return CaseEventDraft.Of(CaseEventType.DocumentSealed, ("document", Name), ("sha256", Sha256), ("reason", reason));
    }

    /// <summary>Withdraws the document from the case; its metadata, hash and content stay.</summary>
    public CaseEventDraft Withdraw(Actor actor, string reason)
    {
        RequireFilingParty(actor, "withdraw");
        RequireStanding();
        State = DocumentState.Withdrawn;
        WithdrawReason = reason;
        return CaseEventDraft.Of(CaseEventType.DocumentWithdrawn, ("document", Name), ("sha256", Sha256), ("reason", reason));
    }

    /// <summary>
    /// A co-chair's approval of purging the content. The first party's approval is recorded; the other party's
    /// completes the two-party act, and the caller then removes the content from storage.
    /// </summary>
    public CaseEventDraft ApprovePurge(Actor actor)
    {
        if (State == DocumentState.Purged)
        {
            throw Purged();
        }
        if (State != DocumentState.Withdrawn)
        {
            throw new DocumentRuleException(ErrorReasons.DocumentNotWithdrawn,
                $"{Name} is not withdrawn: only a withdrawn document's content can be purged; withdraw it first.", RefusalKind.NotNow);
        }
        var approvals = PurgeApprovedBy.ToList();
        if (approvals.Contains(actor.Party))
        {
            throw new DocumentRuleException(ErrorReasons.PurgeAlreadyApproved,
                $"{actor.Party}'s co-chair has already approved purging {Name}; the other party's co-chair completes it.", RefusalKind.NotNow);
        }
        approvals.Add(actor.Party);
        PurgeApprovals = string.Join(',', approvals);
        if (approvals.Count < Enum.GetValues<Party>().Length)
        {
            return CaseEventDraft.Of(CaseEventType.DocumentPurgeApproved, ("document", Name), ("sha256", Sha256));
        }
        State = DocumentState.Purged;
        return CaseEventDraft.Of(CaseEventType.DocumentPurged, ("document", Name), ("sha256", Sha256),
            ("approved_by", string.Join(',', approvals.Select(DocumentVocabulary.PartyName))));
    }

    /// <summary>Refuses a download of content that is no longer stored.</summary>
    public void RequireContent()
    {
        if (State == DocumentState.Purged)
        {
            throw Purged();
        }
    }

    private Party OtherParty => FilingParty == Party.RU ? Party.TJ : Party.RU;

    private void RequireFilingParty(Actor actor, string action)
    {
        if (actor.Party != FilingParty)
        {
            throw new DocumentRuleException(ErrorReasons.RoleNotAllowed,
                $"{Name} was filed by {FilingParty}: only {FilingParty}'s people can {action} it; ask them.", RefusalKind.Denied,
                new Dictionary<string, string> { ["filing_party"] = FilingParty.ToString() });
        }
    }

    private void RequireStanding()
    {
        if (State == DocumentState.Purged)
        {
            throw Purged();
        }
        if (State == DocumentState.Withdrawn)
        {
            throw new DocumentRuleException(ErrorReasons.DocumentWithdrawn, $"{Name} is withdrawn from the case.", RefusalKind.NotNow);
        }
    }

    private DocumentRuleException Purged() =>
        new(ErrorReasons.DocumentPurged, $"{Name}'s content was purged by the co-chairs of both parties; its metadata and SHA-256 remain.", RefusalKind.NotNow);
}

/// <summary>What an upload's header asks to file, checked by the service.</summary>
public sealed record DocumentUploadHeader(string Title, DocumentKind Kind, string Language, bool PersonalData, long SizeBytes, string DeclaredSha256);
