using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Thermal;

/// <summary>A thermal zone directory; <c>temp</c> is millidegrees, converted to <see cref="Celsius"/> on read.</summary>
internal sealed class SysfsThermalZone : IThermalZone
{
    private readonly ISysFiles _files;
    private readonly CachedWord _policy = new();
    private readonly string _tempPath;

    public SysfsThermalZone(ISysFiles files, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        _files = files;
        Name = name;
        Type = type;
        string dir = SysPaths.ThermalZone(name);
        _tempPath = $"{dir}/temp";
        Policy = new Tunable($"{dir}/policy");
    }

    public string Name { get; }

    public string Type { get; }

    public Tunable Policy { get; }

    public ReadResult<Celsius> ReadTemperature() => SysRead.Small(_files, _tempPath, SysfsParse.Millidegrees);

    public ReadResult<string> ReadPolicy() => _policy.Read(_files, Policy.RelativePath);

    public override string ToString() => $"{Name} ({Type})";
}
