using System.Reflection;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Tests.Docs;

/// <summary>The README is what the ministries' developers read: it must name every reason they can receive.</summary>
public sealed class ReadmeTests
{
    public static TheoryData<string> Reasons()
    {
        var data = new TheoryData<string>();
        foreach (var type in new[] { typeof(ErrorReasons), typeof(CaseRuleReasons) })
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.Name != nameof(ErrorReasons.Domain)))
            {
                data.Add((string)field.GetRawConstantValue()!);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Readme_ListsTheErrorReason(string reason)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Contains($"`{reason}`", readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CaseTracker.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("CaseTracker.sln not found above the test binaries.");
    }
}
