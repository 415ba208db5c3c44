using System.Globalization;

namespace PiTune.Core.Units;

/// <summary>A CPU frequency in kHz, the unit of every cpufreq sysfs attribute.</summary>
public readonly record struct KiloHertz(long Value) : IComparable<KiloHertz>
{
    public double Gigahertz => Value / 1_000_000.0;

    public double Megahertz => Value / 1_000.0;

    public int CompareTo(KiloHertz other) => Value.CompareTo(other.Value);

    public static KiloHertz Min(KiloHertz a, KiloHertz b) => a.Value <= b.Value ? a : b;
    public static KiloHertz Max(KiloHertz a, KiloHertz b) => a.Value >= b.Value ? a : b;

    public static bool operator <(KiloHertz a, KiloHertz b) => a.Value < b.Value;
    public static bool operator >(KiloHertz a, KiloHertz b) => a.Value > b.Value;
    public static bool operator <=(KiloHertz a, KiloHertz b) => a.Value <= b.Value;
    public static bool operator >=(KiloHertz a, KiloHertz b) => a.Value >= b.Value;

    public override string ToString() => Value >= 1_000_000
        ? Gigahertz.ToString("0.0##", CultureInfo.InvariantCulture) + " GHz"
        : Megahertz.ToString("0", CultureInfo.InvariantCulture) + " MHz";
}
