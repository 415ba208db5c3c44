namespace PiTune.Core.Platform;

/// <summary>A hardware monitor (<c>/sys/class/hwmon/hwmonN</c>), such as the Pi 5's <c>pwmfan</c> or <c>rpi_volt</c>.</summary>
public interface IHwmonDevice
{
    /// <summary>The directory name, e.g. <c>hwmon2</c>.</summary>
    string Id { get; }

    /// <summary>The device's <c>name</c> attribute, read at discovery (e.g. <c>pwmfan</c>).</summary>
    string Name { get; }

    /// <summary>Whether <c>pwm1</c> exists.</summary>
    bool HasPwm { get; }

    /// <summary>Whether <c>fan1_input</c> (a tachometer) exists.</summary>
    bool HasTachometer { get; }

    Tunable Pwm(int channel);

    Tunable PwmEnable(int channel);

    /// <summary><c>pwmN</c>, 0–255.</summary>
    ReadResult<int> ReadPwm(int channel);

    ReadResult<int> ReadPwmEnable(int channel);

    /// <summary><c>fanN_input</c> in RPM.</summary>
    ReadResult<int> ReadFanRpm(int channel);

    /// <summary><c>in0_lcrit_alarm</c>: 1 when the supply voltage is below the critical minimum (rpi_volt: under-voltage).</summary>
    ReadResult<bool> ReadLowCriticalAlarm();
}
