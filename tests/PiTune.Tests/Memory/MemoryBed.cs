using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Inference;
using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Pool;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Linux.Memory;
using PiTune.Linux.Tuning;
using PiTune.Memory;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Memory;

/// <summary>A memory controller over a Pi 5 folder tree, with the real ledger and the folder swap control.</summary>
internal sealed class MemoryBed : IDisposable
{
    private readonly TempDirectory _dir = new("pitune-memory");
    private long _sequence;

    public MemoryBed(MemoryOptions? options = null, bool pi5 = true, ISwapControl? swapControl = null, string? root = null)
    {
        Root = root ?? (pi5 ? Pi5Layout.Write(_dir.Combine("root")) : Directory.CreateDirectory(_dir.Combine("root")).FullName);
        StateDirectory = _dir.Combine("state");
        Files = new RootedSysFiles(Root);
        Machine = LinuxMachine.Discover(Files);
        Options = new ChangingOptionsMonitor<MemoryOptions>(options ?? new MemoryOptions());
        Ledger = TuningLedger.Open(Files, new StateOptions { Directory = StateDirectory }, Time, NullLogger<TuningLedger>.Instance);
        SwapControl = swapControl ?? new FolderSwapControl(Root);
    }

    public string Root { get; }

    public string StateDirectory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public RootedSysFiles Files { get; }

    public IMachine Machine { get; }

    public ChangingOptionsMonitor<MemoryOptions> Options { get; }

    public TuningLedger Ledger { get; }

    public ISwapControl SwapControl { get; }

    public MemoryContributor Contributor { get; } = new();

    public ListLogger<MemoryController> Log { get; } = new();

    public MemoryController Create(IBufferPoolControl? pool = null, IBatchSizeLimiter? batches = null, IInferenceActivity? activity = null) =>
        new(Machine, Files, Ledger, new SwapSwitcher(SwapControl, StateDirectory, Root, Time), Options, Contributor, pool, batches, activity, Time, Log);

    public string Read(string relative) => File.ReadAllText(Path.Join(Root, relative));

    public IReadOnlyList<SwapEntry> Swaps() => Machine.Swaps.Read().Value!;

    public ResourceMetrics Snapshot(double? psi = 0, long availableMb = 6000, long totalMb = 8000) =>
        new(++_sequence, Time.GetUtcNow(), default,
            new MemoryMetrics(100 - (availableMb * 100.0 / totalMb), totalMb << 20, availableMb << 20, 0, psi, 0), default, default, default);

    public int Count(int eventId) => Log.Entries.Count(e => e.Id.Id == eventId);

    public string Message(int eventId) => Log.Entries.First(e => e.Id.Id == eventId).Message;

    public void Dispose() => _dir.Dispose();
}
