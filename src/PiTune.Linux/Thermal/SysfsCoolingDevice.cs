using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Thermal;

/// <summary>A thermal cooling device directory (the Pi 5 fan is <c>pwm-fan</c>, states 0–4).</summary>
internal sealed class SysfsCoolingDevice : ICoolingDevice
{
    private readonly ISysFiles _files;
    private readonly string _maxStatePath;

    public SysfsCoolingDevice(ISysFiles files, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        _files = files;
        Name = name;
        Type = type;
        string dir = SysPaths.CoolingDevice(name);
        CurrentState = new Tunable($"{dir}/cur_state");
        _maxStatePath = $"{dir}/max_state";
    }

    public string Name { get; }

    public string Type { get; }

    public Tunable CurrentState { get; }

    public ReadResult<int> ReadCurrentState() => SysRead.Small(_files, CurrentState.RelativePath, SysfsParse.NonNegativeInt32);

    public ReadResult<int> ReadMaxState() => SysRead.Small(_files, _maxStatePath, SysfsParse.NonNegativeInt32);

    public override string ToString() => $"{Name} ({Type})";
}
