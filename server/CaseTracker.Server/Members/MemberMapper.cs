using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Members;

/// <summary>Between the contract's <c>Member</c> and the roster's: explicit, in one place.</summary>
public static class MemberMapper
{
    public static V1.Member ToProto(Member m) => new()
    {
        Name = MemberNames.Format(m.Party, m.UserId),
        UserId = m.UserId,
        Party = (V1.Party)m.Party,
        Role = (V1.Role)m.Role,
        DisplayName = m.DisplayName,
        Email = m.Email,
        Language = (V1.Language)m.Language,
        Active = m.Active,
        EmailDelivery = (V1.EmailDelivery)m.EmailDelivery,
        CreateTime = ProtoTime.Of(m.CreateTime),
        UpdateTime = ProtoTime.Of(m.UpdateTime),
        Etag = m.Etag,
    };

    public static MemberDetails Details(V1.Member m) => new(
        (Role)m.Role,
        m.DisplayName.Trim(),
        m.Email.Trim(),
        (Language)m.Language,
        m.Active,
        m.EmailDelivery == V1.EmailDelivery.Unspecified ? EmailDelivery.Immediate : (EmailDelivery)m.EmailDelivery);
}
