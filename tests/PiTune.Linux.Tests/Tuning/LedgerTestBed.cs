using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PiTune.Linux.Tuning;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Tuning;

/// <summary>A Pi 5 shaped folder and a state directory in a fresh temp folder, deleted on dispose.</summary>
internal sealed class LedgerTestBed : IDisposable
{
    public const string Governor = Pi5Layout.Policy + "/scaling_governor";
    public const string Swappiness = SysPaths.Vm + "/swappiness";
    public const string ZonePolicy = Pi5Layout.Zone + "/policy";
    public const string FanPwm = Pi5Layout.FanHwmon + "/pwm1";

    public LedgerTestBed()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), $"pitune-ledger-{Guid.NewGuid():N}");
        Root = Pi5Layout.Write(System.IO.Path.Join(Path, "root"));
        StateDirectory = System.IO.Path.Join(Path, "state");
        Files = new FaultySysFiles(Root);
    }

    public string Path { get; }

    public string Root { get; }

    public string StateDirectory { get; }

    public string LedgerFile => System.IO.Path.Join(StateDirectory, "ledger.json");

    public FaultySysFiles Files { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public RecordingLogger<TuningLedger> Logger { get; } = new();

    public TuningLedger Open(string? stateDirectory = null) =>
        TuningLedger.Open(Files, new StateOptions { Directory = stateDirectory ?? StateDirectory }, Time, Logger);

    public string FullPath(string relative) => System.IO.Path.Join(Root, relative);

    public byte[] Bytes(string relative) => File.ReadAllBytes(FullPath(relative));

    public string Text(string relative) => File.ReadAllText(FullPath(relative));

    /// <summary>The (path, original) pairs in ledger.json as it is on disk.</summary>
    public IReadOnlyList<(string Path, string Original)> LedgerOnDisk(string? ledgerFile = null)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(ledgerFile ?? LedgerFile));
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        return doc.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("relativePath").GetString()!, e.GetProperty("originalValue").GetString()!))
            .ToList();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
