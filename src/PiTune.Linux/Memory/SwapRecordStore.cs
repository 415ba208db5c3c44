using System.Globalization;
using System.Text.Json;
using PiTune.Core.Platform;
using PiTune.Linux.Tuning;

namespace PiTune.Linux.Memory;

/// <summary>
/// <c>{State:Directory}/swap.json</c>: the swap areas PiTune has turned off, each with its priority, saved atomically
/// and durably (temp file, fsync, rename, directory fsync) <em>before</em> each swapoff. The ledger cannot hold these
/// (swap is not a file to write back), so this is its counterpart: a start after a crash turns them on again.
/// </summary>
internal sealed class SwapRecordStore(string directory, string root, TimeProvider time)
{
    public const string FileName = "swap.json";

    public string FilePath => Path.Join(directory, FileName);

    /// <summary>The recorded areas (empty when there is no record). A record that is corrupt or was written for another
    /// root is renamed aside and <paramref name="problem"/> says so; its areas are not trusted.</summary>
    public IReadOnlyList<SwapEntry> Load(out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{FilePath} cannot be read ({ex.Message})";
            return [];
        }

        SwapRecordFile? file = null;
        string? why;
        try
        {
            file = JsonSerializer.Deserialize(bytes, SwapJsonContext.Default.SwapRecordFile);
            why = file is null ? "the file holds null"
                : file.Version != SwapRecordFile.CurrentVersion ? $"version {file.Version}, this PiTune reads version {SwapRecordFile.CurrentVersion}"
                : !SameRoot(file.Root, root) ? $"written for root {file.Root}, this run's root is {root}"
                : file.Entries.Any(e => string.IsNullOrEmpty(e.Filename)) ? "an entry has no filename"
                : null;
        }
        catch (JsonException ex)
        {
            why = ex.Message;
        }

        if (why is null)
        {
            return file!.Entries;
        }

        problem = $"{FilePath} is not usable ({why}); {SetAsideQuietly()}";
        return [];
    }

    /// <summary>Saves the areas (deletes the record when there are none). Throws IOException or UnauthorizedAccessException.</summary>
    public void Save(IReadOnlyList<SwapEntry> entries)
    {
        Directory.CreateDirectory(directory);
        if (entries.Count == 0)
        {
            if (File.Exists(FilePath))
            {
                File.Delete(FilePath);
                DirectorySync.Flush(directory);
            }

            return;
        }

        DurableFile.Replace(FilePath, JsonSerializer.SerializeToUtf8Bytes(
            new SwapRecordFile(SwapRecordFile.CurrentVersion, root, entries), SwapJsonContext.Default.SwapRecordFile));
    }

    private static bool SameRoot(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private string SetAsideQuietly()
    {
        string target = $"{FilePath}.unusable-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        try
        {
            File.Move(FilePath, target, overwrite: true);
            return $"renamed to {target}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"could not be renamed aside ({ex.Message})";
        }
    }
}
