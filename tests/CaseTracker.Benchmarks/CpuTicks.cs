using System.Globalization;

namespace CaseTracker.Benchmarks;

/// <summary>
/// The kernel's CPU accounting (Linux <c>/proc</c>): how busy the whole machine was — every process, the database
/// server's included — and how much CPU each thread of this process used. It says whether a load was bound by the
/// machine's cores or by one thread while the other cores waited. Empty where <c>/proc</c> is not there.
/// </summary>
public sealed record CpuTicks(long MachineBusy, IReadOnlyDictionary<int, long> Threads)
{
    // USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static CpuTicks Take() => new(MachineBusyTicks(), ThreadTicks());

    /// <summary>The cores the machine kept busy over <paramref name="elapsed"/>, and the busiest thread of this process's share of one core.</summary>
    public string Since(CpuTicks before, TimeSpan elapsed)
    {
        if (MachineBusy == 0 || before.MachineBusy == 0)
        {
            return "machine CPU not available";
        }
        var seconds = elapsed.TotalSeconds;
        var machine = (MachineBusy - before.MachineBusy) / TicksPerSecond / seconds;
        var busiest = Threads.Select(t => t.Value - before.Threads.GetValueOrDefault(t.Key)).DefaultIfEmpty(0).Max() / TicksPerSecond / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"the machine busy {machine:0.00} of {Environment.ProcessorCount} cores (every process), this process's busiest thread {busiest:P0} of a core");
    }

    /// <summary>The first line of <c>/proc/stat</c>: every state but idle and waiting for I/O, summed over the cores.</summary>
    private static long MachineBusyTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return ticks.Sum() - ticks[3] - ticks[4];
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Each thread's user and system time, fields 14 and 15 of <c>/proc/self/task/{tid}/stat</c>.</summary>
    private static Dictionary<int, long> ThreadTicks()
    {
        var threads = new Dictionary<int, long>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return threads;
        }
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // The thread's name, in parentheses, may hold spaces: count the fields after its closing parenthesis.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while the folder was read.
            }
        }
        return threads;
    }
}
