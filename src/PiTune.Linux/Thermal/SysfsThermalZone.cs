using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Thermal;

/// <summary>A thermal zone directory; <c>temp</c> is millidegrees, converted to <see cref="Celsius"/> on read.</summary>
internal sealed class SysfsThermalZone : IThermalZone
{
    // What a thermal zone can report. Industrial-grade SoCs are rated down to -40 °C and no Pi runs colder (the Pi 5 is
    // rated for 0–50 °C ambient); silicon is rated to a 125 °C junction at most and the Pi's critical trip (110 °C) shuts
    // the board down before 150 °C. Anything outside is a broken sensor or driver — the kernel's THERMAL_TEMP_INVALID is
    // -274000, a stuck I2C sensor reads 0x7fffffff — and acting on it would throttle (or un-throttle) on garbage.
    public static readonly Celsius MinPlausible = new(-40);
    public static readonly Celsius MaxPlausible = new(150);

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

    public ReadResult<Celsius> ReadTemperature()
    {
        ReadResult<Celsius> read = SysRead.Small(_files, _tempPath, SysfsParse.Millidegrees);
        if (!read.IsOk || (read.Value >= MinPlausible && read.Value <= MaxPlausible))
        {
            return read;
        }

        // Said in the file's own unit too, so the line shows exactly what the kernel gave.
        Celsius t = read.Value;
        return ReadResult<Celsius>.Fail(ReadStatus.Garbage, _tempPath, string.Create(CultureInfo.InvariantCulture,
            $"implausible: {t.ToMilli()} m°C ({t.Value:0} °C) is outside the {MinPlausible.Value:0} to {MaxPlausible.Value:0} °C a thermal zone reports"));
    }

    public ReadResult<string> ReadPolicy() => _policy.Read(_files, Policy.RelativePath);

    public override string ToString() => $"{Name} ({Type})";
}
