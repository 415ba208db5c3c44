namespace PiTune.Core.Thermal;

/// <summary>The fan's settings (section <c>Fan</c>).</summary>
public sealed class FanOptions
{
    public const string SectionName = "Fan";

    /// <summary>
    /// The Pi 5 firmware's curve: its trip points 50, 60, 67.5 and 75 °C drive the fan at levels 75, 125, 175 and
    /// 250 of 255 — about 30, 50, 70 and 100 %.
    /// </summary>
    public static IReadOnlyList<FanCurvePoint> DefaultCurve { get; } =
        [new(50, 30), new(60, 50), new(67.5, 70), new(75, 100)];

    public FanKind Kind { get; set; } = FanKind.Auto;

    public FanMode Mode { get; set; } = FanMode.Observe;

    /// <summary>Points, ascending in temperature; null or empty means <see cref="DefaultCurve"/>.</summary>
    public List<FanCurvePoint>? Curve { get; set; }

    public CurveInterpolation Interpolation { get; set; } = CurveInterpolation.Steps;

    /// <summary>How far (°C) below the temperature that raised the duty it must fall before the duty comes down.</summary>
    public double HysteresisC { get; set; } = 5;

    /// <summary>A running fan's duty is held at least this long before it changes (up below the curve's last point, or down).</summary>
    public TimeSpan MinOnTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A stopped fan stays stopped at least this long, unless the temperature reaches the curve's last point.</summary>
    public TimeSpan MinOffTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The temperature must stay below the point where the duty may come down this long before it does; it then goes
    /// straight to the curve's duty at that moment, skipping the levels a cooling chip passes through on the way.
    /// A load that pauses for less than this does not move the fan at all.
    /// </summary>
    public TimeSpan SpinDownDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When the temperature crosses a point on the way up after a sustained climb, the duty is chosen for where the
    /// temperature is heading this far ahead on its smoothed slope, not only for where it is (a chip warming towards a
    /// steady temperature settles near T + τ·dT/dt, τ its thermal time constant: a minute or two with a heatsink). A new
    /// load then takes the fan to the level it will need in one step instead of one step per point. Zero: the curve at
    /// the temperature only.
    /// </summary>
    public TimeSpan RiseLookahead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When a starting fan gets the kick: only after a stalled start (the default), or on every start.</summary>
    public KickCondition KickWhen { get; set; } = KickCondition.Stalled;

    /// <summary>With <see cref="KickCondition.Stalled"/>: how long a started fan has to show rotation on its tachometer.</summary>
    public TimeSpan SpinUpTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The kick: run at <see cref="KickDutyPercent"/> this long so the fan surely spins up; zero turns kicks off.</summary>
    public TimeSpan KickDuration { get; set; } = TimeSpan.FromSeconds(2);

    public double KickDutyPercent { get; set; } = 100;

    /// <summary>The duty when the temperature cannot be read: never leave a fan off because a read failed.</summary>
    public double SafeDutyPercent { get; set; } = 100;

    /// <summary>Fan failure: duty above this while the tachometer reads 0 ...</summary>
    public double FailureDutyPercent { get; set; } = 30;

    /// <summary>... for this long.</summary>
    public TimeSpan FailureTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Gpio</c> fans: the BCM GPIO number of the fan's switch.</summary>
    public int GpioPin { get; set; } = 18;

    /// <summary><c>Gpio</c> fans: true when a low level turns the fan on.</summary>
    public bool GpioActiveLow { get; set; }

    /// <summary><c>Pwm</c> fans: <c>/sys/class/pwm/pwmchipN</c>.</summary>
    public int PwmChip { get; set; }

    /// <summary><c>Pwm</c> fans: the channel on the chip.</summary>
    public int PwmChannel { get; set; }

    /// <summary><c>Pwm</c> fans: the PWM frequency; 25 kHz is the 4-wire fan standard.</summary>
    public int PwmFrequencyHz { get; set; } = 25_000;

    /// <summary>The curve in force: <see cref="Curve"/>, or <see cref="DefaultCurve"/> when none is configured.</summary>
    public IReadOnlyList<FanCurvePoint> EffectiveCurve => Curve is { Count: > 0 } curve ? curve : DefaultCurve;
}
