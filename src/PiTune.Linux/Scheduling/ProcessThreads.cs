using System.Globalization;

namespace PiTune.Linux.Scheduling;

/// <summary>This process's own threads as <c>/proc/self/task</c> lists them (never another process's).</summary>
public static class ProcessThreads
{
    /// <summary>
    /// Ids of this process's threads whose name (<c>comm</c>, at most 15 bytes) is <paramref name="name"/>. A thread
    /// that ends while the list is read is left out.
    /// </summary>
    public static IReadOnlyList<int> Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var tids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Join(dir, "comm")).TrimEnd('\n') == name)
                {
                    tids.Add(tid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone between the listing and the read (ESRCH reads as an I/O error): not a thread any more.
            }
        }

        return tids;
    }
}
