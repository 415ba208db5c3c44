using System.Device.Pwm;

namespace PiTune.Linux.Tests.Fan;

/// <summary>A PWM channel in memory: <see cref="PwmChannel"/> is System.Device.Pwm's own abstraction.</summary>
internal sealed class FakePwmChannel : PwmChannel
{
    public override int Frequency { get; set; } = 25_000;

    public override double DutyCycle
    {
        get => Duties.Count > 0 ? Duties[^1] : 0;
        set
        {
            if (value is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Duty cycle must be 0..1.");
            }

            if (FailWrites)
            {
                throw new IOException("EIO from the pwm driver");
            }

            Duties.Add(value);
        }
    }

    public List<double> Duties { get; } = [];

    public bool Running { get; private set; }

    public bool Disposed { get; private set; }

    public bool FailWrites { get; set; }

    public override void Start() => Running = true;

    public override void Stop() => Running = false;

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
