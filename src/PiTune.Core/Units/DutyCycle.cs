using System.Globalization;

namespace PiTune.Core.Units;

/// <summary>A fan duty cycle as a fraction 0..1; converted to pwm 0–255 or a cooling state at the boundary.</summary>
public readonly record struct DutyCycle : IComparable<DutyCycle>
{
    public DutyCycle(double fraction) => Fraction = Math.Clamp(double.IsNaN(fraction) ? 0 : fraction, 0, 1);

    public double Fraction { get; }

    public double Percent => Fraction * 100.0;

    public static DutyCycle Off => new(0);

    public static DutyCycle Full => new(1);

    public static DutyCycle FromPercent(double percent) => new(percent / 100.0);

    /// <summary>hwmon pwmN is 0–255.</summary>
    public static DutyCycle FromPwm(int pwm) => new(pwm / 255.0);

    public int ToPwm() => (int)Math.Round(Fraction * 255.0);

    public int CompareTo(DutyCycle other) => Fraction.CompareTo(other.Fraction);

    public static bool operator <(DutyCycle a, DutyCycle b) => a.Fraction < b.Fraction;
    public static bool operator >(DutyCycle a, DutyCycle b) => a.Fraction > b.Fraction;
    public static bool operator <=(DutyCycle a, DutyCycle b) => a.Fraction <= b.Fraction;
    public static bool operator >=(DutyCycle a, DutyCycle b) => a.Fraction >= b.Fraction;

    public override string ToString() => Percent.ToString("0", CultureInfo.InvariantCulture) + " %";
}
