using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Tests.Api;

/// <summary>A known snapshot and one ledger change for the /status, /metrics and <c>pitune status</c> tests.</summary>
internal static class StatusFixture
{
    public const string GovernorPath = "sys/devices/system/cpu/cpufreq/policy0/scaling_governor";

    public static ResourceMetrics Snapshot(double? temperature = 61.5) => new(
        sequence: 42,
        timestamp: DateTimeOffset.UtcNow,
        cpu: new CpuMetrics(37.5, new double[] { 30, 45, 35, 40 }, new KiloHertz(1_800_000), new KiloHertz(2_400_000), "performance", new KiloHertz(2_000_000), 1.25)
        {
            Policies = new[]
            {
                new CpuFreqPolicyMetrics("policy0", "performance", new KiloHertz(1_800_000), new KiloHertz(2_000_000),
                    new[] { new GovernorTime("ondemand", TimeSpan.FromSeconds(90)), new GovernorTime("performance", TimeSpan.FromSeconds(30)) }),
            },
        },
        memory: new MemoryMetrics(45.5, 8L << 30, 4L << 30, 0, 0.5, 0.25, MemoryPressureState.Normal),
        thermal: new ThermalMetrics(
            temperature is { } t ? new Celsius(t) : null, DutyCycle.FromPercent(40), 3100,
            ThrottleFlags.UnderVoltageOccurred | ThrottleFlags.SoftTemperatureLimit, false,
            ThermalState.Throttling, new Celsius(80), ThrottleEpisodes: 3, FanControlled: true),
        accelerator: new AcceleratorMetrics(12.5, 2, 40, 3.2, 4.5, 6.1),
        pool: new PoolMetrics(1 << 20, 2 << 20, 256L << 20, 10, 2, 1));

    /// <summary>Makes the ledger hold one change: policy0's governor ondemand → performance.</summary>
    public static void ChangeGovernor(ApiTestServer server)
    {
        server.Directory.WriteFile("root/" + GovernorPath, "ondemand\n");
        Assert.True(server.Ledger.Write(new Tunable(GovernorPath), "performance").IsOk);
    }
}
