using System.Device.Gpio;

namespace PiTune.Linux.Tests.Fan;

/// <summary>A GPIO driver with pins in memory: System.Device.Gpio's own seam, so the real GpioController runs on top.</summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly Dictionary<int, PinMode> _modes = [];

    public List<(int Pin, PinValue Value)> Writes { get; } = [];

    public HashSet<int> OpenPins { get; } = [];

    public bool Disposed { get; private set; }

    public PinValue ValueOf(int pin) => _values.GetValueOrDefault(pin, PinValue.Low);

    protected override int PinCount => 28;

    protected override void OpenPin(int pinNumber)
    {
        // As libgpiod does for a line the chip does not have.
        if (pinNumber >= PinCount)
        {
            throw new IOException($"Pin {pinNumber} is not available on this chip");
        }

        OpenPins.Add(pinNumber);
    }

    protected override void ClosePin(int pinNumber) => OpenPins.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => _modes.GetValueOrDefault(pinNumber, PinMode.Input);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => ValueOf(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        _values[pinNumber] = value;
        Writes.Add((pinNumber, value));
    }

    protected override void Toggle(int pinNumber) => Write(pinNumber, !ValueOf(pinNumber));

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    public override GpioChipInfo GetChipInfo() => new(0, "fake", "fake gpio", PinCount);
}
