using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>
/// Chooses the fan's duty from the temperature. Pure: inputs in, decision and next state out.
/// <list type="bullet">
/// <item>Up: the duty rises to what the curve gives at the temperature.</item>
/// <item>Down with hysteresis: the duty falls only to what the curve gives at temperature + <see cref="FanOptions.HysteresisC"/>,
/// so a temperature wobbling around a point does not move the fan.</item>
/// <item>Minimum times: a duty is held at least <see cref="FanOptions.MinOnTime"/> before it changes again, and a stopped
/// fan stays stopped <see cref="FanOptions.MinOffTime"/> — except that at the curve's last point the fan goes up at once.</item>
/// <item>Spin-up kick: starting from a standstill the fan runs at the kick duty for <see cref="FanOptions.KickDuration"/>.</item>
/// <item>No temperature: at least the safe duty, at once. A failed read never leaves a fan off.</item>
/// </list>
/// </summary>
public static class FanPolicy
{
    // A linear curve would nudge the fan every tick as the temperature creeps; steps under 2 % are inaudible and skipped.
    private const double MinStep = 0.02;

    public static (FanDecision Decision, FanState Next) Decide(
        DateTimeOffset now, Celsius? temperature, FanCurve curve, FanOptions options, FanState state)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);

        DutyCycle level = state.Level;
        TimeSpan held = state.ChangedAt is { } changed ? now - changed : TimeSpan.MaxValue;
        DutyCycle target;
        bool sensorFault = temperature is not { } t || !double.IsFinite(t.Value);
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
                target = held >= wait || temp >= curve.Top ? rising : level;
            }
            else if (falling < level && held >= options.MinOnTime)
            {
                target = falling;
            }

            if (target.Fraction > 0 && level.Fraction > 0 && target.Fraction < 1 && Math.Abs(target.Fraction - level.Fraction) < MinStep)
            {
                target = level;
            }
        }

        DateTimeOffset? changedAt = target != level ? now : state.ChangedAt;
        DateTimeOffset? kickUntil = state.KickUntil;
        if (level.Fraction == 0 && target.Fraction > 0 && options.KickDuration > TimeSpan.Zero)
        {
            kickUntil = now + options.KickDuration;
        }
        else if (target.Fraction == 0 || (kickUntil is { } k && now >= k))
        {
            kickUntil = null;
        }

        FanState next = new(target, changedAt, kickUntil, sensorFault);
        DutyCycle kick = DutyCycle.FromPercent(options.KickDutyPercent);
        if (kickUntil is not null && kick > target)
        {
            return (new FanDecision(kick, FanReason.Kick), next);
        }

        return (new FanDecision(target, sensorFault ? FanReason.SensorFault : FanReason.Curve), next);
    }
}
