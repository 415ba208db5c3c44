using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>
/// Chooses the fan's duty from the temperature. Pure: inputs in, decision and next state out.
/// <list type="bullet">
/// <item>Up: the duty rises to what the curve gives at the temperature — or, after the chip has been warming for 90 s
/// (and unless the duty came down in the last 10 minutes: a bursty load), at where the temperature will be
/// <see cref="FanOptions.RiseLookahead"/> from now, so a sustained new load takes the fan to its level in one step. Only a
/// reading that crosses a point moves the fan: the projection chooses how far, never when.</item>
/// <item>Down with hysteresis: the duty falls only to what the curve gives at temperature + <see cref="FanOptions.HysteresisC"/>,
/// so a temperature wobbling around a point does not move the fan.</item>
/// <item>Spin-down delay: the temperature must stay that low for <see cref="FanOptions.SpinDownDelay"/> before the duty
/// comes down, and it then goes straight to the curve's duty of that moment: a cooling chip passes through the levels
/// in between, and a short pause in the load leaves the fan alone.</item>
/// <item>Minimum times: a duty is held at least <see cref="FanOptions.MinOnTime"/> before it changes again, and a stopped
/// fan stays stopped <see cref="FanOptions.MinOffTime"/> — except that at the curve's last point the fan goes up at once.</item>
/// <item>Spin-up kick: a fan starting from a standstill runs at the kick duty for <see cref="FanOptions.KickDuration"/>,
/// by default only when its tachometer shows no rotation <see cref="FanOptions.SpinUpTime"/> after the start.</item>
/// <item>No temperature: at least the safe duty, at once. A failed read never leaves a fan off.</item>
/// </list>
/// </summary>
public static class FanPolicy
{
    // A linear curve would nudge the fan every tick as the temperature creeps; steps under 2 % are inaudible and skipped.
    private const double MinStep = 0.02;

    // Above 0.6 °C a minute the chip counts as warming. A load's climb on a Pi 5 runs at 3–7 °C a minute; a steady reading
    // that jitters by a degree reads about ±0.01 °C/s, so there the warming keeps restarting and nothing is projected.
    private const double WarmingPerSecond = 0.01;

    // A fan that came down within this long is riding bursts of load.
    private static readonly TimeSpan BurstMemory = TimeSpan.FromMinutes(10);

    // A climb shorter than this may be one request burst, which ends before its climb would: the curve alone then.
    private static readonly TimeSpan ClimbBeforeProjecting = TimeSpan.FromSeconds(90);

    /// <summary>A decision for a fan without a tachometer (every start is kicked, unless kicks are off).</summary>
    public static (FanDecision Decision, FanState Next) Decide(
        DateTimeOffset now, Celsius? temperature, FanCurve curve, FanOptions options, FanState state) =>
        Decide(now, temperature, rpm: null, curve, options, state);

    /// <summary>A decision for one tick.</summary>
    /// <param name="rpm">The tachometer's reading this tick; null when the fan has none or it could not be read.</param>
    public static (FanDecision Decision, FanState Next) Decide(
        DateTimeOffset now, Celsius? temperature, int? rpm, FanCurve curve, FanOptions options, FanState state)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);

        DutyCycle level = state.Level;
        TimeSpan held = state.ChangedAt is { } changed ? now - changed : TimeSpan.MaxValue;
        DateTimeOffset? coolingSince = null;
        DutyCycle target;
        bool sensorFault = temperature is not { } t || !double.IsFinite(t.Value);
        TemperatureTrend? trend = sensorFault ? state.Trend : TemperatureTrend.Next(state.Trend, temperature!.Value.Value, now);
        DateTimeOffset? warmingSince = trend is { SlopePerSecond: > WarmingPerSecond } ? state.WarmingSince ?? now : null;
        if (sensorFault)
        {
            DutyCycle safe = DutyCycle.FromPercent(options.SafeDutyPercent);
            target = level > safe ? level : safe;
        }
        else
        {
            Celsius temp = temperature!.Value;
            DutyCycle rising = curve.DutyAt(temp);
            DutyCycle falling = curve.DutyAt(temp + options.HysteresisC);
            target = level;
            if (rising > level)
            {
                // Up waits its turn too (so the duty changes at most once per minimum time), except at the curve's top.
                TimeSpan wait = level.Fraction > 0 ? options.MinOnTime : options.MinOffTime;
                // Projected only for a climb that has lasted (a short burst ends before its climb would) and while the
                // fan has not come down lately (it is riding bursts): there the curve at the temperature holds it steadier.
                bool project = (state.CameDownAt is not { } down || now - down >= BurstMemory)
                    && warmingSince is { } w && now - w >= ClimbBeforeProjecting;
                DutyCycle ahead = project ? Ahead(curve, temp, trend!.Value, options) : rising;
                target = held >= wait || temp >= curve.Top ? Max(rising, ahead) : level;
            }
            else if (falling < level)
            {
                // A reading back above the point restarts the wait: the chip has to have stayed cool, not passed by once.
                // The safe duty was no thermal need, so once the temperature is back it is left after the minimum time only.
                coolingSince = state.CoolingSince ?? now;
                TimeSpan delay = state.SafeDutyHeld ? TimeSpan.Zero : options.SpinDownDelay;
                if (held >= options.MinOnTime && now - coolingSince >= delay)
                {
                    target = falling;
                }
            }

            if (target.Fraction > 0 && level.Fraction > 0 && target.Fraction < 1 && Math.Abs(target.Fraction - level.Fraction) < MinStep)
            {
                target = level;
            }
        }

        if (target != level)
        {
            coolingSince = null;
        }

        (DateTimeOffset? kickUntil, DateTimeOffset? spinningUpSince) = Kick(now, rpm, level, target, options, state);
        FanState next = new(target, target != level ? now : state.ChangedAt, kickUntil, sensorFault)
        {
            CoolingSince = coolingSince,
            Trend = trend,
            CameDownAt = target < level ? now : state.CameDownAt,
            WarmingSince = warmingSince,
            SpinningUpSince = spinningUpSince,
            SafeDutyHeld = sensorFault ? state.SafeDutyHeld || target != level : state.SafeDutyHeld && target == level,
        };
        DutyCycle kick = DutyCycle.FromPercent(options.KickDutyPercent);
        if (kickUntil is not null && kick > target)
        {
            return (new FanDecision(kick, FanReason.Kick), next);
        }

        return (new FanDecision(target, sensorFault ? FanReason.SensorFault : FanReason.Curve), next);
    }

    /// <summary>The curve's duty where the temperature is heading <see cref="FanOptions.RiseLookahead"/> ahead (never below it now).</summary>
    private static DutyCycle Ahead(FanCurve curve, Celsius temp, TemperatureTrend trend, FanOptions options)
    {
        double rise = Math.Max(0, trend.SlopePerSecond) * options.RiseLookahead.TotalSeconds;
        return curve.DutyAt(temp + rise);
    }

    private static DutyCycle Max(DutyCycle a, DutyCycle b) => a > b ? a : b;

    private static (DateTimeOffset? KickUntil, DateTimeOffset? SpinningUpSince) Kick(
        DateTimeOffset now, int? rpm, DutyCycle level, DutyCycle target, FanOptions options, FanState state)
    {
        if (target.Fraction == 0 || options.KickDuration <= TimeSpan.Zero)
        {
            return (null, null);
        }

        if (level.Fraction == 0)
        {
            // A start. Without a tachometer nothing tells a stalled start from a good one, so every start is kicked.
            return options.KickWhen == KickCondition.Always || rpm is null ? (now + options.KickDuration, null) : (null, now);
        }

        DateTimeOffset? kickUntil = state.KickUntil is { } k && now < k ? k : null;
        if (state.SpinningUpSince is not { } since)
        {
            return (kickUntil, null);
        }

        if (now - since < options.SpinUpTime)
        {
            return (kickUntil, since);
        }

        // One look, one kick at most: a fan that still stands after it is the failure detector's business.
        return rpm is > 0 ? (kickUntil, null) : (now + options.KickDuration, null);
    }
}
