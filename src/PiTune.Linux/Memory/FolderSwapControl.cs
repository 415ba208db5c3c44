using System.Globalization;
using System.Text;
using PiTune.Core.Platform;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Memory;

/// <summary>
/// Swap control for a folder tree (tests, <c>--simulate</c>, any <c>Platform:Root</c> other than <c>/</c>): swapoff removes
/// the area's line from <c>{root}/proc/swaps</c>, swapon adds it back with its priority. The kernel is never called,
/// so a test or simulator run can never touch the machine's real swap. Errors mimic the kernel's: EINVAL for an
/// area that is not on, EBUSY for one that already is.
/// </summary>
public sealed class FolderSwapControl(string root) : ISwapControl
{
    private const string Header = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority";
    private readonly Lock _gate = new();
    private readonly string _path = Path.Join(root, SysPaths.Swaps);

    public bool IsSimulated => true;

    public SwapCallResult SwapOff(string filename)
    {
        lock (_gate)
        {
            if (Load(out List<SwapEntry> entries) is { } problem)
            {
                return problem;
            }

            int index = entries.FindIndex(e => e.Filename == filename);
            if (index < 0)
            {
                return new SwapCallResult(SwapCallResult.EINVAL, $"{filename} is not an active swap area in {_path}");
            }

            entries.RemoveAt(index);
            return Save(entries);
        }
    }

    public SwapCallResult SwapOn(SwapEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (Load(out List<SwapEntry> entries) is { } problem)
            {
                return problem;
            }

            if (entries.Exists(e => e.Filename == entry.Filename))
            {
                return new SwapCallResult(SwapCallResult.EBUSY, $"{entry.Filename} is already an active swap area in {_path}");
            }

            entries.Add(entry with { UsedBytes = 0 });
            return Save(entries);
        }
    }

    /// <summary>The file in the kernel's layout, filenames escaped the way the kernel does (<c>\040</c> for a space).</summary>
    internal static string Format(IEnumerable<SwapEntry> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (SwapEntry e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Escape(e.Filename),-40}{e.Type}\t\t{e.SizeBytes / 1024}\t\t{e.UsedBytes / 1024}\t\t{e.Priority}\n");
        }

        return text.ToString();
    }

    private static string Escape(string filename)
    {
        var escaped = new StringBuilder(filename.Length);
        foreach (char c in filename)
        {
            escaped.Append(c is ' ' or '\t' or '\n' or '\\' ? $"\\{Convert.ToString(c, 8).PadLeft(3, '0')}" : c.ToString());
        }

        return escaped.ToString();
    }

    private SwapCallResult? Load(out List<SwapEntry> entries)
    {
        entries = [];
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SwapCallResult(SwapCallResult.ENOENT, $"{_path}: {ex.Message}");
        }

        ReadResult<IReadOnlyList<SwapEntry>> parsed = SwapsParse.Parse(bytes, SysPaths.Swaps);
        if (parsed.IsOk)
        {
            entries = [.. parsed.Value];
            return null;
        }

        return parsed.Status == ReadStatus.Empty ? null : new SwapCallResult(SwapCallResult.EINVAL, parsed.Describe());
    }

    /// <summary>
    /// Keeps the tree's <c>proc/meminfo</c> as the kernel keeps its own: <c>SwapTotal</c> and <c>SwapFree</c> are the sums over
    /// the active areas, so the swap a snapshot reports follows a simulated swapoff (a tree without meminfo is left so).
    /// </summary>
    private void SyncMemInfo(List<SwapEntry> entries)
    {
        string path = Path.Join(root, SysPaths.MemInfo);
        if (!File.Exists(path))
        {
            return;
        }

        long totalKb = entries.Sum(e => e.SizeBytes) / 1024;
        long freeKb = entries.Sum(e => e.SizeBytes - e.UsedBytes) / 1024;
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("SwapTotal:", StringComparison.Ordinal))
            {
                lines[i] = string.Create(CultureInfo.InvariantCulture, $"SwapTotal:      {totalKb,8} kB");
            }
            else if (lines[i].StartsWith("SwapFree:", StringComparison.Ordinal))
            {
                lines[i] = string.Create(CultureInfo.InvariantCulture, $"SwapFree:       {freeKb,8} kB");
            }
        }

        string temp = path + ".pitune-tmp";
        File.WriteAllText(temp, string.Join('\n', lines) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    private SwapCallResult Save(List<SwapEntry> entries)
    {
        // A whole-file replace, so the sampler never reads half a table.
        string temp = _path + ".pitune-tmp";
        try
        {
            File.WriteAllText(temp, Format(entries));
            File.Move(temp, _path, overwrite: true);
            SyncMemInfo(entries);
            return SwapCallResult.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SwapCallResult(SwapCallResult.EPERM, $"{_path}: {ex.Message}");
        }
    }
}
