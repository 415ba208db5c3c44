using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Core.Thermal;
using PiTune.Linux;
using PiTune.Linux.Fan;
using PiTune.Linux.Files;
using PiTune.Linux.Tuning;
using PiTune.Simulation;
using PiTune.Tests.Support;
using PiTune.Thermal;

namespace PiTune.Tests.Thermal;

/// <summary>
/// A Pi 5 shaped folder with the real sampler, ledger and thermal controller on a fake clock: each <see cref="Tick"/>
/// samples, lets the controller act, and moves the clock one second — what the daemon does, without its threads.
/// </summary>
internal sealed class ThermalBed : IDisposable
{
    public const string ZonePolicy = Pi5Layout.Zone + "/policy";
    public const string Pwm1 = Pi5Layout.FanHwmon + "/pwm1";
    public const string Rpm = Pi5Layout.FanHwmon + "/fan1_input";

    private readonly TempDirectory _dir = new("pitune-thermal");
    private readonly Sampler _sampler;

    public ThermalBed(FanOptions? fan = null, ThermalOptions? thermal = null, Action<string>? prepareRoot = null)
    {
        Fan = fan ?? new FanOptions { Mode = FanMode.Control };
        Thermal = thermal ?? new ThermalOptions();
        Root = Pi5Layout.Write(_dir.Combine("root"));
        prepareRoot?.Invoke(Root);
        var files = new RootedSysFiles(Root);
        Machine = LinuxMachine.Discover(files);
        Ledger = TuningLedger.Open(files, new StateOptions { Directory = _dir.Combine("state") }, Time, NullLogger<TuningLedger>.Instance);
        _sampler = new Sampler(Machine, [Contributor], Time, NullLogger<Sampler>.Instance);
        Controller = new ThermalController(Machine, files, Ledger, Contributor, Time, Log);
    }

    public FanOptions Fan { get; }

    public ThermalOptions Thermal { get; }

    public string Root { get; }

    public LinuxMachine Machine { get; }

    public TuningLedger Ledger { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public ThermalContributor Contributor { get; } = new();

    public ListLogger<ThermalController> Log { get; } = new();

    public ThermalController Controller { get; }

    public ThermalBed Start()
    {
        Controller.Start(Thermal, Fan);
        return this;
    }

    /// <summary>One sampling tick: sample, decide and apply, then one second passes.</summary>
    public ResourceMetrics Tick()
    {
        ResourceMetrics snapshot = _sampler.Sample();
        Controller.Tick(snapshot, Thermal, Fan);
        Time.Advance(TimeSpan.FromSeconds(1));
        return snapshot;
    }

    /// <summary>Ticks <paramref name="count"/> times; returns the snapshot the sampler builds after the last one.</summary>
    public ResourceMetrics Ticks(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Tick();
        }

        return _sampler.Sample();
    }

    public void SetTemperature(double celsius) =>
        Write(Pi5Layout.Zone + "/temp", ((long)Math.Round(celsius * 1000)).ToString(CultureInfo.InvariantCulture));

    public void Write(string relative, string text) => File.WriteAllText(Path.Join(Root, relative), text + "\n");

    public string Read(string relative) => File.ReadAllText(Path.Join(Root, relative)).Trim();

    public int CountLogged(int eventId) => Log.Entries.Count(e => e.Id.Id == eventId);

    public void Dispose()
    {
        Controller.Stop(Fan);
        _dir.Dispose();
    }
}
