using PiTune.Core.Units;

namespace PiTune.Core.Governor;

/// <summary>
/// Chooses a cpufreq policy's governor and frequency ceiling. Pure: inputs in, decision and next state out.
/// <list type="bullet">
/// <item>Work arrives → the inference governor at once (no grace on the way up: latency matters).</item>
/// <item>No work for <see cref="GovernorOptions.IdleGrace"/> → the idle governor. Every sign of work restarts the
/// grace, so activity flickering on and off switches at most once per grace period.</item>
/// <item>Without a batcher, "work" is CPU usage at or above <see cref="GovernorOptions.CpuActiveThresholdPercent"/>
/// for <see cref="GovernorOptions.CpuActiveTicks"/> ticks in a row.</item>
/// <item><b>Thermal caps come first.</b> The ceiling (<c>scaling_max_freq</c>) is <c>cpuinfo_max_freq</c>, or the
/// thermal job's cap when it holds one — in every mode, inference included. The governor job never raises the
/// ceiling above a published cap; the thermal job never writes the ceiling itself. A cap below
/// <c>cpuinfo_min_freq</c> becomes that minimum, since the kernel clamps to it anyway (and the frequency cannot go lower).</item>
/// </list>
/// </summary>
public static class GovernorPolicy
{
    /// <summary>Tried in this order when the configured idle governor is not offered by the kernel.</summary>
    public static readonly IReadOnlyList<string> IdleFallbacks = [GovernorNames.Ondemand, GovernorNames.Schedutil, GovernorNames.Powersave];

    public static (GovernorDecision Decision, GovernorState Next) Decide(GovernorInput input, GovernorOptions options, GovernorState state)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);

        int busyTicks = state.BusyTicks;
        bool active;
        if (input.InferenceActive is { } signal)
        {
            active = signal;
        }
        else
        {
            if (input.CpuUsagePercent is { } cpu)
            {
                busyTicks = cpu >= options.CpuActiveThresholdPercent ? busyTicks + 1 : 0;
            }

            active = busyTicks >= Math.Max(1, options.CpuActiveTicks);
        }

        DateTimeOffset? lastActive = active ? input.Now : state.LastActiveAt;
        GovernorMode mode = active
            ? GovernorMode.Inference
            : state.Mode == GovernorMode.Inference && lastActive is { } last && input.Now - last < options.IdleGrace
                ? GovernorMode.Inference
                : GovernorMode.Idle;

        KiloHertz ceiling = input.ThermalCap is { } cap ? KiloHertz.Min(cap, input.CpuInfoMax) : input.CpuInfoMax;
        if (input.CpuInfoMin is { } floor && ceiling < floor)
        {
            ceiling = floor;
        }

        (string? governor, string? problem) = mode == GovernorMode.Inference
            ? Pick(input.AvailableGovernors, options.Inference, [])
            : Pick(input.AvailableGovernors, options.Idle, IdleFallbacks);

        DateTimeOffset? lastSwitch = mode != state.Mode ? input.Now : state.LastSwitchAt;
        return (new GovernorDecision(mode, governor, ceiling, problem), new GovernorState(mode, lastActive, lastSwitch, busyTicks));
    }

    private static (string? Governor, string? Problem) Pick(IReadOnlyList<string> available, string wanted, IReadOnlyList<string> fallbacks)
    {
        if (available.Contains(wanted, StringComparer.Ordinal))
        {
            return (wanted, null);
        }

        foreach (string fallback in fallbacks)
        {
            if (available.Contains(fallback, StringComparer.Ordinal))
            {
                return (fallback, $"governor \"{wanted}\" is not offered by this kernel (scaling_available_governors: {string.Join(' ', available)}); using \"{fallback}\"");
            }
        }

        return (null, $"governor \"{wanted}\" is not offered by this kernel (scaling_available_governors: {string.Join(' ', available)}) and no fallback is; leaving the governor as it is");
    }
}
