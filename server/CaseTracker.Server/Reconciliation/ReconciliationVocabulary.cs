namespace CaseTracker.Server.Reconciliation;

// The reconciliation's own copies of the contract's enums. The numbers are the contract's (casetracker.v1),
// because they are what the PersonLists, PersonListRows and MatchDecisions tables have always stored: the
// mapping in ReconciliationMapper is a checked cast, and the domain itself never sees a generated type.

/// <summary>What kind of list was imported.</summary>
public enum PersonListKind { ExpulsionList = 1, RegistrySnapshot = 2, ReturnedHomeList = 3, Other = 4 }

/// <summary>What reconciliation found for one record, or what a reviewer or a filed case made of it.</summary>
public enum ReconciliationOutcome { MatchedOpenCase = 1, MatchedClosedCase = 2, ReturnedHome = 3, NoMatch = 4, Ambiguous = 5, Invalid = 6 }

/// <summary>A reviewer's decision on a record's candidate (not the matcher's own <see cref="MatchDecision"/>).</summary>
public enum ReviewerDecision { Confirm = 1, Reject = 2, Reopen = 3 }
