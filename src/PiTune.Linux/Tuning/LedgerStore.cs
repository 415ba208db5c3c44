using System.Globalization;
using System.Text.Json;
using PiTune.Core.Platform;

namespace PiTune.Linux.Tuning;

/// <summary>
/// <c>ledger.json</c> on disk. Every save is atomic and durable: a crash at any instant leaves either the
/// previous ledger or the new one, never a torn file, and a save that returned survives a power cut.
/// </summary>
internal sealed class LedgerStore(string directory, TimeProvider time)
{
    public const string FileName = "ledger.json";

    public string Directory { get; } = directory;

    public string FilePath => Path.Join(Directory, FileName);

    /// <summary>Creates the state directory if needed; throws IOException or UnauthorizedAccessException.</summary>
    public void EnsureDirectory() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>Missing when there is no ledger yet; Garbage (with why) when it cannot be trusted; IoError when it cannot be read.</summary>
    public ReadResult<LedgerFile> Load()
    {
        byte[] bytes;
        try
        {
            if (System.IO.Directory.Exists(FilePath))
            {
                // .NET reports reading a directory as "access denied"; it is not a permission problem.
                return ReadResult<LedgerFile>.Fail(ReadStatus.IoError, FilePath, "it is a directory, not a file");
            }

            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ReadResult<LedgerFile>.Fail(ReadStatus.Missing, FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ReadResult<LedgerFile>.Fail(ReadStatus.IoError, FilePath, ex.Message);
        }

        LedgerFile? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, LedgerJsonContext.Default.LedgerFile);
        }
        catch (JsonException ex)
        {
            return ReadResult<LedgerFile>.Fail(ReadStatus.Garbage, FilePath, ex.Message);
        }

        string? problem = file is null ? "the file holds null" : Check(file);
        return problem is null
            ? ReadResult<LedgerFile>.Ok(file!)
            : ReadResult<LedgerFile>.Fail(ReadStatus.Garbage, FilePath, problem);
    }

    /// <summary>Temp file, fsync, rename over the ledger, fsync the directory. Throws IOException or UnauthorizedAccessException.</summary>
    public void Save(LedgerFile file)
    {
        DurableFile.Replace(FilePath, JsonSerializer.SerializeToUtf8Bytes(file, LedgerJsonContext.Default.LedgerFile));
    }

    /// <summary>Renames the ledger to <c>ledger.json.{reason}-{UTC time}</c>, kept for an admin to read; returns the new path.</summary>
    public string SetAside(string reason)
    {
        string stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string target = $"{FilePath}.{reason}-{stamp}";
        for (int n = 2; File.Exists(target); n++)
        {
            target = $"{FilePath}.{reason}-{stamp}-{n}";
        }

        File.Move(FilePath, target);
        DirectorySync.Flush(Directory);
        return target;
    }

    private static string? Check(LedgerFile file)
    {
        if (file.Version != LedgerFile.CurrentVersion)
        {
            return $"version {file.Version}, this PiTune reads version {LedgerFile.CurrentVersion}";
        }

        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (Core.Tuning.LedgerEntry entry in file.Entries)
        {
            // The daemon runs as root: a path that climbs out of the root would let the state file write anywhere.
            if (entry.RelativePath.Length == 0 || Path.IsPathRooted(entry.RelativePath) ||
                entry.RelativePath.Split('/').Contains(".."))
            {
                return $"entry path \"{entry.RelativePath}\" is not a plain path under the root";
            }

            if (!seen.Add(entry.RelativePath))
            {
                return $"\"{entry.RelativePath}\" is recorded twice";
            }
        }

        return null;
    }
}
