using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Tuning;

namespace PiTune.Cli;

/// <summary>
/// A start refused for bad configuration (exit 78) still puts back what an earlier run left changed. systemd does
/// not restart on 78, so otherwise a crash's settings (swappiness, governor, fan) would stay until someone noticed.
/// Nothing is started: the ledger is read and its leftovers restored, as <c>LedgerService</c> does at a normal start.
/// It needs <c>Platform:Root</c> and <c>State:Directory</c>; when the configuration cannot give them, the command
/// line, the environment and the defaults do, and the lines say which was used. A ledger written for another root,
/// or one that cannot be read, is left exactly as it is for the next good start to judge.
/// </summary>
internal static class LeftoverRestore
{
    // LedgerStore.FileName (internal to PiTune.Linux).
    private const string LedgerFileName = "ledger.json";

    /// <param name="configuration">The configuration as built, or null when the file could not be read.</param>
    /// <param name="withoutFile">The same configuration without the file: environment, flags, --Section:Key arguments.</param>
    /// <param name="locked">Whether this process holds the one-instance lock already; if not, it is taken here.</param>
    /// <returns>How many settings were put back.</returns>
    public static int Run(IConfiguration? configuration, IConfiguration withoutFile, bool locked, TextWriter stderr)
    {
        IConfiguration known = configuration ?? withoutFile;
        string? unread = configuration is null ? "the configuration file could not be read" : null;
        string directory = Pick(known, "State:Directory", new StateOptions().Directory, Path.IsPathFullyQualified, unread, out string? directoryNote);
        string ledgerPath = Path.Join(directory, LedgerFileName);
        if (!File.Exists(ledgerPath))
        {
            // Nothing left over (or nothing we can find): say nothing and create nothing.
            return 0;
        }

        string root = Pick(known, "Platform:Root", "/", r => Path.IsPathFullyQualified(r) && Directory.Exists(r), unread, out string? rootNote);
        foreach (string? note in new[] { directoryNote, rootNote })
        {
            if (note is not null)
            {
                stderr.WriteLine($"pitune: {note}");
            }
        }

        string? ledgerRoot = LedgerRoot(ledgerPath, out string? unreadable);
        if (ledgerRoot is null)
        {
            stderr.WriteLine($"pitune: the ledger {ledgerPath} cannot be read ({unreadable}); left as it is for the next start");
            return 0;
        }

        if (!string.Equals(Path.TrimEndingDirectorySeparator(ledgerRoot), Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), StringComparison.Ordinal))
        {
            stderr.WriteLine($"pitune: the ledger {ledgerPath} is for root {ledgerRoot}, not {root}; left as it is for the next start");
            return 0;
        }

        // A ledger another PiTune holds is that daemon's live record, not a crash's leftovers.
        InstanceLock? instanceLock = null;
        if (!locked)
        {
            InstanceLockAttempt attempt = InstanceLock.TryAcquire(root, directory);
            if (attempt.Lock is null)
            {
                stderr.WriteLine($"pitune: {attempt.Refusal}; its ledger is left alone");
                return 0;
            }

            instanceLock = attempt.Lock;
        }

        using InstanceLock? held = instanceLock;
        var files = new RootedSysFiles(root);
        TuningLedger ledger = TuningLedger.Open(files, new StateOptions { Directory = directory }, TimeProvider.System, new TextWriterLogger<TuningLedger>(stderr));
        IReadOnlyList<WriteResult> results = ledger.RestoreLeftovers();
        int restored = results.Count(r => r.IsOk);
        if (results.Count > 0)
        {
            stderr.WriteLine(restored == results.Count
                ? $"pitune: not starting, but the {restored} setting(s) an earlier run left changed were put back"
                : $"pitune: not starting; {restored} of the {results.Count} setting(s) an earlier run left changed were put back, the rest stay in the ledger for the next start");
        }

        return restored;
    }

    private static string Pick(IConfiguration configuration, string key, string fallback, Func<string, bool> usable, string? unread, out string? note)
    {
        string? value = configuration[key];
        if (value is not null && !usable(value))
        {
            note = $"{key} \"{value}\" cannot be used; restoring with {fallback}, the default";
            return fallback;
        }

        string chosen = value ?? fallback;
        note = unread is null ? null : $"{unread}: restoring with {key} {chosen} ({(value is null ? "the default" : "from the command line or environment")})";
        return chosen;
    }

    /// <summary>The root a ledger was written for, read without trusting the rest of it (TuningLedger.Open checks that).</summary>
    private static string? LedgerRoot(string path, out string? problem)
    {
        problem = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("root", out JsonElement root)
                && root.ValueKind == JsonValueKind.String)
            {
                return root.GetString();
            }

            problem = "it names no root";
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
        }

        return null;
    }
}
