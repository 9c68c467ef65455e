using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Deadlines;

public enum ClockKind { Stage = 1, Response = 2 }

public enum DeadlineState { Running = 1, Paused = 2, Warned = 3, EscalatedLevel1 = 4, EscalatedLevel2 = 5, Met = 6, Cancelled = 7 }

/// <summary>
/// One clock of one case: what a party owes by when. The stage clock pauses while the case awaits a
/// response (and remembers from whom); the response clock runs for the party asked. The scan moves a clock
/// Running → Warned → EscalatedLevel1 (the breach: the owing party's supervisors) → EscalatedLevel2 (the
/// co-chairs of both parties), one step at a time, and <see cref="NextActionTime"/> says when the next step is due.
/// </summary>
public sealed class Deadline
{
    private Deadline()
    {
        CaseId = CalendarVersion = string.Empty;
    }

    public Deadline(string caseId, int number, ClockKind kind, Stage stage, Party owingParty, Priority priority,
        DateTime startTime, DeadlineComputation computation)
    {
        CaseId = caseId;
        CalendarVersion = string.Empty;
        Number = number;
        Kind = kind;
        Stage = stage;
        OwingParty = owingParty;
        Priority = priority;
        StartTime = startTime;
        State = DeadlineState.Running;
        Apply(computation);
    }

    public string CaseId { get; private set; }

    /// <summary>1, 2, 3, ... within the case: the deadline's ID in its resource name.</summary>
    public int Number { get; private set; }

    public ClockKind Kind { get; private set; }

    /// <summary>The stage the clock belongs to (for a response clock, the stage when the response was requested).</summary>
    public Stage Stage { get; private set; }

    public Party OwingParty { get; private set; }

    /// <summary>The priority the due time was computed for.</summary>
    public Priority Priority { get; private set; }

    public DateTime StartTime { get; private set; }

    public DateTime DueTime { get; private set; }

    public DateTime WarnTime { get; private set; }

    public DeadlineState State { get; private set; }

    /// <summary>The state to go back to when a paused clock resumes.</summary>
    public DeadlineState StateBeforePause { get; private set; }

    public DateTime? PausedSince { get; private set; }

    /// <summary>The party the paused clock waits for.</summary>
    public Party? PausedFor { get; private set; }

    /// <summary>Paused time so far, in the clock's own measure (working time for working-day clocks), in ticks.</summary>
    public long PausedTicks { get; private set; }

    public DateTime? WarnedAt { get; private set; }

    public DateTime? BreachedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    /// <summary>When the scan must look at this clock again; null when nothing more can happen.</summary>
    public DateTime? NextActionTime { get; private set; }

    /// <summary>The calendar (and policy unit) the due time was computed with.</summary>
    public string CalendarVersion { get; private set; }

    public long Version { get; private set; }

    public bool IsOpen => State is not (DeadlineState.Met or DeadlineState.Cancelled);

    public int EscalationLevel => State switch
    {
        DeadlineState.EscalatedLevel1 => 1,
        DeadlineState.EscalatedLevel2 => 2,
        DeadlineState.Paused => StateBeforePause switch { DeadlineState.EscalatedLevel1 => 1, DeadlineState.EscalatedLevel2 => 2, _ => 0 },
        _ => 0,
    };

    public void Pause(Party waitingFor, DateTime now)
    {
        if (State == DeadlineState.Paused || !IsOpen)
        {
            return;
        }
        StateBeforePause = State;
        State = DeadlineState.Paused;
        PausedSince = now;
        PausedFor = waitingFor;
        NextActionTime = null;
        Version++;
    }

    /// <summary>Resumes a paused clock: the due time moves by the paused time, measured as the policy measures.</summary>
    public void Resume(DateTime now, DeadlinePolicy policy)
    {
        if (State != DeadlineState.Paused)
        {
            return;
        }
        PausedTicks += policy.PausedTime(this, PausedSince!.Value, now).Ticks;
        State = StateBeforePause;
        PausedSince = null;
        PausedFor = null;
        Apply(policy.Compute(Kind, Stage, Priority, OwingParty, StartTime, TimeSpan.FromTicks(PausedTicks)), policy);
    }

    /// <summary>
    /// Recomputes the due time from the start, for a new priority or a new calendar. The state then follows
    /// the new times: a warned or breached clock whose new warning or due time lies ahead goes back to
    /// running or warned (the events of the earlier steps stay in the log, and the steps come again when the
    /// new times pass); a clock whose new due time has already passed is breached by the next scan, without
    /// a belated warning, as any scan after the due time does. A paused clock keeps its state until it resumes.
    /// </summary>
    public void Recompute(Priority priority, DateTime now, DeadlinePolicy policy)
    {
        Priority = priority;
        var computation = policy.Compute(Kind, Stage, Priority, OwingParty, StartTime, TimeSpan.FromTicks(PausedTicks));
        if (State == DeadlineState.Paused)
        {
            (DueTime, WarnTime, CalendarVersion) = (computation.DueTime, computation.WarnTime, computation.CalendarVersion);
            StateBeforePause = StepBackTo(StateBeforePause, computation, now);
            Version++;
            return;
        }
        State = StepBackTo(State, computation, now);
        Apply(computation, policy);
    }

    private DeadlineState StepBackTo(DeadlineState state, DeadlineComputation computation, DateTime now)
    {
        if ((state is DeadlineState.EscalatedLevel1 or DeadlineState.EscalatedLevel2) && now < computation.DueTime)
        {
            (state, BreachedAt) = (DeadlineState.Warned, null);
        }
        if (state == DeadlineState.Warned && now < computation.WarnTime)
        {
            (state, WarnedAt) = (DeadlineState.Running, null);
        }
        return state;
    }

    public void Close(bool met, DateTime now)
    {
        if (!IsOpen)
        {
            return;
        }
        State = met ? DeadlineState.Met : DeadlineState.Cancelled;
        ClosedAt = now;
        PausedSince = null;
        PausedFor = null;
        NextActionTime = null;
        Version++;
    }

    /// <summary>
    /// Takes the next step that is due at <paramref name="now"/>, if any: the warning, the breach (level 1)
    /// or the co-chairs (level 2). Returns the step taken, or null.
    /// </summary>
    public DeadlineStep? Advance(DateTime now, DeadlinePolicy policy)
    {
        DeadlineStep? step = State switch
        {
            DeadlineState.Running when now >= DueTime => Breach(),
            DeadlineState.Running when now >= WarnTime => Warn(),
            DeadlineState.Warned when now >= DueTime => Breach(),
            DeadlineState.EscalatedLevel1 when now >= policy.CoChairTime(this) => ToCoChairs(),
            _ => null,
        };
        if (step is not null)
        {
            NextActionTime = NextAction(policy);
            Version++;
        }
        return step;

        DeadlineStep Warn()
        {
            State = DeadlineState.Warned;
            WarnedAt = now;
            return DeadlineStep.Warned;
        }

        DeadlineStep Breach()
        {
            State = DeadlineState.EscalatedLevel1;
            BreachedAt = now;
            return DeadlineStep.EscalatedToSupervisors;
        }

        DeadlineStep ToCoChairs()
        {
            State = DeadlineState.EscalatedLevel2;
            return DeadlineStep.EscalatedToCoChairs;
        }
    }

    /// <summary>
    /// Sets the time of the clock's next step again from <paramref name="policy"/>, when it is due but has no step to take:
    /// the policy or the calendar changed since it was set (a later co-chair escalation, a holiday added). Returns whether
    /// it moved.
    /// </summary>
    public bool Reschedule(DeadlinePolicy policy)
    {
        var next = NextAction(policy);
        if (next == NextActionTime)
        {
            return false;
        }
        NextActionTime = next;
        Version++;
        return true;
    }

    private void Apply(DeadlineComputation computation, DeadlinePolicy? policy = null)
    {
        DueTime = computation.DueTime;
        WarnTime = computation.WarnTime;
        CalendarVersion = computation.CalendarVersion;
        NextActionTime = NextAction(policy);
        Version++;
    }

    // A new clock is running, so it needs no policy for the co-chairs' time.
    private DateTime? NextAction(DeadlinePolicy? policy) => State switch
    {
        DeadlineState.Running => WarnTime < DueTime ? WarnTime : DueTime,
        DeadlineState.Warned => DueTime,
        DeadlineState.EscalatedLevel1 => policy!.CoChairTime(this),
        _ => null,
    };
}

public enum DeadlineStep { Warned = 1, EscalatedToSupervisors = 2, EscalatedToCoChairs = 3 }

/// <summary>A due time, its warning time and the calendar they were computed with.</summary>
public sealed record DeadlineComputation(DateTime DueTime, DateTime WarnTime, string CalendarVersion);
