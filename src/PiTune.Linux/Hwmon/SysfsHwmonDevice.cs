using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Hwmon;

/// <summary>A hwmon directory: the Pi 5 has <c>cpu_thermal</c>, <c>rpi_volt</c> and <c>pwmfan</c>.</summary>
internal sealed class SysfsHwmonDevice : IHwmonDevice
{
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

    public ReadResult<int> ReadPwm(int channel) => SysRead.Small(_files, _pwm.For(channel), SysfsParse.NonNegativeInt32);

    public ReadResult<int> ReadPwmEnable(int channel) => SysRead.Small(_files, _pwmEnable.For(channel), SysfsParse.NonNegativeInt32);

    public ReadResult<int> ReadFanRpm(int channel) => SysRead.Small(_files, _fanInput.For(channel), SysfsParse.NonNegativeInt32);

    public ReadResult<bool> ReadLowCriticalAlarm() => SysRead.Small(_files, _lowCriticalAlarmPath, SysfsParse.Flag);

    public override string ToString() => $"{Id} ({Name})";
}
