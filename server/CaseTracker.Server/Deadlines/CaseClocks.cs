using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// Keeps a case's clocks in step with the case, after every change: the clocks the case's state calls for
/// are started, the ones it no longer calls for are closed (met when the owing party acted, cancelled when
/// not), stage clocks pause while a response is awaited and resume after it, and a priority change
/// recomputes the due times.
/// </summary>
/// <remarks>
/// Resolution clocks belong to one proposal of findings: replacing the findings cancels every resolution
/// clock still open and starts one per party that owes a sign-off, as sending them back cancels them. A
/// response clock is met only by the response recorded for it; closing the case while the response is
/// awaited cancels it.
/// </remarks>
public sealed class CaseClocks(DeadlinePolicy policy)
{
    public async Task SyncAsync(WriteSession session, Case c)
    {
        if (c.ClockCount > 0 && !session.ClocksLoaded(c.Id))
        {
            await OpenOf(session.Db.Deadlines, [c.Id]).LoadAsync();
        }
        // Local also holds clocks started earlier in the same (unsaved) write batch.
        var open = session.Db.Deadlines.Local.Where(d => d.CaseId == c.Id && d.IsOpen).ToList();
        var wanted = WantedClocks(c);
        var now = session.Now;

        foreach (var clock in open.Where(d => !wanted.Contains(KeyOf(d)) || IsOnReplacedFindings(d, c)))
        {
            clock.Close(met: WasMet(clock, c), now);
        }
        open.RemoveAll(d => !d.IsOpen);
        foreach (var key in wanted.Where(k => !open.Any(d => KeyOf(d) == k)))
        {
            var start = key.Kind == ClockKind.Response ? c.AwaitingResponse!.Since : now;
            var clock = new Deadline(c.Id, c.TakeClockNumber(), key.Kind, key.Stage, key.Party, c.Priority, start,
                policy.Compute(key.Kind, key.Stage, c.Priority, key.Party, start, TimeSpan.Zero));
            session.Db.Deadlines.Add(clock);
            open.Add(clock);
        }
        foreach (var clock in open.Where(d => d.IsOpen))
        {
            if (clock.Priority != c.Priority)
            {
                clock.Recompute(c.Priority, now, policy);
            }
            if (clock.Kind == ClockKind.Stage && c.AwaitingResponse is { } awaiting)
            {
                clock.Pause(awaiting.Party, now);
            }
            else if (clock.Kind == ClockKind.Stage)
            {
                clock.Resume(now, policy);
            }
        }
    }

    /// <summary>
    /// The open clocks of the cases <paramref name="caseIds"/>, as every change of a case reads them. A case keeps
    /// every clock it ever ran; this condition is the filter of the index of open clocks
    /// (<c>IX_Deadlines_CaseId_Open</c>, <see cref="DeadlineConfiguration"/>), so the read visits only those.
    /// </summary>
    public static IQueryable<Deadline> OpenOf(IQueryable<Deadline> clocks, IReadOnlyCollection<string> caseIds) =>
        clocks.Where(d => caseIds.Contains(d.CaseId) && d.State != DeadlineState.Met && d.State != DeadlineState.Cancelled);

    /// <summary>Recomputes the case's open clocks with the calendars and policy in force now; returns them.</summary>
    public async Task<IReadOnlyList<Deadline>> RecomputeAsync(WriteSession session, Case c)
    {
        await session.Db.Deadlines.Where(d => d.CaseId == c.Id).LoadAsync();
        var open = session.Db.Deadlines.Local.Where(d => d.CaseId == c.Id && d.IsOpen).ToList();
        foreach (var clock in open)
        {
            clock.Recompute(c.Priority, session.Now, policy);
        }
        return open;
    }

    private readonly record struct ClockKey(ClockKind Kind, Stage Stage, Party Party, DateTime? Since);

    private static ClockKey KeyOf(Deadline d) =>
        new(d.Kind, d.Kind == ClockKind.Stage ? d.Stage : default, d.OwingParty, d.Kind == ClockKind.Response ? d.StartTime : null);

    private HashSet<ClockKey> WantedClocks(Case c)
    {
        var wanted = new HashSet<ClockKey>();
        if (!c.IsOpen)
        {
            return wanted;
        }
        foreach (var party in policy.OwnersOf(c.Stage, c.FilingParty))
        {
            if (c.Stage == Stage.Resolution && c.Resolution!.IsSignedBy(party))
            {
                continue;
            }
            wanted.Add(new ClockKey(ClockKind.Stage, c.Stage, party, null));
        }
        if (c.AwaitingResponse is { } awaiting)
        {
            wanted.Add(new ClockKey(ClockKind.Response, default, awaiting.Party, awaiting.Since));
        }
        return wanted;
    }

    /// <summary>A resolution clock started before the findings now proposed: it was owed on findings that were replaced.</summary>
    private static bool IsOnReplacedFindings(Deadline clock, Case c) =>
        clock.Kind == ClockKind.Stage && clock.Stage == Stage.Resolution && c.Resolution is { } findings && clock.StartTime < findings.ProposeTime;

    /// <summary>
    /// A clock closes as met when its party acted: the case moved past its stage, the party signed the
    /// findings the clock was started for, or the response it waited for was recorded (the case is still
    /// open and no longer awaits it). Otherwise, findings sent back or replaced, a case closed while a
    /// response was awaited, it closes as cancelled.
    /// </summary>
    private static bool WasMet(Deadline clock, Case c) => clock.Kind switch
    {
        ClockKind.Response => c.IsOpen && c.AwaitingResponse?.Since != clock.StartTime,
        _ when clock.Stage == Stage.Resolution => c.Resolution is { } findings && !IsOnReplacedFindings(clock, c) && findings.IsSignedBy(clock.OwingParty),
        _ => c.Stage > clock.Stage,
    };
}
