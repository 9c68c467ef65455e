namespace CaseTracker.Server.Storage;

/// <summary>The data folder as the server finds it at start: it must exist (or be made) and take a durable write.</summary>
public static class DataFolder
{
    /// <summary>
    /// Makes the folder and writes, fsyncs and deletes a small probe file in it; a folder that cannot be made or
    /// written, or a full disk, stops the server with one line (<see cref="Hosting.StartupRefusal"/>).
    /// </summary>
    public static void EnsureWritable(string folder)
    {
        var probe = Path.Combine(folder, ".write-probe");
        try
        {
            Directory.CreateDirectory(folder);
            DataFiles.Replace(probe, new byte[4096]);
            File.Delete(probe);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            var refusal = Hosting.StartupFailures.Describe(error, folder);
            if (refusal.ExitCode != Hosting.StartupRefusal.DiskFull)
            {
                refusal = new Hosting.StartupRefusal(Hosting.StartupRefusal.DataFolderNotWritable,
                    $"cannot write the data folder {folder} ({error.Message}); give the server's user write access to it or point Storage:DataDirectory at another folder.", error);
            }
            throw refusal;
        }
    }
}
