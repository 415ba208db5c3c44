namespace PiTune.Fuzz;

/// <summary>A parser returned normally but broke its contract (no error for a refusal, a leaked pool buffer).</summary>
internal sealed class ContractBrokenException(string message) : Exception(message);
