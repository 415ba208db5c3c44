using System.Device.Pwm;
using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Linux.Fan;

/// <summary>
/// A fan on a hardware PWM channel through System.Device.Pwm's <see cref="PwmChannel"/> — on a real Pi
/// <c>/sys/class/pwm/pwmchipN</c>, in tests a fake channel.
/// </summary>
public sealed class PwmFan(PwmChannel channel, string description) : IFan
{
    private readonly PwmChannel _channel = channel ?? throw new ArgumentNullException(nameof(channel));

    public string Description { get; } = description;

    public bool KernelDriven => false;

    public bool HasTachometer => false;

    public WriteResult Prepare() => Try(_channel.Start);

    public WriteResult SetDuty(DutyCycle duty) => Try(() => _channel.DutyCycle = duty.Fraction);

    public DutyCycle Quantize(DutyCycle duty) => duty;

    public ReadResult<int> ReadRpm() => ReadResult<int>.Fail(ReadStatus.Missing, Description, "a PWM channel has no tachometer");

    public void Dispose() => _channel.Dispose();

    private WriteResult Try(Action action)
    {
        try
        {
            action();
            return WriteResult.Ok(Description);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new WriteResult(ex is UnauthorizedAccessException ? ReadStatus.PermissionDenied : ReadStatus.IoError, Description, ex.Message);
        }
    }
}
