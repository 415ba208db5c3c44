namespace PiTune.Inference.Backends;

/// <summary>Why a model could not be put on the chip, and whether trying again later can help.</summary>
/// <param name="Retry">True for what can change without a restart (library or driver installed, chip freed or plugged).</param>
internal sealed record ChipFailure(string Reason, bool Retry);
