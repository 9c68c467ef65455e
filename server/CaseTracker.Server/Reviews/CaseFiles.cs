using System.Text;

namespace CaseTracker.Server.Reviews;

/// <summary>The per-case files of a review while it is written: cases, transitions, deadlines, and the list for discussion.</summary>
internal sealed class CaseFiles : IDisposable
{
    public CaseFiles(string directory, string discussionPath)
    {
        Cases = new CsvFile(Path.Combine(directory, "cases.csv"),
            "reference", "subject_pseudonym", "pseudonym_key", "filing_party", "intake_channel", "priority", "urgency_reasons", "create_time",
            "stage_at_start", "stage_at_end", "stages_in_month", "close_time", "outcome", "enforcement_action", "registry_ground",
            "region", "allegations", "warnings", "breaches", "escalations_to_co_chairs", "age_days_at_end",
            "documents_filed");
        Transitions = new CsvFile(Path.Combine(directory, "transitions.csv"),
            "reference", "sequence", "time", "event", "from_stage", "to_stage", "actor_party", "outcome");
        Deadlines = new CsvFile(Path.Combine(directory, "deadlines.csv"),
            "reference", "sequence", "time", "step", "clock", "owing_party", "due_time");
        Discussion = new StreamWriter(discussionPath, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public CsvFile Cases { get; }

    public CsvFile Transitions { get; }

    public CsvFile Deadlines { get; }

    /// <summary>A temporary file: the list is sorted and written into the summary once every case is read.</summary>
    public StreamWriter Discussion { get; }

    public void Dispose()
    {
        Cases.Dispose();
        Transitions.Dispose();
        Deadlines.Dispose();
        Discussion.Dispose();
    }
}
