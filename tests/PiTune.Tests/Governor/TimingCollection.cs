namespace PiTune.Tests.Governor;

/// <summary>Tests that measure wall-clock latency run alone, not beside the tests that start daemons.</summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;
