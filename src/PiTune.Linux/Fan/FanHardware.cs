using System.Device.Gpio;
using System.Device.Pwm;

namespace PiTune.Linux.Fan;

/// <summary>How GPIO controllers and PWM channels are opened: the real ones on a Pi, fakes in tests.</summary>
/// <param name="OpenGpio">Opens a GPIO controller.</param>
/// <param name="OpenPwm">Opens a PWM channel: chip, channel, frequency in Hz.</param>
public sealed record FanHardware(Func<GpioController> OpenGpio, Func<int, int, int, PwmChannel> OpenPwm)
{
    /// <summary>The default GPIO controller (libgpiod on a Pi 5) and the sysfs PWM channel.</summary>
    public static FanHardware Default { get; } = new(
        () => new GpioController(),
        (chip, channel, frequency) => PwmChannel.Create(chip, channel, frequency, 0));
}
