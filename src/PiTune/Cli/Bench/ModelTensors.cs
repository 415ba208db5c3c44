namespace PiTune.Cli.Bench;

/// <summary>What the model metadata says a bench request needs: the input's name and item shape, each output's name and bytes per item.</summary>
internal sealed record ModelTensors(string Input, long[] InputItemShape, IReadOnlyList<(string Name, long ItemBytes)> Outputs);
