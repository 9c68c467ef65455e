using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;

namespace CaseTracker.Tests.Support;

/// <summary>A mutation handed straight to the writer, without a request_id: a note and its event. Saved twice, it would be two notes.</summary>
public static class WriterNotes
{
    public static Task<int> AddAsync(BatchingWriter writer, string caseId, Actor author) => writer.WriteAsync(async session =>
    {
        var number = await session.NextNoteNumberAsync(caseId);
        session.Db.Notes.Add(new Note(caseId, number, "note", author, session.Now));
        session.RecordEvent(caseId, Case.NoteAdded(CaseNames.FormatNote(caseId, number)), author);
        return number;
    }, CancellationToken.None);
}
