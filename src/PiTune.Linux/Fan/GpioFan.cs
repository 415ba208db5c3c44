using System.Device.Gpio;
using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Linux.Fan;

/// <summary>
/// An on/off fan switched by a GPIO pin (Pimoroni Fan SHIM style), through System.Device.Gpio's controller — on a real
/// Pi its default driver (libgpiod), in tests a fake <see cref="GpioDriver"/>. Any duty above 0 is on.
/// </summary>
public sealed class GpioFan(GpioController controller, int pin, bool activeLow) : IFan
{
    private readonly GpioController _controller = controller ?? throw new ArgumentNullException(nameof(controller));

    public string Description => $"GPIO {pin} (active {(activeLow ? "low" : "high")})";

    public bool KernelDriven => false;

    public bool HasTachometer => false;

    public WriteResult Prepare() => Try(() => _controller.OpenPin(pin, PinMode.Output, Level(on: false)));

    public WriteResult SetDuty(DutyCycle duty) => Try(() => _controller.Write(pin, Level(duty.Fraction > 0)));

    public DutyCycle Quantize(DutyCycle duty) => duty.Fraction > 0 ? DutyCycle.Full : DutyCycle.Off;

    public ReadResult<int> ReadRpm() => ReadResult<int>.Fail(ReadStatus.Missing, Description, "an on/off GPIO fan has no tachometer");

    public void Dispose() => _controller.Dispose();

    private PinValue Level(bool on) => on != activeLow ? PinValue.High : PinValue.Low;

    private WriteResult Try(Action action)
    {
        try
        {
            action();
            return WriteResult.Ok(Description);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            return new WriteResult(ex is UnauthorizedAccessException ? ReadStatus.PermissionDenied : ReadStatus.IoError, Description, ex.Message);
        }
    }
}
