using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Simulation;

namespace PiTune.Bench;

/// <summary>
/// One full sampling tick (every reader, snapshot built and published) against a Pi 5-shaped folder,
/// with the time and bytes allocated per tick. The baseline is the cheapest possible look at the same
/// machine: reading the one temperature file, so the ratio says what a whole tick costs in those units.
/// </summary>
[MemoryDiagnoser]
public class SamplingTickBenchmark
{
    private string _root = "";
    private Sampler _sampler = null!;
    private MetricsBus _bus = null!;
    private RootedSysFiles _files = null!;
    private readonly byte[] _buffer = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        _root = Pi5Layout.Write(Path.Join(Path.GetTempPath(), "pitune-bench-" + Guid.NewGuid().ToString("N")));
        _files = new RootedSysFiles(_root);
        var machine = LinuxMachine.Discover(_files);
        _sampler = new Sampler(machine, [], TimeProvider.System, NullLogger<Sampler>.Instance);
        _bus = new MetricsBus();
        using IMetricsSubscription warm = _bus.Subscribe();
        _sampler.Sample();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true, Description = "read thermal_zone0/temp only")]
    public int ReadTemperatureFile() => _files.ReadBytes(Pi5Layout.Zone + "/temp", _buffer).Value;

    [Benchmark(Description = "full sampling tick")]
    public ResourceMetrics Tick()
    {
        ResourceMetrics snapshot = _sampler.Sample();
        _bus.Publish(snapshot);
        return snapshot;
    }
}
