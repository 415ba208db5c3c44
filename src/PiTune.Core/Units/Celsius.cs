using System.Globalization;

namespace PiTune.Core.Units;

/// <summary>A temperature in degrees Celsius. sysfs millidegrees are converted at the boundary and nowhere else.</summary>
public readonly record struct Celsius(double Value) : IComparable<Celsius>
{
    /// <summary>Converts the kernel's thermal unit (millidegrees Celsius) to degrees.</summary>
    public static Celsius FromMilli(long millidegrees) => new(millidegrees / 1000.0);

    /// <summary>The value in the kernel's thermal unit, millidegrees Celsius.</summary>
    public long ToMilli() => (long)Math.Round(Value * 1000.0);

    public int CompareTo(Celsius other) => Value.CompareTo(other.Value);

    public static bool operator <(Celsius a, Celsius b) => a.Value < b.Value;
    public static bool operator >(Celsius a, Celsius b) => a.Value > b.Value;
    public static bool operator <=(Celsius a, Celsius b) => a.Value <= b.Value;
    public static bool operator >=(Celsius a, Celsius b) => a.Value >= b.Value;
    public static Celsius operator +(Celsius a, double delta) => new(a.Value + delta);
    public static Celsius operator -(Celsius a, double delta) => new(a.Value - delta);

    public override string ToString() => Value.ToString("0.0", CultureInfo.InvariantCulture) + " °C";
}
