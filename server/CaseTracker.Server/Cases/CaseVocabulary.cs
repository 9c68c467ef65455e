namespace CaseTracker.Server.Cases;

// The domain's own copies of the contract's enums. The numeric values match casetracker.v1 so the
// mapping in Grpc/CaseMapper is a checked cast; the domain itself never sees a generated type.

public enum Party { RU = 1, TJ = 2 }

public enum Role { Investigator = 1, Supervisor = 2, CoChair = 3, MinistrySystem = 4, Auditor = 5 }

public enum IntakeChannel
{
    Investigator = 1, MinistrySystem = 2, Hotline = 3, DushanbePassportVisaOffice = 4, DushanbeMigrationCentre = 5, Other = 6,
}

public enum Priority { Normal = 1, Urgent = 2 }

public enum UrgencyReason { RemovalImminent = 1, Detained = 2, ChildAffected = 3 }

public enum Stage { Intake = 1, Investigation = 2, Resolution = 3, Closed = 4 }

public enum EnforcementActionType
{
    ExpulsionOrder = 1, Deportation = 2, EntryBan = 3, RegistryPlacement = 4, DetentionPendingRemoval = 5,
    ServiceDenialMarriage = 6, ServiceDenialSchool = 7, ServiceDenialDriving = 8, ServiceDenialBanking = 9, ServiceDenialOther = 10,
}

public enum RegistryGround
{
    SojournExpired = 1, TemporaryResidencePermitEnded = 2, StudyResidencePermitEnded = 3, PermanentResidencePermitEnded = 4,
    WorkPermitEnded = 5, LaborContractEnded = 6, SojournReduced = 7, IllegalBorderCrossing = 8, CriminalConviction = 9,
}

public enum AllegationCode
{
    WrongfulListingAlreadyLeft = 1, WrongfulListingValidStatus = 2, NoNoticeOrInterpreter = 3, NoAccessToLawyer = 4,
    FamilySeparation = 5, ChildrenDeniedSchool = 6, DetentionConditions = 7, IllTreatment = 8, DocumentsConfiscated = 9,
    UnpaidWages = 10, Other = 11,
}

public enum Outcome
{
    ViolationConfirmed = 1, NoViolationFound = 2, AlreadyReturnedHome = 3, StatusRegularised = 4, Inadmissible = 5,
    Withdrawn = 6, ReferredElsewhere = 7, Duplicate = 8,
}

public enum Remedy { OrderRevoked = 1, Delisted = 2, StatusRegularised = 3, Compensation = 4, Other = 5 }

public enum CaseEventType
{
    CaseCreated = 1, CaseUpdated = 2, InvestigationStarted = 3, ResponseRequested = 4, ResponseRecorded = 5,
    ResolutionProposed = 6, ReturnedToInvestigation = 7, ResolutionSignedOff = 8, CaseReopened = 9,
    DeclaredInadmissible = 10, CaseWithdrawn = 11, InvestigatorAssigned = 12, NoteCreated = 13,
    DeadlineWarned = 14, DeadlineEscalated = 15, DeadlinesRecomputed = 16, ConsentRecorded = 17, ConsentWithdrawn = 18,
    ListMatchDecided = 19, CasesLinked = 20, CasesUnlinked = 21, ClosedAsDuplicate = 22, DuplicateClosed = 23,
    DocumentAdded = 24, DocumentDownloaded = 25, DocumentShared = 26, DocumentSealed = 27, DocumentWithdrawn = 28,
    DocumentPurgeApproved = 29, DocumentPurged = 30,
    RegistryDelisted = 35, RegistryListed = 36,
    LegalHoldRequested = 45, LegalHoldPlaced = 46, LegalHoldReleaseRequested = 47, LegalHoldReleased = 48, SubjectDataErased = 49,
    SubjectDataExported = 50,
}

/// <summary>
/// How two cases are linked. A link is kept on both cases: <see cref="DuplicateOf"/> on the duplicate,
/// <see cref="HasDuplicate"/> on the case it duplicates; the other kinds are the same on both.
/// </summary>
public enum LinkKind { DuplicateOf = 1, SamePerson = 2, SameEnforcementDecision = 3, Related = 4, HasDuplicate = 5 }
