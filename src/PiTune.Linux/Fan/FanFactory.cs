using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Tuning;
using PiTune.Linux.Files;

namespace PiTune.Linux.Fan;

/// <summary>Picks and opens the fan <c>Fan:Kind</c> names. Never throws for missing hardware: it says why instead.</summary>
public static class FanFactory
{
    public static FanSelection Create(FanOptions options, IMachine machine, ITuningLedger ledger, ISysFiles files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(files);

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
                return GpioLines.Locate(files, options.GpioPin, out string? noLine) is { } line
                    ? new FanSelection(new GpioFan(files, ledger, options.GpioPin, line, options.GpioActiveLow), null)
                    : new FanSelection(null, noLine);
            case FanKind.Pwm:
                return files.Exists(SysPaths.PwmChip(options.PwmChip) + "/export")
                    ? new FanSelection(new PwmFan(files, ledger, options.PwmChip, options.PwmChannel, options.PwmFrequencyHz), null)
                    : new FanSelection(null, NoPwmChip(files, options.PwmChip));
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

    private static string NoPwmChip(ISysFiles files, int chip)
    {
        IReadOnlyList<string> chips = files.List(SysPaths.PwmChips, "pwmchip*");
        return string.Create(CultureInfo.InvariantCulture, $"no /sys/class/pwm/pwmchip{chip} (found {(chips.Count == 0 ? "none" : string.Join(", ", chips))}); ")
            + "on a Pi 5 a PWM channel on a header pin needs an overlay in /boot/firmware/config.txt, e.g. dtoverlay=pwm,pin=18,func=2 "
            + "(or dtoverlay=pwm-2chan), then a reboot; set Fan:PwmChip and Fan:PwmChannel to what appears (docs/configuration.md#fan)";
    }
}
