namespace CaseTracker.Server.Cases;

/// <summary>A note on a case. Notes are never edited or deleted; a correction is a new note.</summary>
public sealed class Note
{
    private Note()
    {
        CaseId = Text = Author = string.Empty;
    }

    public Note(string caseId, int number, string text, Actor author, DateTime createTime)
    {
        CaseId = caseId;
        Number = number;
        Text = text;
        Author = author.Id;
        AuthorParty = author.Party;
        CreateTime = createTime;
    }

    public string CaseId { get; private set; }

    /// <summary>1, 2, 3, ... within the case: the note's ID in its resource name.</summary>
    public int Number { get; private set; }

    public string Text { get; private set; }

    public string Author { get; private set; }

    public Party AuthorParty { get; private set; }

    public DateTime CreateTime { get; private set; }

    /// <summary>Erases the text, which may name the subject, when the case's personal data is erased (Case.Retention.cs).</summary>
    public void EraseText() => Text = string.Empty;
}
