namespace PiTune.Inference.Tests.Hailo;

/// <summary>
/// The fake libhailort is one library per process with one chip: these tests run one at a time (and beside no other
/// test that opens it).
/// </summary>
[CollectionDefinition(nameof(HailoCollection), DisableParallelization = true)]
public sealed class HailoCollection;
