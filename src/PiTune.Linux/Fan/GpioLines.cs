using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Linux.Fan;

/// <summary>
/// Turns a Raspberry Pi header GPIO number into the kernel's sysfs line number: the header controller's
/// <c>gpiochipN/base</c> plus the pin (on a Pi 5 with a 6.6 kernel, RP1's base is 571, so GPIO 18 is <c>gpio589</c>).
/// A machine without what that needs gets a sentence naming what is missing and what to do.
/// </summary>
public static class GpioLines
{
    /// <summary>The labels of the header GPIO controllers: Pi 5 (RP1), Pi 4, and the earlier Pis.</summary>
    public static IReadOnlyList<string> HeaderLabels { get; } = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"];

    /// <summary>The line number, or null and <paramref name="problem"/>.</summary>
    public static int? Locate(ISysFiles files, int pin, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(files);
        problem = null;
        if (!files.Exists(SysPaths.Gpio + "/export"))
        {
            IReadOnlyList<string> chardevs = files.List("dev", "gpiochip*");
            problem = chardevs.Count > 0
                ? $"this kernel has no GPIO sysfs interface (/sys/class/gpio: CONFIG_GPIO_SYSFS is off), only /dev/{chardevs[0]}, which PiTune does not use; "
                    + "drive the fan from a PWM channel instead (Fan:Kind=Pwm with dtoverlay=pwm,pin=18,func=2) or a pwm-fan/gpio-fan overlay (Fan:Kind=Auto)"
                : "no GPIO controller: neither /sys/class/gpio (CONFIG_GPIO_SYSFS) nor /dev/gpiochip* exists (not a Raspberry Pi, or a container without them); "
                    + "use Fan:Kind=Pwm or Fan:Kind=Auto";
            return null;
        }

        var seen = new List<string>();
        foreach (string chip in files.List(SysPaths.Gpio, "gpiochip*"))
        {
            string dir = $"{SysPaths.Gpio}/{chip}";
            ReadResult<string> label = files.ReadText(dir + "/label");
            if (!label.IsOk)
            {
                continue;
            }

            string name = label.Value.Trim();
            seen.Add($"{chip} {name}");
            if (!HeaderLabels.Contains(name))
            {
                continue;
            }

            if (!Number(files, dir + "/base", out int @base) || !Number(files, dir + "/ngpio", out int count))
            {
                problem = $"{dir}/base or ngpio cannot be read";
                return null;
            }

            if (pin >= count)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"Fan:GpioPin {pin} is beyond {name}'s {count} lines (GPIO 0–{count - 1})");
                return null;
            }

            return @base + pin;
        }

        problem = $"no Raspberry Pi header GPIO controller under /sys/class/gpio (looked for {string.Join(", ", HeaderLabels)}; found {(seen.Count == 0 ? "none" : string.Join(", ", seen))})";
        return null;
    }

    private static bool Number(ISysFiles files, string path, out int value)
    {
        value = 0;
        return files.ReadText(path) is { IsOk: true } text
            && int.TryParse(text.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
