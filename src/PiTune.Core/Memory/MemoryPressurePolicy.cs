using System.Globalization;

namespace PiTune.Core.Memory;

/// <summary>
/// Memory pressure with hysteresis. Pure: inputs in, decision and next state out.
/// <list type="bullet">
/// <item>PSI memory <c>some avg10</c> at or above <see cref="MemoryOptions.PressureHighPercent"/> → high at once.</item>
/// <item>High ends only after the reading has stayed below <see cref="MemoryOptions.PressureLowPercent"/> for
/// <see cref="MemoryOptions.PressureReleaseAfter"/>; a reading between the marks holds the state and restarts that wait.</item>
/// <item>Without PSI (kernel without <c>CONFIG_PSI</c>, or <c>psi=0</c>) MemAvailable decides: at or below
/// <see cref="MemoryOptions.AvailableLowPercent"/> of MemTotal is high, at or above
/// <see cref="MemoryOptions.AvailableRecoveredPercent"/> is low.</item>
/// <item>No reading at all holds the state: pressure is never declared over for lack of data.</item>
/// </list>
/// </summary>
public static class MemoryPressurePolicy
{
    public static (MemoryPressureDecision Decision, MemoryPressureTracking Next) Decide(
        MemoryPressureInput input, MemoryOptions options, MemoryPressureTracking state)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);

        (bool high, bool low, string measure) = Read(input, options);
        if (measure.Length == 0)
        {
            return (new MemoryPressureDecision(state.State, PressureTransition.None, "no memory reading"), state);
        }

        if (high)
        {
            return state.State == MemoryPressureState.High
                ? (new MemoryPressureDecision(MemoryPressureState.High, PressureTransition.None, measure), state with { LowSince = null })
                : (new MemoryPressureDecision(MemoryPressureState.High, PressureTransition.Entered, measure), new MemoryPressureTracking(MemoryPressureState.High, null));
        }

        if (state.State != MemoryPressureState.High)
        {
            return (new MemoryPressureDecision(MemoryPressureState.Normal, PressureTransition.None, measure), new MemoryPressureTracking(MemoryPressureState.Normal, null));
        }

        if (!low)
        {
            return (new MemoryPressureDecision(MemoryPressureState.High, PressureTransition.None, measure), state with { LowSince = null });
        }

        DateTimeOffset lowSince = state.LowSince ?? input.Now;
        if (input.Now - lowSince >= options.PressureReleaseAfter)
        {
            return (new MemoryPressureDecision(MemoryPressureState.Normal, PressureTransition.Ended, measure), new MemoryPressureTracking(MemoryPressureState.Normal, null));
        }

        return (new MemoryPressureDecision(MemoryPressureState.High, PressureTransition.None, measure), state with { LowSince = lowSince });
    }

    private static (bool High, bool Low, string Measure) Read(MemoryPressureInput input, MemoryOptions options)
    {
        if (input.PsiSomeAvg10 is { } psi && double.IsFinite(psi))
        {
            bool high = psi >= options.PressureHighPercent;
            bool low = psi < options.PressureLowPercent;
            string relation = high ? $"≥ {F(options.PressureHighPercent)} %" : low ? $"< {F(options.PressureLowPercent)} %" : $"between {F(options.PressureLowPercent)} and {F(options.PressureHighPercent)} %";
            return (high, low, $"PSI memory some avg10 {F(psi)} % {relation}");
        }

        if (input.AvailablePercent is { } available && double.IsFinite(available))
        {
            bool high = available <= options.AvailableLowPercent;
            bool low = available >= options.AvailableRecoveredPercent;
            string relation = high ? $"≤ {F(options.AvailableLowPercent)} %" : low ? $"≥ {F(options.AvailableRecoveredPercent)} %" : $"between {F(options.AvailableLowPercent)} and {F(options.AvailableRecoveredPercent)} %";
            return (high, low, $"MemAvailable {F(available)} % of MemTotal {relation} (no PSI)");
        }

        return (false, false, "");
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
