namespace PiTune.Tests.Governor;

/// <summary>Tests that measure wall-clock latency, or run daemons at high simulated speed, run alone rather than beside the other end-to-end tests.</summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;
