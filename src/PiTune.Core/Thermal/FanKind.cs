namespace PiTune.Core.Thermal;

/// <summary>Which fan PiTune drives (<c>Fan:Kind</c>).</summary>
public enum FanKind
{
    /// <summary>A <c>pwmfan</c> hwmon device, else a <c>pwm-fan</c> cooling device, else none.</summary>
    Auto,

    /// <summary>hwmon <c>pwm1</c> (0–255), with <c>fan1_input</c> RPM when it exists (the Pi 5 fan header).</summary>
    Hwmon,

    /// <summary>A thermal cooling device's <c>cur_state</c> (0..<c>max_state</c>).</summary>
    CoolingDevice,

    /// <summary>An on/off fan on a GPIO pin (Fan SHIM style), through the GPIO sysfs ABI (<c>/sys/class/gpio</c>) under the root.</summary>
    Gpio,

    /// <summary>A hardware PWM channel (<c>/sys/class/pwm/pwmchipN</c>), through the PWM sysfs ABI under the root.</summary>
    Pwm,

    /// <summary>No fan: temperature, throttling and firmware flags only.</summary>
    None,
}
