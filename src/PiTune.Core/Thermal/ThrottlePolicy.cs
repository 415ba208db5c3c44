using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>
/// Soft throttling ahead of the firmware's. Pure: inputs in, decision and next state out.
/// <list type="bullet">
/// <item>Above the limit: the cap steps down one available frequency per tick (never below the lowest).</item>
/// <item>Below limit − recovery margin: the cap steps back up one frequency per tick; reaching the top lifts it.</item>
/// <item>In between, or without a temperature: the cap holds.</item>
/// </list>
/// Steps come from <c>scaling_available_frequencies</c>, never from an assumed table.
/// </summary>
public static class ThrottlePolicy
{
    public static (ThrottleDecision Decision, ThrottleState Next) Decide(ThrottleInput input, ThrottleState state)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(state);

        if (input.Temperature is not { } t || !double.IsFinite(t.Value))
        {
            return (Hold(input, state), state);
        }

        Celsius? peak = state.State == ThermalState.Normal ? null : state.Peak;
        peak = peak is { } p && p >= t ? p : t;
        IReadOnlyList<KiloHertz> f = input.Frequencies;

        if (t > input.Limit)
        {
            KiloHertz? cap = f.Count == 0 ? null : Below(f, state.Cap ?? f[^1]) ?? f[0];
            bool starts = state.State == ThermalState.Normal;
            DateTimeOffset start = starts ? input.Now : state.EpisodeStart ?? input.Now;
            ThrottleEvent ev = starts ? ThrottleEvent.Throttled : cap != state.Cap ? ThrottleEvent.SteppedDown : ThrottleEvent.None;
            return (new ThrottleDecision(cap, ev, input.Now - start, peak), new ThrottleState(cap, ThermalState.Throttling, start, peak));
        }

        if (t < input.Limit - input.RecoveryMarginC && state.State != ThermalState.Normal)
        {
            TimeSpan duration = input.Now - (state.EpisodeStart ?? input.Now);
            KiloHertz? up = state.Cap is { } c && f.Count > 0 ? Above(f, c) : null;
            if (up is not { } higher || higher >= f[^1])
            {
                return (new ThrottleDecision(null, ThrottleEvent.Recovered, duration, peak), ThrottleState.Initial);
            }

            return (new ThrottleDecision(higher, ThrottleEvent.SteppedUp, duration, peak),
                new ThrottleState(higher, ThermalState.Recovering, state.EpisodeStart, peak));
        }

        ThrottleState held = state with { Peak = state.State == ThermalState.Normal ? null : peak };
        return (Hold(input, held), held);
    }

    private static ThrottleDecision Hold(ThrottleInput input, ThrottleState state) =>
        new(state.Cap, ThrottleEvent.None, state.EpisodeStart is { } s ? input.Now - s : TimeSpan.Zero, state.Peak);

    /// <summary>The highest frequency strictly below <paramref name="current"/>.</summary>
    private static KiloHertz? Below(IReadOnlyList<KiloHertz> frequencies, KiloHertz current)
    {
        for (int i = frequencies.Count - 1; i >= 0; i--)
        {
            if (frequencies[i] < current)
            {
                return frequencies[i];
            }
        }

        return null;
    }

    /// <summary>The lowest frequency strictly above <paramref name="current"/>.</summary>
    private static KiloHertz? Above(IReadOnlyList<KiloHertz> frequencies, KiloHertz current)
    {
        foreach (KiloHertz f in frequencies)
        {
            if (f > current)
            {
                return f;
            }
        }

        return null;
    }
}
