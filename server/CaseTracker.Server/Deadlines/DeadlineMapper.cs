using CaseTracker.Server.Grpc;
using Google.Protobuf.WellKnownTypes;

namespace CaseTracker.Server.Deadlines;

/// <summary>A deadline clock as the contract gives it.</summary>
public static class DeadlineMapper
{
    public static V1.Deadline ToProto(Deadline d) => new()
    {
        Name = DeadlineEvents.NameOf(d),
        Clock = (V1.ClockKind)d.Kind,
        Stage = d.Kind == ClockKind.Stage ? (V1.Stage)d.Stage : V1.Stage.Unspecified,
        OwingParty = (V1.Party)d.OwingParty,
        State = (V1.DeadlineState)d.State,
        Priority = (V1.Priority)d.Priority,
        StartTime = ProtoTime.Of(d.StartTime),
        DueTime = ProtoTime.Of(d.DueTime),
        WarnTime = ProtoTime.Of(d.WarnTime),
        PausedDuration = Duration.FromTimeSpan(TimeSpan.FromTicks(d.PausedTicks)),
        PausedFor = d.PausedFor is { } party ? (V1.Party)party : V1.Party.Unspecified,
        PauseTime = ProtoTime.Of(d.PausedSince),
        WarnedTime = ProtoTime.Of(d.WarnedAt),
        BreachTime = ProtoTime.Of(d.BreachedAt),
        CloseTime = ProtoTime.Of(d.ClosedAt),
        EscalationLevel = d.EscalationLevel,
        CalendarVersion = d.CalendarVersion,
    };
}
