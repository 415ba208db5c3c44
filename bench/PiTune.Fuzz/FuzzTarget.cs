namespace PiTune.Fuzz;

/// <summary>Runs one fuzz input; throws only when PiTune broke its contract on that input.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);
