using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Hwmon;

/// <summary>A hwmon directory: the Pi 5 has <c>cpu_thermal</c>, <c>rpi_volt</c> and <c>pwmfan</c>.</summary>
internal sealed class SysfsHwmonDevice : IHwmonDevice
{
    // hwmon's pwmN is 0–255 by the sysfs ABI (Documentation/hwmon/sysfs-interface.rst).
    public const int MaxPwm = 255;

    // Small fans top out near 10000 rpm (the Pi 5 Active Cooler ~8000), 40 mm server fans near 25000. A bigger figure is a
    // tachometer or driver gone wrong, and taken as a reading it would hide a stalled fan from the failure detector.
    public const int MaxRpm = 30000;

    private readonly ISysFiles _files;
    private readonly ChannelPaths _pwm;
    private readonly ChannelPaths _pwmEnable;
    private readonly ChannelPaths _fanInput;
    private readonly string _lowCriticalAlarmPath;

    public SysfsHwmonDevice(ISysFiles files, string id, string name, bool hasPwm, bool hasTachometer)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(name);
        _files = files;
        Id = id;
        Name = name;
        HasPwm = hasPwm;
        HasTachometer = hasTachometer;
        string dir = SysPaths.HwmonDevice(id);
        _pwm = new ChannelPaths(dir, "pwm", "");
        _pwmEnable = new ChannelPaths(dir, "pwm", "_enable");
        _fanInput = new ChannelPaths(dir, "fan", "_input");
        _lowCriticalAlarmPath = $"{dir}/in0_lcrit_alarm";
    }

    public string Id { get; }

    public string Name { get; }

    public bool HasPwm { get; }

    public bool HasTachometer { get; }

    public Tunable Pwm(int channel) => new(_pwm.For(channel));

    public Tunable PwmEnable(int channel) => new(_pwmEnable.For(channel));

    public ReadResult<int> ReadPwm(int channel)
    {
        string path = _pwm.For(channel);
        ReadResult<int> read = SysRead.Small(_files, path, SysfsParse.NonNegativeInt32);
        return !read.IsOk || read.Value <= MaxPwm
            ? read
            : Implausible(path, string.Create(CultureInfo.InvariantCulture, $"pwm {read.Value} is outside 0 to {MaxPwm}"));
    }

    public ReadResult<int> ReadPwmEnable(int channel) => SysRead.Small(_files, _pwmEnable.For(channel), SysfsParse.NonNegativeInt32);

    public ReadResult<int> ReadFanRpm(int channel)
    {
        string path = _fanInput.For(channel);
        ReadResult<int> read = SysRead.Small(_files, path, SysfsParse.NonNegativeInt32);
        return !read.IsOk || read.Value <= MaxRpm
            ? read
            : Implausible(path, string.Create(CultureInfo.InvariantCulture, $"{read.Value} rpm is above the {MaxRpm} rpm a fan reaches"));
    }

    public ReadResult<bool> ReadLowCriticalAlarm() => SysRead.Small(_files, _lowCriticalAlarmPath, SysfsParse.Flag);

    public override string ToString() => $"{Id} ({Name})";

    private static ReadResult<int> Implausible(string path, string why) => ReadResult<int>.Fail(ReadStatus.Garbage, path, "implausible: " + why);
}
