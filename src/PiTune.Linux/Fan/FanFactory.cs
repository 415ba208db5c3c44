using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Tuning;

namespace PiTune.Linux.Fan;

/// <summary>Picks and opens the fan <c>Fan:Kind</c> names. Never throws for missing hardware: it says why instead.</summary>
public static class FanFactory
{
    public static FanSelection Create(FanOptions options, IMachine machine, ITuningLedger ledger, FanHardware hardware)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(hardware);

        switch (options.Kind)
        {
            case FanKind.None:
                return new FanSelection(null, "Fan:Kind is None");
            case FanKind.Hwmon:
                return machine.FanHwmon is { HasPwm: true } hwmon
                    ? new FanSelection(new HwmonFan(hwmon, ledger), null)
                    : new FanSelection(null, "Fan:Kind is Hwmon but no hwmon device has pwm1");
            case FanKind.CoolingDevice:
                return machine.FanCoolingDevice is { } cooling
                    ? new FanSelection(new CoolingDeviceFan(cooling, ledger), null)
                    : new FanSelection(null, "Fan:Kind is CoolingDevice but there is no pwm-fan cooling device");
            case FanKind.Gpio:
                return Open(() => new GpioFan(hardware.OpenGpio(), options.GpioPin, options.GpioActiveLow), "GPIO controller");
            case FanKind.Pwm:
                string where = string.Create(CultureInfo.InvariantCulture, $"pwmchip{options.PwmChip} channel {options.PwmChannel}");
                return Open(() => new PwmFan(hardware.OpenPwm(options.PwmChip, options.PwmChannel, options.PwmFrequencyHz), where), where);
            default:
                if (machine.FanHwmon is { HasPwm: true } auto)
                {
                    return new FanSelection(new HwmonFan(auto, ledger), null);
                }

                return machine.FanCoolingDevice is { } autoCooling
                    ? new FanSelection(new CoolingDeviceFan(autoCooling, ledger), null)
                    : new FanSelection(null, "no pwmfan hwmon device and no pwm-fan cooling device found");
        }
    }

    private static FanSelection Open(Func<IFan> open, string what)
    {
        try
        {
            return new FanSelection(open(), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // System.Device.Gpio throws a variety of types for "no such chip/line/permission" depending on the driver.
            return new FanSelection(null, $"cannot open the {what}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
