namespace CaseTracker.Tests.Support;

/// <summary>The temporary folders tests make under the system's temporary directory.</summary>
public static class TemporaryFolders
{
    /// <summary>Deletes a folder and what it holds; one left behind (a file still open, a folder never made) is harmless.</summary>
    public static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
