using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Cases;

/// <summary>What a proposal of findings must contain.</summary>
public static class ResolutionProposal
{
    public static void Validate(RequestValidator validator, V1.ProposeResolutionRequest request)
    {
        validator.RequiredText("findings", request.Findings, RequestValidator.MaxFindingsLength)
            .DefinedEnum("outcome", request.Outcome)
            .DefinedEnum("remedy", request.Remedy, required: false)
            .MaxLength("remedy_details", request.RemedyDetails, RequestValidator.MaxReasonLength);
        if (request.Outcome is V1.Outcome.Inadmissible or V1.Outcome.Withdrawn)
        {
            validator.Add("outcome", "INADMISSIBLE and WITHDRAWN end a case at intake; use DeclareInadmissible or WithdrawCase");
        }
        if (request.Outcome == V1.Outcome.Duplicate)
        {
            validator.Add("outcome", "DUPLICATE closes a case in favour of another; use CloseAsDuplicate");
        }
        if (request.Outcome == V1.Outcome.ViolationConfirmed && request.Remedy == V1.Remedy.Unspecified)
        {
            validator.Add("remedy", "required when the outcome is VIOLATION_CONFIRMED");
        }
        if (request.Outcome != V1.Outcome.ViolationConfirmed && request.Remedy != V1.Remedy.Unspecified)
        {
            validator.Add("remedy", "only a VIOLATION_CONFIRMED outcome has a remedy");
        }
    }
}
