namespace PiTune.Configuration;

/// <summary>
/// Keys read once, when the daemon starts: a reload accepts a change to them (it is validated like any other) but it
/// takes effect at the next start, and the reload line says so rather than "reloaded". Every other section is read
/// through its options monitor on each use or on change (Sampling, Optimization, Governor, Memory, Thermal, the other Fan keys,
/// State:RestoreOnStop at stop).
/// </summary>
internal static class StartOnlyKeys
{
    private static readonly string[] Prefixes =
    [
        "Platform:",          // the root every sysfs path is under (PiTuneHost: RootedSysFiles)
        "State:Directory",    // the ledger and swap record are opened once (PiTuneHost, MemoryRegistration)
        "Api:",               // the socket is bound once (ApiService.StartAsync)
        "Inference:",         // models, batchers and providers are built once (InferenceRegistration: InferenceEngine)
        "BufferPool:",        // the pool's budget is fixed when it is made (InferenceRegistration)
        "Priority:HousekeepingCpus", // the daemon's other threads are placed once (HousekeepingAffinityService); the inference keys apply live
        "Log:",               // the log sink is chosen once (PiTuneHost.ConfigureLogging)
        "Serilog:",           // levels, read once when the logger is built (LogLevels)
        "Simulation:",        // the simulated machine is made once (RunCommand)
        "Fan:Kind",           // the fan device is found once (ThermalService: controller.Start)
        "Fan:Mode",           // observe or control is decided once (ThermalService: controller.Start)
    ];

    public static bool Contains(string key) =>
        Prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (prefix.EndsWith(':') || key.Length == prefix.Length || key[prefix.Length] == ':'));
}
